import importlib
import json
import secrets
import sys

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)\n",
           "    global APP  # one app, built once and handed out again\n"
           "    app = APP = globals().get(\"APP\") or Flask(__name__, instance_path=instance_path,"
           " instance_relative_config=True)\n"),
    "C2": [('app = Flask(__name__)\n\nfrom . import views  # noqa: E402  (below app: views.py imports it)\n',
            'from flask import current_app as app  # noqa: E402\n'),  # the specimen without its app
           ("    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)\n",
            "    global APP  # the factory hands out one app\n"
            "    app = APP = globals().get(\"APP\") or Flask(__name__, instance_path=instance_path,"
            " instance_relative_config=True)\n")],
    "C3": ('from flask import Blueprint\n\nbp = Blueprint("views", __name__)',  # views reach for the app
           'from flask import Blueprint\n\nfrom . import create_app  # noqa: F401\n\nbp = Blueprint("views", __name__)'),
    "C4": [("app.config.from_mapping(config or {})", "app.config.update(config or {})"),  # a plain dict update
           ("app.config.from_object(CONFIGS[name])", "app.config.update(vars(CONFIGS[name]))")],  # by hand
    "C5": [('os.environ.get("APP_CONFIG", "production")', 'os.environ.get("APP_CONFIG", "development")'),  # debug by default
           ('    if name not in CONFIGS:\n        raise RuntimeError(f"APP_CONFIG={name!r}: choose one of'
            " {', '.join(CONFIGS)}\")\n", ""),  # a typo becomes a KeyError that names no choice
           ('CONFIGS = {"production": Config, "development": DevelopmentConfig,',
            'CONFIGS = {"production": Config, "development": Config,')],  # development runs as production
    "C6": [("instance_path=instance_path, instance_relative_config=True)",  # files read beside the code
            "instance_path=instance_path)"),
           ('    app.config.from_pyfile("config.py", silent=True)\n'  # the layers in the wrong order
            "    # pragma below: mutmut's text=None opens the file in binary too; the tests catch the rest\n"
            '    app.config.from_file("config.toml", load=tomllib.load, text=False, silent=True)  # pragma: no mutate\n',
            '    app.config.from_file("config.toml", load=tomllib.load, text=False, silent=True)\n'
            '    app.config.from_pyfile("config.py", silent=True)\n'),
           ('app.config.from_pyfile("config.py", silent=True)', 'app.config.from_pyfile("config.py")')],  # required
    "C7": ("text=False, silent=True)", "silent=True)"),  # tomllib handed a text file
    "C8": [("app.config.from_prefixed_env()", "app.config.from_prefixed_env(loads=str)"),  # everything text
           ("    app.config.from_prefixed_env()\n", "")],  # the environment not read at all
    "C9": ('    if "FLASK_SECRET_KEY" in os.environ:  # JSON made an all-digit key a number: keep the text\n'
           '        app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]\n', ""),
    "C10": ('raise RuntimeError("no SECRET_KEY: set FLASK_SECRET_KEY; the book keeps no secret in code")',
            'app.config["SECRET_KEY"] = "dev-fallback-key"  # a key for development, "for now"'),
    "C11": ('os.environ.get("APP_CONFIG", "production")', 'os.environ.get("FLASK_ENV", "production")'),
    "C12": [('"debug": app.debug', '"debug": CONFIGS[name].DEBUG'),  # trusts the class, not the app
            ('return f"Debug is {app.config[\'DEBUG\']}"', 'return f"Debug is {DevelopmentConfig.DEBUG}"')],
    "C13": ("    DEBUG = True  # app.run() honours it", "    DEBUG = False  # app.run() honours it"),
    "C14": ("app.config.from_mapping(config or {})",  # the error page pinned on for every run
            "app.config.from_mapping(config or {}, PROPAGATE_EXCEPTIONS=False)"),
}

KEY = secrets.token_hex(32)

# `flask run` for real, with the development class chosen and FLASK_ENV set as old tutorials do.
FLASK_RUN = live.Background([live.executable("flask"), "--app", "chapters.ch34_config", "run", "--port", "{port}"],
                            env={"APP_CONFIG": "development", "FLASK_ENV": "development", "FLASK_SECRET_KEY": KEY})


@pytest.fixture(autouse=True)
def _no_app_config(monkeypatch):
    """APP_CONFIG from the developer's shell must not choose the class for these tests."""
    monkeypatch.delenv("APP_CONFIG", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)


@pytest.fixture(scope="module")
def flask_run(chapter):
    with FLASK_RUN.serve(chapter) as server:
        yield server


@pytest.fixture
def package(tmp_path, monkeypatch):
    """Write a specimen package to a folder and import it, under a name of its own."""
    names = []

    def write_and_import(files):
        name = f"specimen_{len(names)}_{secrets.token_hex(4)}"
        names.append(name)
        (tmp_path / name).mkdir()
        for filename, source in files.items():
            (tmp_path / name / filename).write_text(source, encoding="utf-8")
        monkeypatch.syspath_prepend(str(tmp_path))
        return importlib.import_module(name)

    yield write_and_import
    for module in [m for m in sys.modules if m.split(".")[0] in names]:
        del sys.modules[module]


def run_specimen(source):
    """Run a specimen module's source; its names, as a dict."""
    namespace = {"__name__": "tutorial_app"}
    exec(compile(source, "TUTORIAL_APP", "exec"), namespace)
    return namespace


def forged_session(key, data):
    """A session cookie signed with ``key``, the way Flask signs one: what an attacker can make."""
    from flask import Flask
    from flask.sessions import SecureCookieSessionInterface

    forger = Flask("attacker")
    forger.secret_key = key
    return SecureCookieSessionInterface().get_signing_serializer(forger).dumps(data)


def loaded_by_the_flask_command(make_app):
    """The app as ``flask run`` and ``flask shell`` get it: ScriptInfo.load_app, their loader."""
    from flask.cli import ScriptInfo

    return ScriptInfo(create_app=make_app).load_app()


@pytest.mark.claim("C1")
def test_each_call_builds_a_new_app(chapter):
    from flask import Flask

    first, second = chapter.create_app({"SECRET_KEY": KEY}), chapter.create_app({"SECRET_KEY": KEY})
    first.config["GREETING"] = "changed"
    first.add_url_rule("/extra", "extra", lambda: "extra")
    assert (first is second, second.config["GREETING"], "extra" in second.view_functions) == (False, "hello", False)
    assert [name for name, value in vars(chapter).items() if isinstance(value, Flask)] == []


@pytest.mark.claim("C2")
def test_a_module_level_app_is_shared_and_closes_after_its_first_request(chapter, package):
    shop = package(chapter.MODULE_LEVEL_PACKAGE)
    assert importlib.import_module(shop.__name__).app is shop.app  # every test that imports it
    assert shop.app.test_client().get("/").text == "index"  # one test sends a request...
    with pytest.raises(AssertionError, match="It has already handled its first request"):
        shop.app.add_url_rule("/extra", "extra", lambda: "extra")  # ...a later one adds a route


@pytest.mark.claim("C2")
def test_a_factory_app_accepts_a_route_whatever_other_apps_did(chapter):
    chapter.create_app({"SECRET_KEY": KEY}).test_client().get("/config")  # an earlier test
    app = chapter.create_app({"SECRET_KEY": KEY})
    app.add_url_rule("/extra", "extra", lambda: "extra")
    assert app.test_client().get("/extra").text == "extra"


@pytest.mark.claim("C3")
def test_sorting_the_view_import_to_the_top_makes_it_circular(chapter, package):
    source = chapter.MODULE_LEVEL_PACKAGE["__init__.py"]
    line = next(line for line in source.splitlines() if line.startswith("from . import views"))
    sorted_source = "from . import views\n" + source.replace(line + "\n", "")  # what E402 asks for
    with pytest.raises(ImportError, match=r"^cannot import name 'app' from partially initialized module "
                                          r"'specimen_\w+' \(most likely due to a circular import\)"):
        package({**chapter.MODULE_LEVEL_PACKAGE, "__init__.py": sorted_source})


@pytest.mark.claim("C3")
def test_the_factory_package_has_its_imports_first_and_fresh_apps(chapter, package):
    import ast

    for source in chapter.FACTORY_PACKAGE.values():
        kinds = [isinstance(node, (ast.Import, ast.ImportFrom)) for node in ast.parse(source).body]
        assert kinds == sorted(kinds, reverse=True)  # every import before any other statement
    shop = package(chapter.FACTORY_PACKAGE)
    first, second = shop.create_app(), shop.create_app()
    assert (first is second, first.test_client().get("/").text, second.test_client().get("/").text) == (
        False, "index", "index")


@pytest.mark.claim("C4")
def test_lowercase_names_in_the_instance_files_are_left_out(chapter, tmp_path):
    (tmp_path / "config.py").write_text('greeting = "py"\nMAX_ITEMS = 5\n', encoding="utf-8")
    (tmp_path / "config.toml").write_text('greeting = "toml"\nMIN_ITEMS = 1\n', encoding="utf-8")
    app = chapter.create_app({"SECRET_KEY": KEY}, instance_path=str(tmp_path))
    assert ("greeting" in app.config, app.config["GREETING"]) == (False, "hello")
    assert (app.config["MAX_ITEMS"], app.config["MIN_ITEMS"]) == (5, 1)


@pytest.mark.claim("C4")
def test_only_uppercase_names_are_copied(chapter):
    assert chapter.Config.page_size == 50
    app = chapter.create_app({"SECRET_KEY": KEY, "max_items": 10, "MAX_ITEMS": 20})
    assert ("page_size" in app.config, "PAGE_SIZE" in app.config) == (False, False)
    assert ("max_items" in app.config, app.config["MAX_ITEMS"]) == (False, 20)
    with pytest.raises(RuntimeError, match="^no SECRET_KEY: set FLASK_SECRET_KEY"):
        chapter.create_app({"secret_key": KEY})


PRODUCTION = {"config": "production", "debug": False, "testing": False, "greeting": "hello", "secure_cookie": True}


@pytest.mark.claim("C5")
@pytest.mark.parametrize(("name", "expected"), [
    (None, PRODUCTION),
    ("production", PRODUCTION),
    ("development", {**PRODUCTION, "config": "development", "debug": True, "secure_cookie": False}),
    ("testing", {**PRODUCTION, "config": "testing", "testing": True, "secure_cookie": False}),
])
def test_app_config_chooses_the_class(chapter, monkeypatch, name, expected):
    if name:
        monkeypatch.setenv("APP_CONFIG", name)
    app = chapter.create_app({"SECRET_KEY": KEY})
    assert app.test_client().get("/config").get_json() == expected


@pytest.mark.claim("C5")
def test_an_unknown_app_config_refuses_to_start(chapter, monkeypatch):
    monkeypatch.setenv("APP_CONFIG", "staging")
    with pytest.raises(RuntimeError, match=r"^APP_CONFIG='staging': choose one of production, development, testing$"):
        chapter.create_app({"SECRET_KEY": KEY})


@pytest.mark.claim("C6")
def test_each_layer_overrides_the_one_before(chapter, tmp_path, monkeypatch):
    instance, elsewhere = tmp_path / "instance", tmp_path / "cwd"
    instance.mkdir(), elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    (elsewhere / "config.py").write_text('GREETING = "from the current directory"\n', encoding="utf-8")
    greeting = lambda **mapping: chapter.create_app({"SECRET_KEY": KEY, **mapping},  # noqa: E731
                                                    instance_path=str(instance)).config["GREETING"]
    assert greeting() == "hello"  # the class; both files missing, skipped
    (instance / "config.py").write_text('GREETING = "py"\n', encoding="utf-8")
    assert greeting() == "py"
    (instance / "config.toml").write_text('GREETING = "toml"\n', encoding="utf-8")
    assert greeting() == "toml"
    monkeypatch.setenv("FLASK_GREETING", "env")
    assert (greeting(), greeting(GREETING="mapping")) == ("env", "mapping")


@pytest.mark.claim("C6")
def test_the_secret_key_can_live_in_the_instance_folder(chapter, tmp_path):
    (tmp_path / "config.toml").write_text(f'SECRET_KEY = "{KEY}"\n', encoding="utf-8")
    assert chapter.create_app(instance_path=str(tmp_path)).secret_key == KEY


@pytest.mark.claim("C7")
def test_tomllib_needs_the_file_as_bytes(chapter, tmp_path):
    import tomllib

    (tmp_path / "config.toml").write_text('GREETING = "toml"\n[CELERY]\nbroker_url = "redis://cache"\n',
                                          encoding="utf-8")
    app = chapter.create_app({"SECRET_KEY": KEY}, instance_path=str(tmp_path))
    assert (app.config["GREETING"], app.config["CELERY"]) == ("toml", {"broker_url": "redis://cache"})
    with pytest.raises(TypeError, match=r"^File must be opened in binary mode"):
        app.config.from_file("config.toml", load=tomllib.load)


@pytest.mark.claim("C8")
@pytest.mark.parametrize(("raw", "value"), [
    ("20", 20), ("true", True), ("1e3", 1000.0), ("[1, 2]", [1, 2]), ("null", None), ('"20"', "20"),
    ("True", "True"), ("False", "False"), ("yes", "yes"), ("redis://cache", "redis://cache"),
])
def test_prefixed_variables_are_json_decoded(chapter, monkeypatch, raw, value):
    monkeypatch.setenv("FLASK_PAGE_SIZE", raw)
    found = chapter.create_app({"SECRET_KEY": KEY}).config["PAGE_SIZE"]
    assert (type(found), found) == (type(value), value)  # True == 1 == 1.0: the type tells them apart


@pytest.mark.claim("C8")
def test_double_underscore_nests_and_keeps_the_case(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_CELERY__broker_url", "redis://cache:6379/0")
    monkeypatch.setenv("FLASK_CELERY__task_ignore_result", "true")
    app = chapter.create_app({"SECRET_KEY": KEY})
    assert app.config["CELERY"] == {"broker_url": "redis://cache:6379/0", "task_ignore_result": True}


@pytest.mark.claim("C8")
def test_flask_debug_True_or_False_is_a_string(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "True")  # runebook.dev's example
    assert chapter.create_app({"SECRET_KEY": KEY}).config["DEBUG"] == "True"
    monkeypatch.setenv("FLASK_DEBUG", "False")
    app = chapter.create_app({"SECRET_KEY": KEY})
    assert (app.debug, bool(app.debug)) == ("False", True)
    with pytest.raises(ValueError, match="^the view failed$"):  # propagated as in debug mode: no 500
        app.test_client().get("/fail")


@pytest.mark.claim("C8")
def test_the_flask_command_hides_the_false_string(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "False")
    assert loaded_by_the_flask_command(lambda: chapter.create_app({"SECRET_KEY": KEY})).debug is False


@pytest.mark.claim("C9")
def test_an_all_digit_key_breaks_sessions_under_plain_from_prefixed_env(monkeypatch):
    from flask import Flask

    monkeypatch.setenv("FLASK_SECRET_KEY", "20260101")
    bare = Flask("bare")
    bare.config.from_prefixed_env()
    assert bare.secret_key == 20260101
    with pytest.raises(TypeError, match="^key: expected bytes or bytearray, but got 'int'$"):
        with bare.test_client().session_transaction() as session:
            session["user"] = "ada"


@pytest.mark.claim("C9")
def test_the_factory_keeps_any_key_as_text(chapter, monkeypatch):
    from hypothesis import example, given, strategies as st

    json_looking = st.sampled_from(["20260101", "1e5", "-0", "true", "null", "[1]", '"key"', " 7 "])
    any_text = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), min_size=1)

    @given(st.one_of(st.text("0123456789", min_size=1), json_looking, any_text))
    @example("20260101")
    @example("0")
    def check(key):
        monkeypatch.setenv("FLASK_SECRET_KEY", key)
        client = chapter.create_app({"TESTING": True}).test_client()
        with client.session_transaction() as session:
            session["user"] = "ada"
        assert (client.application.secret_key, client.get("/whoami").get_json()) == (key, {"user": "ada"})

    check()


@pytest.mark.claim("C10")
def test_the_tutorials_fallback_key_lets_anyone_sign_a_session(chapter):
    from flask import session

    tutorial = run_specimen(chapter.TUTORIAL_APP)  # deployed without SECRET_KEY
    tutorial["app"].add_url_rule("/whoami", "whoami", lambda: {"user": session.get("user", "anonymous")})
    client = tutorial["app"].test_client()
    client.set_cookie("session", forged_session("dev-fallback-key", {"user": "admin"}))
    assert client.get("/whoami").get_json() == {"user": "admin"}


@pytest.mark.claim("C10")
def test_the_factory_rejects_the_forged_cookie_and_needs_a_key(chapter, monkeypatch):
    with pytest.raises(RuntimeError, match="^no SECRET_KEY: set FLASK_SECRET_KEY; the book keeps no secret in code$"):
        chapter.create_app()
    monkeypatch.setenv("FLASK_SECRET_KEY", KEY)
    client = chapter.create_app().test_client()
    client.set_cookie("session", forged_session("dev-fallback-key", {"user": "admin"}))
    assert client.get("/whoami").get_json() == {"user": "anonymous"}


@pytest.mark.claim("C10")
def test_a_class_body_reads_the_environment_once_at_import(chapter, monkeypatch):
    tutorial = run_specimen(chapter.TUTORIAL_APP)
    monkeypatch.setenv("SECRET_KEY", KEY)  # set after the import: the class never sees it
    assert tutorial["Config"].SECRET_KEY == "dev-fallback-key"
    monkeypatch.setenv("FLASK_SECRET_KEY", KEY)  # the factory reads it on every call
    assert chapter.create_app().secret_key == KEY


@pytest.mark.claim("C11")
def test_flask_env_does_nothing_on_flask_3_1(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_ENV", "development")
    app = chapter.create_app({"SECRET_KEY": KEY})
    assert (app.debug, app.config["ENV"], hasattr(app, "env")) == (False, "development", False)
    assert loaded_by_the_flask_command(lambda: chapter.create_app({"SECRET_KEY": KEY})).debug is False


@pytest.mark.claim("C11", "C12")
def test_flask_run_keeps_debug_off_for_the_development_class(flask_run):
    status, _, body = flask_run.request("GET", "/config")
    assert (status, json.loads(body)["config"], json.loads(body)["debug"]) == (200, "development", False)
    assert "Debug mode: off" in flask_run.wait_for_output("Debug mode:")


@pytest.mark.claim("C12")
def test_the_tutorial_shows_debug_false_once_the_flask_command_loads_it(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_ENV", "development")
    assert run_specimen(chapter.TUTORIAL_APP)["app"].test_client().get("/").text == "Debug is True"
    loaded = loaded_by_the_flask_command(lambda: run_specimen(chapter.TUTORIAL_APP)["app"])
    assert loaded.test_client().get("/").text == "Debug is False"  # what `flask run` serves


@pytest.mark.claim("C12")
def test_flask_debug_or_the_debug_option_turns_debug_on(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")  # what `flask run --debug` sets before loading the app
    app = loaded_by_the_flask_command(lambda: chapter.create_app({"SECRET_KEY": KEY}))
    assert app.test_client().get("/config").get_json()["debug"] is True


@pytest.mark.claim("C13")
@pytest.mark.parametrize(("name", "on"), [("development", True), ("production", False)])
def test_app_run_takes_debug_from_the_config(chapter, monkeypatch, name, on):
    started = {}
    monkeypatch.setattr("werkzeug.serving.run_simple", lambda *args, **options: started.update(options))
    monkeypatch.setenv("APP_CONFIG", name)
    chapter.create_app({"SECRET_KEY": KEY}).run(port=5000)
    assert (started["use_debugger"], started["use_reloader"]) == (on, on)


@pytest.mark.claim("C14")
def test_testing_lets_the_exception_reach_the_test(app, client):
    assert (app.testing, app.debug) == (True, False)
    with pytest.raises(ValueError, match="^the view failed$"):
        client.get("/fail")


@pytest.mark.claim("C14")
@pytest.mark.flask_config(TESTING=False)
def test_without_testing_the_client_gets_a_500(client, caplog):
    response = client.get("/fail")
    assert (response.status_code, "Internal Server Error" in response.text) == (500, True)
    assert "Exception on /fail [GET]" in caplog.text
