"""
Q: What are some of the popular Flask extensions?

A: An extension is a package that adds one job to Flask through a small contract: create one
extension object, then bind it to each app with ``ext.init_app(app)``; the extension keeps its
per-app state in ``app.extensions`` and reads its settings from ``app.config``, so one object
serves every app a factory builds. The source names three, and its one-line descriptions need
care:

- Flask-SQLAlchemy: database support, as the source says: it binds SQLAlchemy to the app's
  configuration and context (chapters 13 to 16).
- Flask-WTF: the source calls it form validation. The validation (fields, validators, errors)
  is WTForms', which Flask-WTF's ``FlaskForm`` subclasses. What Flask-WTF adds is the Flask
  glue: CSRF protection, for every form and, with ``CSRFProtect``, for every POST in the app;
  file-upload fields and reCAPTCHA (chapter 11).
- Flask-Login: the source calls it authentication support. It manages who is logged in
  (storing a user id in the session, ``login_required``, ``current_user``); checking a
  password is left to you. It is not a dependency of this book, so nothing about it is
  proven here beyond its absence: the description above is unproven, from its documentation.

Claims:
  C1. One ``SQLAlchemy()`` and one ``CSRFProtect()`` object bind to two apps with ``init_app``;
      each app then lists ``sqlalchemy`` and ``csrf`` in ``app.extensions``.
  C2. Flask-SQLAlchemy reads the database from each app's own configuration.
  C3. Correction: Flask-WTF's form validation is WTForms': ``FlaskForm`` is a subclass of
      ``wtforms.Form``, and its validators are WTForms' own.
  C4. What Flask-WTF adds is CSRF protection: with ``CSRFProtect`` a POST without a token is
      refused with 400 "The CSRF token is missing."
  C5. Flask-Login is not installed with this book: no ``flask_login`` module can be imported,
      so its description is not proven here.

Try it:
  flask --app chapters.ch06_extensions run
  curl -i -X POST http://127.0.0.1:5000/notes
"""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

TOPICS = ("extensions",)

db = SQLAlchemy()  # one object per extension, bound to every app the factory builds
csrf = CSRFProtect()


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"  # in memory unless config says otherwise
    app.config.update(config or {})
    db.init_app(app)
    csrf.init_app(app)

    @app.route("/notes", methods=["GET", "POST"])
    def notes():
        return "notes"

    @app.route("/database")
    def database():
        return db.engine.url.render_as_string()

    return app
