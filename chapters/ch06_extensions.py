"""
Q: What are some of the popular Flask extensions?

A: An extension is a package that adds one job to Flask through a small contract: create one
extension object, then bind it to each app with ``ext.init_app(app)``. Binding registers the
object itself in ``app.extensions`` under the extension's name, so every app a factory builds
holds the very same object there; what differs per app (Flask-SQLAlchemy's engine, say) the
extension keeps for itself, built from that app's ``app.config``. The contract is a convention,
not a rule: Flask-Login 0.6 binds the same way but sets ``app.login_manager`` instead of an entry
in ``app.extensions``. The source names three, and its one-line descriptions need care:

- Flask-SQLAlchemy: database support, as the source says: it binds SQLAlchemy to the app's
  configuration and context (chapters 13 to 16).
- Flask-WTF: the source calls it form validation. The validation (fields, validators, errors)
  is WTForms', which Flask-WTF's ``FlaskForm`` subclasses. What Flask-WTF adds is the Flask
  glue: a form that fills itself from the request, CSRF protection in every form and, with
  ``CSRFProtect``, app-wide before any view runs; file-upload and reCAPTCHA fields (chapter 11).
- Flask-Login: the source calls it authentication support, which says more than it does. It
  keeps who is logged in: ``login_user(user)`` stores the user's id in Flask's session and a
  ``user_loader`` turns the id back into a user object on each request (``current_user``). It
  checks no password: ``login_user`` logs in whichever user object the view gives it, refusing
  only one whose ``is_active`` is false. Authenticating, checking a password against a stored
  hash, is the app's job (chapter 35). The chapter's ``/login`` shows it with no password at
  all, a specimen of what Flask-Login alone allows, not a login to copy.

Claims:
  C1. One ``SQLAlchemy()``, one ``CSRFProtect()`` and one ``LoginManager()`` object bind to two
      apps with ``init_app``: each app's ``app.extensions`` then holds exactly ``csrf`` and
      ``sqlalchemy`` and both apps hold the very same two objects there; Flask-Login's object is
      ``app.login_manager`` on both instead.
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
  C5. Correction: the source says Flask-Login "provides authentication support"; it keeps a
      session for a user object and checks no password: ``/login``, given only a name, logs
      that name in, the session then holds it as ``_user_id``, on the next request the
      ``user_loader`` gives it back as ``current_user``, and ``login_user`` refuses only a
      user whose ``is_active`` is false.
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
  $ export JAR=$(mktemp)
  $ export TOKEN=$(curl -s -c $JAR http://127.0.0.1:5000/notes | python -c 'import json, sys; print(json.load(sys.stdin)["csrf_token"])')
  $ curl -s -b $JAR -c $JAR -d name=ada -d csrf_token=$TOKEN http://127.0.0.1:5000/login   → "user":"ada"  # no password
  $ curl -s -b $JAR http://127.0.0.1:5000/me                  → "user":"ada"
"""

from flask import Flask, request
from flask_login import LoginManager, UserMixin, current_user, login_user
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect, FlaskForm
from flask_wtf.csrf import generate_csrf
from wtforms import StringField
from wtforms.validators import DataRequired

TOPICS = ("extensions",)

db = SQLAlchemy()  # one object per extension, bound to every app the factory builds
csrf = CSRFProtect()
login_manager = LoginManager()


class Member(UserMixin):  # all Flask-Login asks of a user: an id (and is_active, True here)
    def __init__(self, name):
        self.id = name


@login_manager.user_loader
def load_member(member_id):  # the id from the session, back to a user on each request
    return Member(member_id)


class NoteForm(FlaskForm):  # Flask-WTF's class; the field and its validator are WTForms'
    text = StringField(validators=[DataRequired()])


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"  # in memory unless config says otherwise
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY from the environment, for "Try it"
    app.config.update(config or {})
    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)

    @app.get("/notes")
    def note_token():  # what a client needs before it may POST
        return {"csrf_token": generate_csrf()}

    @app.post("/notes")
    def add_note():
        form = NoteForm()  # fills itself from request.form
        if not form.validate():
            return {"errors": form.errors}, 400
        return {"text": form.text.data}, 201

    @app.post("/login")
    def log_in():  # a specimen: no password asked, and Flask-Login asks for none
        login_user(Member(request.form["name"]))  # False, and no login, only for an inactive user
        return {"user": current_user.get_id()}

    @app.get("/me")
    def me():
        return {"user": current_user.get_id()}  # None for the anonymous user

    @app.route("/database")
    def database():
        return db.engine.url.render_as_string()

    return app
