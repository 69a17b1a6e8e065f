"""
Q: What is Flask-WTF and how is it used? Flask-WTF is an extension that provides integration
with WTForms, allowing you to create and handle forms in Flask applications.

A: Flask-WTF's ``FlaskForm`` is a WTForms form that reads the request's form data by itself and
carries a CSRF token. A view creates the form, calls ``form.validate_on_submit()`` and otherwise
renders it; the template writes ``{{ form.csrf_token }}`` and the fields. ``validate_on_submit()``
is true for a submitted request whose fields and token are valid, and Flask-WTF counts a PUT,
PATCH or DELETE as submitted, not only a POST: it is not ``request.method == "POST" and
form.validate()``. The source's ``MyForm`` is restored below with the validators it lacked:
without them any input, an empty name included, is valid.

CSRF protection is on by default, and stays on under ``TESTING``: a test that posts a
``FlaskForm`` without a token gets a form that does not validate, with "The CSRF token is
missing." in ``form.errors``. With ``CSRFProtect(app)`` every POST in the app is checked before
the view runs, and a missing token is a 400. The token is bound to the session: a token read by
one client does not work for another. A JSON or AJAX request sends the token in the
``X-CSRFToken`` header; the same token under another name, such as ``X-XSRF-TOKEN``, is refused.

Flask-WTF 1.3 also reads a JSON body as form data: an object, and also a list of pairs
(``[["name", "ada"]]`` fills the name). Other JSON that is not an object can make building the
form raise (``false``: ``TypeError``; ``"ab"``: ``ValueError``), so the book's view refuses every
JSON body that is not an object with 400 before building the form.

Two settings turn protection off, and they differ. ``WTF_CSRF_ENABLED = False`` turns it off
everywhere (forms and ``CSRFProtect``): what other chapters' tests may use. ``WTF_CSRF_CHECK_DEFAULT
= False`` only stops ``CSRFProtect`` from checking every request; each ``FlaskForm`` still
checks its own token.

Claims:
  C1. The restored form validates a good POST with its token and answers the name, escaped.
  C2. Under ``TESTING``, a ``FlaskForm`` POST without a token does not validate: the error is
      "The CSRF token is missing."
  C3. With ``CSRFProtect``, a POST without a token gets 400 before the view runs.
  C4. The real flow works: GET the form, read the token from the HTML, POST it back.
  C5. A token from one client's session is refused for another client.
  C6. ``WTF_CSRF_ENABLED = False`` turns every check off; ``WTF_CSRF_CHECK_DEFAULT = False`` turns
      off only ``CSRFProtect``'s check, and the form still refuses a missing token.
  C7. A JSON request passes ``CSRFProtect`` with the token in the ``X-CSRFToken`` header, and
      not with it in ``X-XSRF-TOKEN``.
  C8. A name validates if and only if it has 1 to 20 characters and is not whitespace only:
      ``DataRequired`` refuses a blank name, and whitespace counts toward the 20. The source's
      form, without validators, validates an empty name.
  C9. A ``FlaskForm`` reads a JSON list of pairs as form data, and raises on some other JSON
      that is not an object (``false``, ``[1, 2]``: ``TypeError``; ``"ab"``: ``ValueError``); the
      book's view answers 400 to every JSON body that is not an object (found by the fuzz test).
  C10. ``validate_on_submit()`` is true for a valid PUT, PATCH or DELETE too, not only for a
      POST; it is false for a GET.
  C11. Without a ``SECRET_KEY`` in the config the app reads ``FLASK_SECRET_KEY`` from the
      environment (``app.config.from_prefixed_env()``), so "Try it" gets a working CSRF token
      with no key in the code.

Try it:
  $ export FLASK_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))')
  $ flask --app chapters.ch11_flask_wtf run
  $ curl -i http://127.0.0.1:5000/name                  → 200 OK
  → <input id="csrf_token" name="csrf_token" type="hidden"
  $ curl -i -X POST -d name=ada http://127.0.0.1:5000/name   → 400 BAD REQUEST
  → The CSRF token is missing.
"""

from flask import Flask, abort, render_template_string, request
from flask_wtf import CSRFProtect, FlaskForm
from markupsafe import escape
from wtforms import StringField, SubmitField, validators

TOPICS = ("forms", "csrf", "security")
TOKEN_HEADER = "X-CSRFToken"  # where a JSON client sends the token (C7)
PAGE = "<form method=post>{{ form.csrf_token }}{{ form.name }}{{ form.submit }}</form>{{ form.errors }}"


class MyForm(FlaskForm):  # the source's form, with validators
    name = StringField("Name", validators=[validators.DataRequired(), validators.Length(max=20)])
    submit = SubmitField("Submit")


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_prefixed_env()  # FLASK_SECRET_KEY from the environment, for "Try it"
    app.config.update(config or {})
    if app.config.get("PROTECT_EVERY_POST"):
        CSRFProtect(app)

    # Flask-WTF treats all four write methods as a submit (C10); a JSON client may PUT.
    @app.route("/name", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def name():
        if request.is_json and not isinstance(request.get_json(silent=True), dict):
            abort(400)  # FlaskForm itself would crash on such a body (C9)
        form = MyForm()
        if form.validate_on_submit():
            return f"Hello, {escape(form.name.data)}!"
        return render_template_string(PAGE, form=form), 400 if form.is_submitted() else 200

    @app.post("/api/echo")
    def api_echo():
        return {"received": request.get_json()}

    return app
