"""
Q: What is the difference between Flask and Django?

A: Both are Python web frameworks for WSGI (Django speaks ASGI too). This book proves only
Flask's side of the comparison; Django is not installed here, so every sentence about it is
marked as unproven.

What can be proven from Flask's side: a complete Flask app is one module and a few lines, with
no project skeleton, settings module or ``manage.py``; Flask ships no ORM, no admin and no
form layer, so its whole install is seven small distributions (Flask and the six it
requires); and the choices Django makes for you (database layer, migrations, forms, accounts)
are extensions you pick in Flask (chapters 6 and 11 to 16).

Unproven here, from Django's documentation: Django includes an ORM with migrations, an admin
site, forms, authentication, and a project layout created by ``django-admin startproject``.

Opinion: the source's "Flask is more lightweight and flexible, Django more powerful" trades a
fact (Django includes more) for a judgement (power). Pick Django when its built-in parts are
the parts you want; pick Flask when you would rather choose them.

Claims:
  C1. A complete Flask app needs one module: a factory of a few lines, with no project layout,
      settings module or management script, answers requests.
  C2. Installing Flask installs seven distributions in all: Flask and its six requirements,
      and nothing else it needs.
  C3. Flask has no ORM, admin, forms or accounts module: importing ``flask.orm``,
      ``flask.admin``, ``flask.forms`` or ``flask.auth`` fails.
  C4. Django is not installed here, so nothing in this chapter about it is proven.

Try it:
  flask --app chapters.ch03_flask_vs_django run
  curl http://127.0.0.1:5000/
"""

from flask import Flask

TOPICS = ("basics",)


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/")
    def index():
        return "a whole app in one module"

    return app
