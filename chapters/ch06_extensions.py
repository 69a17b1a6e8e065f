"""
Q: What are some of the popular Flask extensions?

A: An extension is a package that adds one job to Flask through a small contract: create one
extension object, then bind it to each app with ``ext.init_app(app)``. Binding registers the
object itself in ``app.extensions`` under the extension's name, so every app a factory builds
holds the very same object there; what differs per app (Flask-SQLAlchemy's engine, say) the
extension keeps for itself, built from that app's ``app.config``. The source names three, and
its one-line descriptions need care:

- Flask-SQLAlchemy: database support, as the source says: it binds SQLAlchemy to the app's
  configuration and context (chapters 13 to 16).
- Flask-WTF: the source calls it form validation. The validation (fields, validators, errors)
  is WTForms', which Flask-WTF's ``FlaskForm`` subclasses. What Flask-WTF adds is the Flask
  glue: a form that fills itself from the request, CSRF protection in every form and, with
  ``CSRFProtect``, app-wide before any view runs; file-upload and reCAPTCHA fields (chapter 11).
- Flask-Login: the source calls it authentication support. It is not a dependency of this
  book, so nothing about it is proven here beyond its absence. Not proven here, from its
  documentation: it manages who is logged in (storing a user id in the session,
  ``login_required``, ``current_user``) and leaves checking a password to you.

Claims:
  C1. One ``SQLAlchemy()`` and one ``CSRFProtect()`` object bind to two apps with ``init_app``:
      each app's ``app.extensions`` then holds exactly ``csrf`` and ``sqlalchemy``, and both
      apps hold the very same two objects there.
  C2. What differs per app the extension keeps for itself: the one ``db`` gives each app its
      own engine, on the database URL of that app's own configuration, and outside an app
      context it has none to give.
  C3. Correction: Flask-WTF's form validation is WTForms': ``FlaskForm`` is a subclass of
      ``wtforms.Form``, the chapter's form validates with WTForms' ``DataRequired``, and its
      errors are WTForms' messages.
  C4. What Flask-WTF adds is the Flask glue: with ``CSRFProtect`` a POST without a token is
      refused with 400 "The CSRF token is missing." before the view runs, and the same POST
      with the token is accepted; with that app-wide check off, the form still checks the
      token itself; and it ships ``FileField`` and ``RecaptchaField``.
  C5. Flask-Login is not installed with this book: no ``flask_login`` module can be imported,
      and the page marks its description "Not proven here".
  C6. Without a ``SECRET_KEY`` in the config the app reads ``FLASK_SECRET_KEY`` from the
      environment (``app.config.from_prefixed_env()``), as "Try it" sets it: no key in the code.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch06_extensions run
  $ curl -i -X POST http://127.0.0.1:5000/notes -d text=hi   → 400 BAD REQUEST
  → The CSRF token is missing.
  $ curl -i http://127.0.0.1:5000/notes                      → 200 OK
  → "csrf_token":
  $ curl -i http://127.0.0.1:5000/database                   → sqlite://
"""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect, FlaskForm
from flask_wtf.csrf import generate_csrf
from wtforms import StringField
from wtforms.validators import DataRequired

TOPICS = ("extensions",)

db = SQLAlchemy()  # one object per extension, bound to every app the factory builds
csrf = CSRFProtect()


class NoteForm(FlaskForm):  # Flask-WTF's class; the field and its validator are WTForms'
    text = StringField(validators=[DataRequired()])


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"  # in memory unless config says otherwise
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY from the environment, for "Try it"
    app.config.update(config or {})
    db.init_app(app)
    csrf.init_app(app)

    @app.get("/notes")
    def note_token():  # what a client needs before it may POST
        return {"csrf_token": generate_csrf()}

    @app.post("/notes")
    def add_note():
        form = NoteForm()  # fills itself from request.form
        if not form.validate():
            return {"errors": form.errors}, 400
        return {"text": form.text.data}, 201

    @app.route("/database")
    def database():
        return db.engine.url.render_as_string()

    return app
