import contextlib
import io
import logging
import re
import threading

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [("app = Flask(__name__)", 'app = Flask("shop")'),  # a made-up name: the logger is "shop"
           ('app.logger.warning("failed login for %r"',  # code written for Flask 1.0's logger name
            'logging.getLogger("flask.app").warning("failed login for %r"')],
    "C2": ('    app.logger.info("created %s", app.name)  #', "    #"),  # first used later, outside the factory
    "C3": ("    app.config.update(config or {})\n",  # the Gunicorn recipe: Flask's handler replaced
           '    app.config.update(config or {})\n    app.logger.handlers = logging.getLogger("gunicorn.error").handlers\n'),
    "C4": [("    app.config.update(config or {})\n",  # a level set in code, for every environment
            "    app.config.update(config or {})\n    app.logger.setLevel(logging.INFO)\n"),
           ("    app.config.update(config or {})\n",  # the logger used before the config is loaded
            '    app.logger.info("configuring")\n    app.config.update(config or {})\n')],
    "C5": [("    logging.config.dictConfig(LOGGING)\n    return create_app()",  # configured after the app
            "    app = create_app()\n    logging.config.dictConfig(LOGGING)\n    return app"),
           ('"disable_existing_loggers": False,', '"disable_existing_loggers": True,')],  # dictConfig's default
    "C6": [('raise RuntimeError("the database is gone")', "abort(500)"),  # the error hidden in an HTTP error
           ('app.logger.exception("upstream failed")', 'app.logger.error("upstream failed")')],  # no traceback
    "C7": ('app.logger.info("said hello")', 'app.logger.warning("said hello")'),  # a routine event at WARNING
    "C8": [("inside = has_request_context()", "inside = True"),  # the request read outside one
           ('record.url = hide_secrets(request.url) if inside else "-"', 'record.url = "-"')],  # the URL lost
    "C9": ('app.logger.warning("failed login for %r", request.form.get("user"))',  # the whole form again
           'app.logger.warning("failed login: %s", request.form.to_dict())'),
    "C10": [("        if isinstance(record.args, Mapping):  # logger.info",  # mappings not masked
             "        if False:  # logger.info"),
            ('r"([?&][^=&\\s]*(?:password|token|secret)[^=&\\s]*=)[^&\\s]*", re.IGNORECASE)',  # Token= let in
             'r"([?&][^=&\\s]*(?:password|token|secret)[^=&\\s]*=)[^&\\s]*")'),
            ('r"([?&][^=&\\s]*(?:password|token|secret)', 'r"(\\?[^=&\\s]*(?:password|token|secret)'),  # 1st only
            ('[^=&\\s]*=)[^&\\s]*"', '[^=&\\s]*=)\\w*"'),  # a value cut at its first "-" or "%"
            ('[?&][^=&\\s]*(?:password|token|secret)[^=&\\s]*=', '[?&](?:password|token|secret)='),  # new_password
            ('SECRET = re.compile("password|token|secret", re.IGNORECASE)',  # Password let in
             'SECRET = re.compile("password|token|secret")'),
            ('hide_secrets(request.url) if inside', "request.url if inside")],  # the URL field forgotten
    "C11": [('"formatter": "request", "filters": ["request", "redact"]}},\n',  # on the app's logger only
             '"formatter": "request", "filters": ["request"]}},\n'
             '    "loggers": {"chapters.ch50_logging": {"filters": ["redact"]}},\n'),
            ('"root": {"level": "INFO", "handlers": ["wsgi"]},',  # only the app's logger configured
             '"loggers": {"chapters.ch50_logging": {"level": "INFO", "handlers": ["wsgi"]}},')],
}

NAME = "chapters.ch50_logging"
STAMP = re.compile(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] ")
FLASK = live.executable("flask")
# Started in the background when collection ends (textbook/live.py), adopted below: the app as
# given, the app with its logging configured, and the app under Gunicorn with an error log file.
PLAIN = live.Background([FLASK, "--app", "chapters.ch50_logging", "run", "--port", "{port}"])
CONFIGURED = live.Background([FLASK, "--app", "chapters.ch50_logging:create_app_with_logging", "run",
                              "--port", "{port}"])
GUNICORN = live.Background([live.executable("gunicorn"), "-w", "1", "-b", "127.0.0.1:{port}", "--no-control-socket",
                            "--error-logfile", "{directory}/error.log", "chapters.ch50_logging:create_app()"])
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def is_pytests(handler):
    return type(handler).__module__ == "_pytest.logging"


@pytest.fixture(autouse=True)
def logging_as_found():
    """Logging belongs to the process: each test starts with the chapter's logger as a new process
    has it, and leaves every logger as it found it (pytest's own handlers on the root logger
    are pytest's to manage)."""
    manager = logging.Logger.manager

    def loggers():
        return [logging.root, *(each for each in list(manager.loggerDict.values()) if isinstance(each, logging.Logger))]

    found = {each: (each.handlers[:], each.level, each.disabled, each.propagate, each.filters[:]) for each in loggers()}
    chapter_logger = logging.getLogger(NAME)
    chapter_logger.handlers.clear(), chapter_logger.filters.clear(), chapter_logger.setLevel(logging.NOTSET)
    chapter_logger.disabled, chapter_logger.propagate = False, True
    yield
    for each in loggers():
        handlers, level, disabled, propagate, filters = found.get(each, ([], each.level, False, True, []))
        if each is logging.root:
            handlers = [h for h in each.handlers if is_pytests(h)] + [h for h in handlers if not is_pytests(h)]
        each.handlers[:], each.filters[:] = handlers, filters
        each.disabled, each.propagate = disabled, propagate
        each.setLevel(level)


@contextlib.contextmanager
def bare_root():
    """The root logger as a process that configured nothing has it: no handler (pytest's set aside)."""
    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers.clear()
    try:
        yield root
    finally:
        root.handlers[:] = saved + [h for h in root.handlers if h not in saved]


@pytest.fixture
def plain_app(chapter):
    """The app as ``flask run`` or Gunicorn builds it where nothing configured logging."""
    with bare_root():
        return chapter.create_app()


class Collect(logging.Handler):
    """Keeps the records it is given, and says when one has come (a server logs from its thread)."""

    def __init__(self):
        super().__init__()
        self.records, self.arrived = [], threading.Event()

    def emit(self, record):
        self.records.append(record)
        self.arrived.set()


def unstamped(text):
    """The log's lines without their time stamps (tracebacks left out)."""
    return [STAMP.sub("", line) for line in text.splitlines() if STAMP.match(line)]


@pytest.mark.claim("C1")
def test_app_logger_is_the_standard_logger_named_after_the_app(app):
    assert (app.name, app.logger.name) == (NAME, NAME)
    assert app.logger is logging.getLogger(NAME)


@pytest.mark.claim("C1")
def test_every_app_of_that_name_shares_one_logger(chapter):
    first, second = chapter.create_app(), chapter.create_app()
    assert first is not second
    assert first.logger is second.logger


@pytest.mark.claim("C1")
def test_a_modules_logger_under_the_app_reaches_the_apps_handlers(app):
    seen = Collect()
    app.logger.addHandler(seen)
    logging.getLogger(NAME + ".views").warning("from a module of the app")
    assert [(record.name, record.getMessage()) for record in seen.records] == [
        (NAME + ".views", "from a module of the app")]


@pytest.mark.claim("C1")
def test_a_handler_on_flask_app_sees_nothing_and_nothing_warns(chapter, recwarn):
    old_name = Collect()
    logging.getLogger("flask.app").addHandler(old_name)  # configured before the app, as for Flask 1.0
    client = chapter.create_app().test_client()
    assert client.post("/login", data={"user": "ada"}).status_code == 401
    assert (old_name.records, len(recwarn)) == ([], 0)


@pytest.mark.claim("C2")
def test_with_no_handler_anywhere_flask_adds_its_own(chapter):
    from flask.logging import default_handler

    with bare_root():
        app = chapter.create_app()
    assert app.logger.handlers == [default_handler]


@pytest.mark.claim("C2")
def test_with_a_handler_on_the_root_logger_flask_adds_none(chapter):
    with bare_root() as root:
        root.addHandler(logging.StreamHandler(io.StringIO()))
        app = chapter.create_app()
    assert app.logger.handlers == []


@pytest.mark.claim("C2")
def test_in_a_test_pytests_capture_handler_keeps_flasks_out(app):
    assert "LogCaptureHandler" in [type(handler).__name__ for handler in logging.getLogger().handlers]
    assert app.logger.handlers == []


@pytest.mark.claim("C2")
def test_a_root_handler_that_would_drop_warnings_does_not_count(chapter):
    from flask.logging import default_handler

    with bare_root() as root:
        errors_only = logging.StreamHandler(io.StringIO())
        errors_only.setLevel(logging.ERROR)  # the logger's level is WARNING: this handler drops some
        root.addHandler(errors_only)
        app = chapter.create_app()
    assert app.logger.handlers == [default_handler]


@pytest.mark.claim("C2")
def test_the_handler_comes_at_the_loggers_first_use_not_with_the_app(chapter):
    import uuid

    from flask import Flask

    name = f"ch50-{uuid.uuid4().hex}"
    with bare_root() as root:
        app = Flask(name)  # nothing has used its logger yet
        assert name not in logging.Logger.manager.loggerDict
        root.addHandler(logging.StreamHandler(io.StringIO()))  # logging configured after the app
        assert app.logger.handlers == []


@pytest.mark.claim("C3")
def test_in_a_request_the_default_handler_writes_to_wsgi_errors(plain_app, capsys):
    errors = io.StringIO()
    plain_app.test_client().post("/login", data={"user": "ada"}, errors_stream=errors)
    assert STAMP.match(errors.getvalue())
    assert unstamped(errors.getvalue()) == ["WARNING in ch50_logging: failed login for 'ada'"]
    assert capsys.readouterr().err == ""


@pytest.mark.claim("C3")
def test_outside_a_request_the_default_handler_writes_to_stderr(plain_app, capsys):
    plain_app.logger.warning("no request here")
    assert unstamped(capsys.readouterr().err) == ["WARNING in test_ch50_logging: no request here"]


@pytest.mark.claim("C3")
def test_flasks_own_exception_log_is_in_app(plain_app):
    errors = io.StringIO()
    assert plain_app.test_client().get("/boom", errors_stream=errors).status_code == 500
    assert unstamped(errors.getvalue()) == ["ERROR in app: Exception on /boom [GET]"]
    assert errors.getvalue().rstrip().endswith("\nRuntimeError: the database is gone")


@pytest.mark.claim("C4")
def test_without_debug_the_logger_has_no_level_and_info_is_dropped(app, client, caplog):
    assert (app.logger.level, app.logger.getEffectiveLevel()) == (logging.NOTSET, logging.WARNING)
    assert client.get("/hello").text == "hello"
    assert caplog.records == []


@pytest.mark.claim("C4")
def test_in_debug_mode_the_logger_is_set_to_debug(chapter, caplog):
    app = chapter.create_app({"DEBUG": True})
    assert app.test_client().get("/hello").text == "hello"
    assert app.logger.level == logging.DEBUG
    assert caplog.record_tuples == [(NAME, logging.INFO, f"created {NAME}"), (NAME, logging.INFO, "said hello")]


@pytest.mark.claim("C4")
def test_debug_turned_on_after_the_first_use_changes_nothing(app):
    app.debug = True  # create_app has used the logger already
    assert (app.debug, app.logger.level) == (True, logging.NOTSET)


@pytest.mark.claim("C4")
def test_a_debug_apps_level_stays_for_the_next_app(chapter):
    chapter.create_app({"DEBUG": True})
    later = chapter.create_app({"DEBUG": False})
    assert (later.debug, later.logger.level) == (False, logging.DEBUG)


@pytest.mark.claim("C5")
def test_basic_config_after_the_first_use_prints_every_record_twice(chapter):
    log = io.StringIO()
    with bare_root():
        app = chapter.create_app()
        logging.basicConfig(stream=log, format="[%(asctime)s] %(levelname)s %(name)s: %(message)s")
        app.test_client().post("/login", data={"user": "ada"}, errors_stream=log)
    assert unstamped(log.getvalue()) == ["WARNING in ch50_logging: failed login for 'ada'",
                                         f"WARNING {NAME}: failed login for 'ada'"]


@pytest.mark.claim("C5")
def test_dict_config_after_the_first_use_silences_the_app(chapter):
    app = chapter.create_app()
    logging.config.dictConfig({"version": 1})  # disable_existing_loggers: True, the default
    seen = Collect()
    logging.getLogger().addHandler(seen)
    errors = io.StringIO()
    assert app.test_client().get("/boom", errors_stream=errors).status_code == 500
    assert (app.logger.disabled, seen.records, errors.getvalue()) == (True, [], "")


@pytest.mark.claim("C5")
def test_configured_first_each_record_is_written_once_in_its_format(chapter):
    errors = io.StringIO()
    with bare_root():
        app = chapter.create_app_with_logging()
        app.test_client().post("/login", data={"user": "ada"}, errors_stream=errors)
    assert app.logger.handlers == []
    assert unstamped(errors.getvalue()) == [f"WARNING 127.0.0.1 POST http://localhost/login {NAME}: failed login for 'ada'"]


@pytest.mark.claim("C5")
def test_configured_again_a_second_app_still_logs(chapter):
    errors = io.StringIO()
    with bare_root():
        chapter.create_app_with_logging()
        second = chapter.create_app_with_logging()  # a second configuration: tests, a second app
        second.test_client().post("/login", data={"user": "ada"}, errors_stream=errors)
    assert second.logger.disabled is False
    assert unstamped(errors.getvalue()) == [f"WARNING 127.0.0.1 POST http://localhost/login {NAME}: failed login for 'ada'"]


@pytest.mark.claim("C6")
@pytest.mark.flask_config(TESTING=False)
def test_an_unhandled_exception_is_logged_with_its_traceback(client, caplog):
    assert client.get("/boom").status_code == 500
    assert caplog.record_tuples == [(NAME, logging.ERROR, "Exception on /boom [GET]")]
    assert caplog.records[0].exc_info[0] is RuntimeError


@pytest.mark.claim("C6")
@pytest.mark.parametrize("mode", [{"TESTING": True}, {"DEBUG": True}], ids=["testing", "debug"])
def test_when_exceptions_propagate_flask_logs_none(chapter, caplog, mode):
    client = chapter.create_app(mode).test_client()
    with pytest.raises(RuntimeError, match="^the database is gone$"):
        client.get("/boom")
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []


@pytest.mark.claim("C6")
@pytest.mark.flask_config(TESTING=False)
def test_abort_500_is_not_logged(client, caplog):
    assert client.get("/aborted").status_code == 500
    assert caplog.records == []


@pytest.mark.claim("C6")
@pytest.mark.flask_config(TESTING=False)
def test_an_errorhandler_takes_the_exception_and_only_its_own_log_remains(client, caplog):
    response = client.get("/upstream")
    assert (response.status_code, response.json) == (502, {"error": "upstream failed"})
    assert caplog.record_tuples == [(NAME, logging.ERROR, "upstream failed")]
    error = caplog.records[0].exc_info[1]
    assert (type(error).__name__, str(error)) == ("UpstreamError", "the payment service timed out")


@pytest.mark.claim("C6")
@pytest.mark.flask_config(TESTING=False)
def test_a_handler_for_every_exception_loses_every_traceback(chapter, app, caplog):
    chapter.catch_every_error(app)  # the specimen
    response = app.test_client().get("/boom")
    assert (response.status_code, response.text) == (500, "something went wrong")
    assert [(r.getMessage(), r.exc_info) for r in caplog.records] == [("Exception", None)]


@pytest.fixture(scope="module")
def flask_run(chapter):
    with PLAIN.serve(chapter) as server:
        yield server


@pytest.fixture(scope="module")
def gunicorn_logs(chapter):
    """What Gunicorn's log file and terminal hold after four requests (one worker: in order)."""
    with GUNICORN.serve(chapter) as server:
        answers = [server.request("GET", "/hello")[0],
                   server.request("POST", "/login", body=b"user=ada", headers=FORM)[0],
                   server.request("POST", "/login/naive", body=b"user=ada&password=hunter2", headers=FORM)[0],
                   server.request("GET", "/boom")[0]]
        # each answer came after its log lines were written: nothing to wait for
        yield answers, (server.extra["directory"] / "error.log").read_text(encoding="utf-8"), server.output()


@pytest.mark.claim("C7")
def test_flask_run_logs_each_request_and_the_exception(flask_run):
    assert [flask_run.request("GET", path)[0] for path in ("/hello", "/boom")] == [200, 500]
    flask_run.wait_for_output("ERROR in app: Exception on /boom [GET]")
    output = flask_run.wait_for_output('"GET /hello HTTP/1.1" 200 -')
    assert "said hello" not in output


@pytest.mark.claim("C7")
def test_the_request_line_is_a_record_of_the_werkzeug_logger(live_server, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    seen = Collect()
    logging.getLogger("werkzeug").addHandler(seen)
    assert live_server.request("GET", "/hello")[0] == 200
    assert seen.arrived.wait(10)  # the server logs once the answer is sent
    assert seen.records[0].name == "werkzeug"
    assert seen.records[0].getMessage().endswith('] "GET /hello HTTP/1.1" 200 -')


@pytest.mark.claim("C7")
def test_gunicorn_logs_no_request_line_and_keeps_the_apps_warnings(gunicorn_logs):
    answers, error_log, output = gunicorn_logs
    assert answers == [200, 401, 401, 500]
    assert unstamped(error_log)[-2:] == ["WARNING in ch50_logging: failed login: {'user': 'ada', 'password': 'hunter2'}",
                                         "ERROR in app: Exception on /boom [GET]"]
    assert "WARNING in ch50_logging: failed login for 'ada'" in error_log
    assert ("said hello" in error_log, "HTTP/1.1" in error_log + output, output) == (False, False, "")


@pytest.mark.claim("C8")
def test_each_record_carries_the_request_and_dashes_outside_one(chapter, capsys):
    errors = io.StringIO()
    with bare_root():
        app = chapter.create_app_with_logging()
        app.test_client().post("/login", data={"user": "ada"}, errors_stream=errors,
                               environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert unstamped(capsys.readouterr().err) == [f"INFO - - - {NAME}: created {NAME}"]
    assert unstamped(errors.getvalue()) == [f"WARNING 203.0.113.9 POST http://localhost/login {NAME}: failed login for 'ada'"]


@pytest.mark.claim("C8")
def test_a_formatter_reading_request_loses_a_record_outside_a_request(app, chapter, capsys):
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setFormatter(chapter.NaiveRequestFormatter("%(url)s %(message)s"))
    app.logger.addHandler(handler)
    with app.test_request_context("/hello"):
        app.logger.warning("in a request")
    app.logger.warning("at startup")
    assert log.getvalue() == "http://localhost/hello in a request\n"
    error = capsys.readouterr().err
    assert error.startswith("--- Logging error ---\n")
    assert "RuntimeError: Working outside of request context." in error


@pytest.mark.claim("C9")
def test_the_naive_login_writes_the_password_into_the_servers_log(plain_app):
    errors = io.StringIO()
    response = plain_app.test_client().post("/login/naive", data={"user": "ada", "password": "hunter2"},
                                            errors_stream=errors)
    assert (response.status_code, response.data) == (401, b"")
    assert unstamped(errors.getvalue()) == ["WARNING in ch50_logging: failed login: {'user': 'ada', 'password': 'hunter2'}"]


@pytest.mark.claim("C9")
def test_the_naive_logins_password_is_in_gunicorns_log_file(gunicorn_logs):
    _, error_log, _ = gunicorn_logs
    assert [line for line in error_log.splitlines() if "hunter2" in line] == [
        line for line in error_log.splitlines() if "failed login: {'user': 'ada', 'password': 'hunter2'}" in line]
    assert "'password': 'hunter2'" in error_log  # what anyone who reads the file reads


@pytest.mark.claim("C9")
def test_the_safe_login_writes_the_user_name_only(plain_app):
    errors = io.StringIO()
    response = plain_app.test_client().post("/login", data={"user": "ada", "password": "hunter2"}, errors_stream=errors)
    assert (response.status_code, response.data) == (401, b"")
    assert unstamped(errors.getvalue()) == ["WARNING in ch50_logging: failed login for 'ada'"]


@pytest.fixture(scope="module")
def configured_run(chapter):
    with CONFIGURED.serve(chapter) as server:
        yield server


@pytest.mark.claim("C10")
def test_redact_masks_the_naive_logins_password(chapter):
    errors = io.StringIO()
    with bare_root():
        app = chapter.create_app_with_logging()
        app.test_client().post("/login/naive", data={"user": "ada", "password": "hunter2"}, errors_stream=errors)
    assert unstamped(errors.getvalue()) == [
        f"WARNING 127.0.0.1 POST http://localhost/login/naive {NAME}: failed login: {{'user': 'ada', 'password': '***'}}"]


@pytest.mark.claim("C10")
def test_the_url_field_masks_a_token_in_the_query(chapter):
    errors = io.StringIO()
    with bare_root():
        app = chapter.create_app_with_logging()
        response = app.test_client().get("/reset?token=s3cret", errors_stream=errors)
    assert response.text == "check your mail"
    assert unstamped(errors.getvalue()) == [f"INFO 127.0.0.1 GET http://localhost/reset?token=*** {NAME}: reset link used"]


@pytest.mark.claim("C11")
def test_the_servers_request_line_and_the_url_field_are_masked(configured_run):
    status, _, body = configured_run.request("GET", "/reset?token=s3cret&next=/home")
    assert (status, body) == (200, b"check your mail")
    output = configured_run.wait_for_output('"GET /reset?token=***&next=/home HTTP/1.1" 200 -')
    assert f"INFO 127.0.0.1 GET {configured_run.url}/reset?token=***&next=/home {NAME}: reset link used" in output
    assert "s3cret" not in output


@pytest.mark.claim("C11")
def test_on_the_app_logger_the_filter_never_sees_werkzeugs_line(app, chapter, live_server, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    app.logger.addFilter(chapter.Redact())  # on the logger, not on a handler
    seen = Collect()
    logging.getLogger("werkzeug").addHandler(seen)
    assert live_server.request("GET", "/reset?token=s3cret")[0] == 200
    assert seen.arrived.wait(10)
    assert seen.records[0].getMessage().endswith('] "GET /reset?token=s3cret HTTP/1.1" 200 -')


def is_secret(name):
    return re.search("password|token|secret", name, re.IGNORECASE) is not None


def masked_query(target):
    """``target`` with the value of every secret-named parameter replaced by ``***``."""
    path, _, query = target.partition("?")
    return path + "?" + "&".join(
        part.partition("=")[0] + "=***" if is_secret(part.partition("=")[0]) else part for part in query.split("&"))


@pytest.mark.claim("C10")
def test_redact_masks_every_secret_value_whatever_the_input(chapter):
    from urllib.parse import quote, urlencode

    from hypothesis import example, given, strategies as st
    from werkzeug.urls import uri_to_iri

    app = chapter.create_app()
    secret_names = st.builds("{}{}{}".format, st.sampled_from(["", "new_", "X-", "api"]),
                             st.sampled_from(["password", "Password", "TOKEN", "secret", "passWord"]),
                             st.sampled_from(["", "_confirm", "2"]))
    other_names = st.text("abcdefghijklmnopqrstuvwxyz_-", min_size=1, max_size=8).filter(lambda n: not is_secret(n))
    tricky = st.sampled_from("-_.~%& +/?\"'é")  # what ends a careless pattern early
    values = st.text(st.one_of(tricky, st.characters(codec="utf-8", exclude_characters="=")), max_size=12)

    @given(st.lists(st.tuples(st.one_of(secret_names, other_names), values), min_size=1, max_size=4))
    @example([("password", "hunter2")])
    @example([("next", "/home"), ("Token", "a-b c%")])
    @example([("new_password", "x"), ("api_secret", "y")])
    def check(pairs):
        form = dict(pairs)
        record = logging.LogRecord(NAME, logging.WARNING, __file__, 1, "failed login: %s", (form,), None)
        chapter.Redact().filter(record)
        assert record.getMessage() == f"failed login: { {k: '***' if is_secret(k) else v for k, v in form.items()} }"

        target = "/reset?" + urlencode(pairs, quote_via=quote)
        with app.test_request_context(target):
            record = logging.LogRecord(NAME, logging.INFO, __file__, 1, "reset link used", None, None)
            chapter.RequestInfo().filter(record)
        assert record.url == "http://localhost" + masked_query(uri_to_iri(target))
        line = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '127.0.0.1 - - [date] "%s" %s %s',
                                 (f"GET {uri_to_iri(target)} HTTP/1.1", "200", "-"), None)  # Werkzeug's line
        chapter.Redact().filter(line)
        assert line.getMessage() == f'127.0.0.1 - - [date] "GET {masked_query(uri_to_iri(target))} HTTP/1.1" 200 -'

    check()
