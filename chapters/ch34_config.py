"""
Q: Why use an application factory? How do you configure development, testing and production?

A: An application factory is a function, ``create_app(config=None)``, that builds and returns a
new app each time it is called. Each test gets an app of its own, configured before anything
uses it, so a setting or a route one test adds cannot reach the next. With a module-level
``app = Flask(__name__)`` there is one app for the whole test run: once any test has sent it a
request, a later test that adds a route to it fails with ``AssertionError``. The module-level
app also drags in circular imports: ``views.py`` needs ``app`` and the package needs the views,
so the import has to sit below ``app = ...``; move it to the top, as the linters' E402 ("module
level import not at top of file") asks, and the package no longer imports. With a factory, views
live on a blueprint that never imports the app.

This factory builds its configuration in layers, each overriding the one before: a class per
environment, chosen by ``APP_CONFIG`` (``production`` when unset, so a forgotten variable never
means debug on); then ``config.py`` and ``config.toml`` from the instance folder
(``instance_relative_config=True``: the folder ``instance_path`` names, not the current
directory; a missing file is skipped); then every ``FLASK_<NAME>`` variable of the environment
(``from_prefixed_env()``); then the mapping the caller passes, so a test has the last word.
``from_object``, ``from_mapping``, ``from_pyfile`` and ``from_file`` copy only UPPERCASE names:
``page_size`` in a class or a file, or ``{"secret_key": ...}`` given to the factory, is silently
left out.
``from_file`` with ``tomllib.load`` needs ``text=False``: tomllib reads bytes.

``from_prefixed_env()`` JSON-decodes each value: ``FLASK_PAGE_SIZE=20`` is the integer 20,
``true`` is ``True``, ``1e3`` is 1000.0, and ``FLASK_CELERY__broker_url`` sets
``config["CELERY"]["broker_url"]`` (``__`` nests, and the keys keep their case). What is not
JSON stays a string: ``True`` and ``False`` are strings, and ``FLASK_DEBUG=False`` leaves the
app with ``debug == "False"``, which is truthy: the app behaves as in debug mode (exceptions
propagate instead of becoming a 500) whenever it is served without the ``flask`` command (the
test client here; Gunicorn is not run here), and the ``flask`` command hides it, by setting
``app.debug`` itself. Write ``false`` or ``0``. A secret key of digits becomes
an integer and every session write raises ``TypeError``; this factory puts the environment's
text back.

Debug mode is not a setting of a config class. The ``flask`` command (``flask run``, ``flask
shell``) sets ``app.debug`` from ``--debug`` or ``FLASK_DEBUG`` when it loads the app, over
whatever the class said: ``APP_CONFIG=development flask run`` runs with debug off. Served any
other way the app keeps the class's ``DEBUG`` (the test client shows it), and ``app.run()``
(``python app.py``) then starts the debugger and the reloader too. ``FLASK_ENV`` was
deprecated in Flask 2.2 and removed in 2.3 (Flask's changelog; the history is not proven here):
it does nothing on 3.1. ``TESTING = True`` makes an
exception raised in a view reach the test instead of becoming a 500 page; it does not turn debug
on. Extensions read it for their own purposes (not proven here).

Published tutorials get several of these wrong. https://labsict.com/tutorials/flask-configuration
puts ``SECRET_KEY = os.environ.get('SECRET_KEY', 'dev-fallback-key')`` in a class and chooses
the class by ``FLASK_ENV``, defaulting to development: the class body runs once, at import, and
when the variable is missing every deployment signs its sessions with a key printed on the web.
https://leyaa.ai/codefly/learn/flask/part-2/flask-environmentbased-configuration/visualize runs
the same kind of app and promises "Debug is True"; loaded the way ``flask run`` loads it, it says
"Debug is False". http://www.viennaos.net/flask/5621-flask-environment says ``FLASK_ENV=development``
runs the app in debug mode, and
https://runebook.dev/en/articles/flask/api/index/flask.Config.from_prefixed_env prints ``True``
for ``FLASK_DEBUG='True'``, which is a string. ``TUTORIAL_APP`` below rebuilds their approach;
the tests run it.

Claims:
  C1. ``create_app()`` returns a new app on every call: a setting or a route added to one is
      not in the next, and the module holds no app of its own.
  C2. The module-level specimen (``MODULE_LEVEL_PACKAGE``) gives every importer the same app,
      and once that app has answered a request, adding a route raises ``AssertionError``.
  C3. With its view import sorted to the top, the module-level specimen fails to import
      ("cannot import name 'app' from partially initialized module"); the factory specimen
      (``FACTORY_PACKAGE``) has all its imports at the top and builds a fresh app per call.
  C4. ``from_object``, ``from_mapping``, ``from_pyfile`` and ``from_file`` copy only UPPERCASE
      names: ``Config.page_size`` and a lowercase name in the instance files are not in
      ``app.config``, and ``create_app({"secret_key": ...})`` refuses to start for want of a
      ``SECRET_KEY``.
  C5. ``APP_CONFIG`` chooses the class: unset means production (debug off, testing off, secure
      session cookie), ``development`` turns ``DEBUG`` on and the secure cookie off, ``testing``
      turns ``TESTING`` on; any other name refuses to start.
  C6. Each layer overrides the one before: class, then the instance folder's ``config.py``, then
      its ``config.toml``, then ``FLASK_*`` variables, then the caller's mapping. The files are
      read from the instance folder, not the current directory, and a missing one is skipped.
  C7. ``from_file("config.toml", load=tomllib.load)`` without ``text=False`` raises
      ``TypeError`` ("File must be opened in binary mode").
  C8. Correction: runebook.dev prints ``True`` for ``FLASK_DEBUG='True'``; the value is the
      string ``'True'``. ``from_prefixed_env()`` JSON-decodes (``20`` is 20, ``true`` is True,
      ``1e3`` is 1000.0, ``[1, 2]`` a list), keeps what is not JSON as a string, and nests keys
      on ``__``; ``FLASK_DEBUG=False`` leaves ``app.debug == "False"``, truthy, and a view's
      exception then propagates instead of becoming a 500; an app loaded by the ``flask``
      command has ``debug`` False instead.
  C9. An all-digit ``FLASK_SECRET_KEY`` becomes an integer under ``from_prefixed_env()``, and
      writing a session then raises ``TypeError``; this factory keeps the environment's text,
      for any key.
  C10. Correction: labsict.com's class falls back to a key written in the tutorial; an app
      built from it accepts a session cookie anyone can sign (``{"user": "admin"}``), and the
      class reads the environment once, at import. This factory has no fallback: it reads
      ``FLASK_SECRET_KEY`` on every call, refuses to start without it, and rejects the forged
      cookie.
  C11. Correction: viennaos.net says ``FLASK_ENV=development`` turns debug mode on; on Flask
      3.1 it does nothing: the app, and ``flask run``, have debug off, and
      ``from_prefixed_env()`` merely stores ``config["ENV"]``.
  C12. Correction: leyaa.ai's ``FLASK_ENV``-chosen ``DevConfig`` shows "Debug is True"; loaded
      by the ``flask`` command it shows "Debug is False". ``DEBUG = True`` from a config class
      does not reach ``flask run``: ``APP_CONFIG=development flask run`` says "Debug mode: off"
      and its app has debug off; ``--debug`` or ``FLASK_DEBUG=1`` turns it on.
  C13. ``app.run()`` does take ``DEBUG`` from the config: under ``APP_CONFIG=development`` it
      starts the debugger and the reloader, under production neither.
  C14. With ``TESTING`` on, a view's exception reaches the test (the client raises it); with it
      off the client gets a 500. ``TESTING`` leaves debug off.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ APP_CONFIG=development flask --app chapters.ch34_config run   → Debug mode: off  # C12
  $ curl http://127.0.0.1:5000/config   → "config":"development"
  → "debug":false
  $ FLASK_PAGE_SIZE=20 FLASK_CELERY__broker_url=redis://cache flask --app chapters.ch34_config shell
  >>> app.config["PAGE_SIZE"] + 1   → 21
  >>> app.config["CELERY"]   → {'broker_url': 'redis://cache'}
  $ FLASK_DEBUG=False python -c 'from chapters.ch34_config import create_app; print(repr(create_app().debug))'   → 'False'  # C8: truthy
  $ FLASK_SECRET_KEY=20260101 flask --app chapters.ch34_config shell
  >>> app.secret_key   → '20260101'
  $ APP_CONFIG=staging flask --app chapters.ch34_config shell   → APP_CONFIG='staging': choose one of production, development, testing
"""

import os
import tomllib

from flask import Flask, session

TOPICS = ("config",)
DELIBERATE_ERRORS = {"fail": "raises on purpose: TESTING decides whether the test sees it (C14)"}


class Config:
    """Production's settings, and the base the other environments change."""

    DEBUG = False
    TESTING = False
    SESSION_COOKIE_SECURE = True  # the session cookie travels over HTTPS only
    GREETING = "hello"
    page_size = 50  # lowercase: from_object leaves it out


class DevelopmentConfig(Config):
    DEBUG = True  # app.run() honours it; the flask command decides for itself (C12)
    SESSION_COOKIE_SECURE = False  # http://127.0.0.1 has no HTTPS


class TestingConfig(Config):
    TESTING = True
    SESSION_COOKIE_SECURE = False


CONFIGS = {"production": Config, "development": DevelopmentConfig, "testing": TestingConfig}


def create_app(config=None, instance_path=None):
    name = os.environ.get("APP_CONFIG", "production")  # a forgotten variable must not mean debug
    if name not in CONFIGS:
        raise RuntimeError(f"APP_CONFIG={name!r}: choose one of {', '.join(CONFIGS)}")
    # The files are this machine's settings, kept in the instance folder, outside the code.
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.from_object(CONFIGS[name])
    app.config.from_pyfile("config.py", silent=True)
    # pragma below: mutmut's text=None opens the file in binary too; the tests catch the rest
    app.config.from_file("config.toml", load=tomllib.load, text=False, silent=True)  # pragma: no mutate
    app.config.from_prefixed_env()
    if "FLASK_SECRET_KEY" in os.environ:  # JSON made an all-digit key a number: keep the text
        app.config["SECRET_KEY"] = os.environ["FLASK_SECRET_KEY"]
    app.config.from_mapping(config or {})  # the caller (a test) has the last word
    if not app.config["SECRET_KEY"]:
        raise RuntimeError("no SECRET_KEY: set FLASK_SECRET_KEY; the book keeps no secret in code")

    @app.route("/config")
    def show_config():
        return {"config": name, "debug": app.debug, "testing": app.testing,
                "greeting": app.config["GREETING"], "secure_cookie": app.config["SESSION_COOKIE_SECURE"]}

    @app.route("/whoami")
    def whoami():  # the session is signed: only as trustworthy as the key
        return {"user": session.get("user", "anonymous")}

    @app.route("/fail")
    def fail():
        raise ValueError("the view failed")

    return app


# Specimens, not the book's code. A package built around a module-level app, the way many
# tutorials grow one; the tests write it to a folder and import it.
MODULE_LEVEL_PACKAGE = {
    "__init__.py": """from flask import Flask

app = Flask(__name__)

from . import views  # noqa: E402  (below app: views.py imports it)
""",
    "views.py": """from . import app


@app.route("/")
def index():
    return "index"
""",
}

# The same package around a factory: the views are a blueprint and never import the app.
FACTORY_PACKAGE = {
    "__init__.py": """from flask import Flask

from .views import bp


def create_app():
    app = Flask(__name__)
    app.register_blueprint(bp)
    return app
""",
    "views.py": """from flask import Blueprint

bp = Blueprint("views", __name__)


@bp.route("/")
def index():
    return "index"
""",
}

# The approach of labsict.com and leyaa.ai (see the answer), rebuilt: a key with a fallback in a
# class body, the class chosen by FLASK_ENV, development by default.
TUTORIAL_APP = """
import os

from flask import Flask


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-fallback-key")
    DEBUG = False


class DevelopmentConfig(Config):
    DEBUG = True


configs = {"development": DevelopmentConfig, "production": Config, "default": DevelopmentConfig}
app = Flask(__name__)
app.config.from_object(configs[os.environ.get("FLASK_ENV", "default")])


@app.route("/")
def home():
    return f"Debug is {app.config['DEBUG']}"
"""
