import sys

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("shop = Namespace()",  # blinker's global namespace: any library's "order-placed" is ours
           'shop = __import__("blinker").default_namespace'),
    "C2": ('render_template("index.html", name=',  # an inline template: it has no name
           '__import__("flask").render_template_string(TEMPLATES["index.html"], name='),
    "C3": [("    order_placed.connect(audit_order, app)\n", ""),  # a receiver never connected
           ("    message_flashed.connect(audit_flash, app)\n", "")],
    "C4": ("order_placed.send(app, _async_wrapper", "order_placed.send(current_app, _async_wrapper"),  # the proxy
    "C5": [("_async_wrapper=app.ensure_sync, ", ""),  # an async receiver refused
           ("    order_placed.send(app, _async_wrapper=app.ensure_sync, order=order)\n",  # sent "asynchronously"
            "    __import__('threading').Thread(target=order_placed.send, args=(app,),"
            " kwargs={'_async_wrapper': app.ensure_sync, 'order': order}).start()\n")],
    "C6": ("@app.before_request\n    def maintenance():",  # the check moved into a receiver: ignored
           "@request_started.connect_via(app)\n    def maintenance(sender, **extra):"),
    "C7": ("    order_placed.send(app, _async_wrapper=app.ensure_sync, order=order)\n",  # errors swallowed
           "    try:\n        order_placed.send(app, _async_wrapper=app.ensure_sync, order=order)\n"
           "    except Exception:\n        pass\n"),
    "C8": ("        if not 1 <= order_id <= len(orders):\n            abort(404)\n", ""),  # IndexError: a 500
    "C9": ("request_started.connect(count_request, app)",  # held strongly: it survives create_app
           "request_started.connect(count_request, app, weak=False)"),
}

TEA = {"item": "tea"}
AUDIT_TEA = ["order 1: tea", "flash info: order 1 placed"]
# Flask imported with blinker hidden, in a child interpreter started when collection ends.
BLINKERLESS = live.Background([sys.executable, "-c", "import sys; sys.modules['blinker'] = None; import flask"])


def flashed_yet(app):
    return any(entry.startswith("flash") for entry in app.extensions["audit"])


@pytest.mark.claim("C1")
def test_flask_3_1_requires_blinker_1_9():
    from importlib.metadata import requires, version

    assert "blinker>=1.9.0" in requires("flask") and version("flask").startswith("3.1.")
    assert version("blinker").startswith("1.9.")


@pytest.mark.claim("C1")
def test_flask_does_not_import_without_blinker(chapter):
    status, output = BLINKERLESS.result(chapter)
    assert status == 1
    assert output.endswith("ModuleNotFoundError: import of blinker halted; None in sys.modules\n")


@pytest.mark.claim("C1")
def test_flasks_signals_are_blinkers_and_always_there():
    import blinker
    import flask

    assert type(flask.template_rendered) is blinker.NamedSignal
    assert flask.template_rendered.name == "template-rendered"
    assert not hasattr(flask.signals, "signals_available")  # the fallback flag of Flask < 2.3


@pytest.mark.claim("C1")
def test_the_apps_signal_is_its_own_not_blinkers_global_one(chapter):
    import blinker

    assert type(chapter.order_placed) is blinker.NamedSignal
    assert chapter.order_placed.name == "order-placed"
    assert blinker.signal("order-placed") is not chapter.order_placed


@pytest.mark.claim("C2")
def test_template_rendered_tells_a_test_which_template_and_context(app, client):
    import flask

    rendered = []
    record = lambda sender, template, context, **extra: rendered.append((template.name, context))  # noqa: E731
    with flask.template_rendered.connected_to(record, app):
        client.get("/?name=Ada")
        client.post("/orders", data=TEA)
    assert [(name, context.get("name"), context.get("order")) for name, context in rendered] == [
        ("index.html", "Ada", None), ("order.html", None, {"id": 1, "item": "tea"})]


@pytest.mark.claim("C2")
def test_connected_to_disconnects_when_the_block_ends(app, client):
    import flask

    rendered = []
    with flask.template_rendered.connected_to(lambda sender, **extra: rendered.append(sender), app):
        client.get("/")
    client.get("/")
    assert rendered == [app]


@pytest.mark.claim("C3")
def test_an_order_and_its_flash_reach_the_audit(app, client):
    response = client.post("/orders", data=TEA)
    assert (response.status_code, response.text) == (201, "<p>Order 1: tea</p><p>order 1 placed</p>")
    assert client.get("/audit").json == {"audit": AUDIT_TEA, "counted": 0}


@pytest.mark.claim("C3")
def test_each_order_is_kept_and_audited_under_its_number(app, client):
    client.post("/orders", data={"item": "jam"})
    client.post("/orders")  # no item: tea
    assert [client.get(f"/orders/{n}").text for n in (1, 2)] == ["<p>Order 1: jam</p>", "<p>Order 2: tea</p>"]
    assert app.extensions["audit"][2:] == ["order 2: tea", "flash info: order 2 placed"]


@pytest.mark.claim("C4")
def test_two_apps_from_the_factory_each_hear_their_own_orders(chapter):
    first, second = (chapter.create_app({"TESTING": True, "SECRET_KEY": "k" * 32}) for _ in "12")
    first.test_client().post("/orders", data=TEA)
    second.test_client().post("/orders", data={"item": "jam"})
    assert first.extensions["audit"] == AUDIT_TEA
    assert second.extensions["audit"] == ["order 1: jam", "flash info: order 1 placed"]


@pytest.mark.claim("C4")
def test_the_apps_receivers_are_connected_for_the_app_alone(app, chapter):
    import flask

    for signal in (chapter.order_placed, flask.message_flashed, flask.got_request_exception):
        connected = {chapter.audit_order, chapter.audit_flash, chapter.audit_error}
        assert connected & set(signal.receivers_for(app)) and not connected & set(signal.receivers_for(None))


@pytest.mark.claim("C4")
def test_a_signal_sent_with_the_current_app_proxy_reaches_no_receiver_of_the_app(app, app_ctx, chapter):
    import flask

    order = {"id": 9, "item": "jam"}
    assert (chapter.order_placed.send(flask.current_app, order=order), app.extensions["audit"]) == ([], [])
    chapter.order_placed.send(flask.current_app._get_current_object(), order=order)
    assert app.extensions["audit"] == ["order 9: jam"]


@pytest.mark.claim("C5")
def test_a_receiver_runs_inside_send_in_the_requests_thread(app, client, chapter):
    import threading

    seen = []
    receiver = lambda sender, order, **extra: seen.append((threading.get_ident(), order["id"], flashed_yet(sender)))  # noqa: E731
    with chapter.order_placed.connected_to(receiver, app):
        client.post("/orders", data=TEA)
    assert seen == [(threading.get_ident(), 1, False)]  # before the view went on to flash
    assert flashed_yet(app)


@pytest.mark.claim("C5")
def test_an_async_receiver_is_run_to_completion_before_send_returns(app, client, chapter):
    import asyncio
    import threading

    seen = []

    async def receiver(sender, order, **extra):
        await asyncio.sleep(0)
        seen.append((threading.get_ident() != main, order["id"], flashed_yet(sender)))

    main = threading.get_ident()
    with chapter.order_placed.connected_to(receiver, app):
        assert client.post("/orders", data=TEA).status_code == 201
    assert seen == [(True, 1, False)]  # on asgiref's loop thread, while the request waited


@pytest.mark.claim("C5")
def test_a_custom_signal_sent_without_async_wrapper_refuses_an_async_receiver(app, chapter):
    async def receiver(sender, **extra):
        pass

    with chapter.order_placed.connected_to(receiver, app), \
            pytest.raises(RuntimeError, match="^Cannot send to a coroutine function\\.$"):
        chapter.order_placed.send(app, order={"id": 1, "item": "tea"})


@pytest.mark.claim("C5")
def test_each_signal_is_sent_at_its_fixed_point_in_the_request(app, client):
    import contextlib

    import flask

    events = []
    for hook in ("before_request", "teardown_request", "teardown_appcontext"):
        getattr(app, hook)(lambda *args, hook=hook: events.append(hook))
    app.after_request(lambda response: (events.append("after_request"), response)[1])
    names = ["appcontext_pushed", "request_started", "before_render_template", "template_rendered",
             "request_finished", "request_tearing_down", "appcontext_tearing_down", "appcontext_popped"]
    with contextlib.ExitStack() as stack:
        for name in names:
            stack.enter_context(getattr(flask, name).connected_to(lambda sender, name=name, **extra: events.append(name), app))
        client.get("/")
    assert events == ["appcontext_pushed", "request_started", "before_request", "before_render_template",
                      "template_rendered", "after_request", "request_finished", "teardown_request",
                      "request_tearing_down", "teardown_appcontext", "appcontext_tearing_down", "appcontext_popped"]


@pytest.mark.claim("C6")
@pytest.mark.flask_config(MAINTENANCE=True)
def test_a_before_request_function_answers_in_the_views_place(client):
    response = client.get("/")
    assert (response.status_code, response.text) == (503, "down for maintenance\n")


@pytest.mark.claim("C6")
def test_a_request_started_receivers_answer_is_ignored(app, client):
    import flask

    answer = lambda sender, **extra: ("down for maintenance\n", 503)  # noqa: E731
    with flask.request_started.connected_to(answer, app):
        response = client.get("/")
        assert flask.request_started.send(app) == [(answer, ("down for maintenance\n", 503))]
    assert (response.status_code, response.text) == (200, "<p>Hello world!</p>")


@pytest.mark.claim("C6")
def test_a_request_finished_receiver_can_change_the_response_it_is_handed(app, client):
    import flask

    def stamp(sender, response, **extra):
        response.headers["X-Audited"] = "yes"

    with flask.request_finished.connected_to(stamp, app):
        assert client.get("/").headers["X-Audited"] == "yes"


@pytest.mark.claim("C7")
@pytest.mark.flask_config(TESTING=False)
def test_an_order_receiver_that_raises_fails_the_order(app, client, chapter):
    def broken(sender, **extra):
        raise ValueError("receiver failed")

    with chapter.order_placed.connected_to(broken, app):
        assert client.post("/orders", data=TEA).status_code == 500
    assert "error: ValueError" in app.extensions["audit"] and not flashed_yet(app)


@pytest.mark.claim("C7")
@pytest.mark.flask_config(TESTING=False)
def test_a_request_started_receiver_that_raises_stops_every_view(app, client):
    import flask

    def broken(sender, **extra):
        raise ValueError("receiver failed")

    rendered = []
    with flask.request_started.connected_to(broken, app), \
            flask.template_rendered.connected_to(lambda sender, **extra: rendered.append(sender), app):
        assert client.get("/").status_code == 500
    assert (rendered, app.extensions["audit"]) == ([], ["error: ValueError"])


@pytest.mark.claim("C8")
@pytest.mark.flask_config(TESTING=False)
def test_an_unhandled_exception_is_audited_and_an_abort_is_not(app, client):
    assert client.get("/boom").status_code == 500
    assert client.get("/orders/7").status_code == 404
    assert app.extensions["audit"] == ["error: RuntimeError"]


@pytest.mark.claim("C8")
def test_under_testing_the_exception_is_sent_then_reraised(app, client):
    with pytest.raises(RuntimeError, match="^boom$"):
        client.get("/boom")
    assert app.extensions["audit"] == ["error: RuntimeError"]


@pytest.mark.claim("C9")
def test_a_receiver_defined_in_create_app_is_gone_when_it_returns(client):
    client.get("/")
    client.get("/?name=Ada")
    assert client.get("/audit").json["counted"] == 0


@pytest.mark.claim("C9")
def test_a_lambda_connected_with_connect_is_never_called(app, client):
    import flask

    calls = []
    flask.request_started.connect(lambda sender, **extra: calls.append(sender), app)
    client.get("/")
    assert calls == []


@pytest.mark.claim("C9")
def test_a_receiver_held_strongly_is_called(app, client):
    import flask

    calls = []
    for connect in (lambda fn: flask.request_started.connect(fn, app, weak=False), flask.request_started.connect_via(app)):
        receiver = connect(lambda sender, **extra: calls.append("strong"))
        client.get("/")
        flask.request_started.disconnect(receiver, app)
    with flask.request_started.connected_to(lambda sender, **extra: calls.append("connected_to"), app):
        client.get("/")
    assert calls == ["strong", "strong", "connected_to"]
