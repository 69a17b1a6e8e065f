"""
Q: What is the difference between Flask and Django?

A: This book proves only Flask's side of the comparison; the other side is marked as unproven,
because the other framework is not installed here.

What can be proven from Flask's side: a complete Flask app is one file, a factory of a few
lines, with no project skeleton, settings module or management script; Flask's package has no
ORM, admin, forms or accounts module, so its whole install is seven distributions (Flask
and the six it requires); and a database layer, migrations, forms and accounts are extensions
you pick (chapters 6 and 11 to 16). The two helpers below let you check the install yourself.

Unproven here, from Django's documentation: Django is a WSGI and ASGI framework that includes
an ORM with migrations, an admin site, forms, authentication, and a project layout created by
``django-admin startproject``; those are the choices it makes for you.

Opinion: the source's "Flask is more lightweight and flexible, Django more powerful" trades a
fact (Django includes more) for a judgement (power). Pick Django when its built-in parts are
the parts you want; pick Flask when you would rather choose them.

Claims:
  C1. A complete Flask app is one file: copied alone into an empty directory, this chapter's
      module imports only ``flask`` and the standard library, takes its settings as the
      factory's argument (no settings module), and its factory, at most 10 lines, builds an
      app that answers ``GET /`` with 200.
  C2. Installing Flask installs seven distributions in all: Flask, its six requirements and
      nothing else (``installed_with("flask")`` follows every requirement without a marker;
      extras and other Pythons' needs have one).
  C3. Flask has no ORM, admin, forms or accounts module: its package is 24 Python files, none
      of them one, and importing ``flask.orm``, ``flask.admin``, ``flask.forms`` or
      ``flask.auth`` fails.
  C4. Django is not installed here, and every paragraph of this page's answer that names it
      is marked "Unproven here" or "Opinion".

Try it:
  $ flask --app chapters.ch03_flask_vs_django run
  $ curl http://127.0.0.1:5000/   → a whole app in one module
  $ python -c 'from chapters.ch03_flask_vs_django import installed_with; print(installed_with("flask"))'
  → 'werkzeug'  # and the rest, in any order
"""

import re
from importlib import metadata
from pathlib import Path

from flask import Flask

TOPICS = ("basics",)


def installed_with(name):
    """Every distribution installing ``name`` brings: it, its requirements, theirs, and so on."""
    found, wanted = set(), [name]
    while wanted:
        key = wanted.pop().lower()
        if key not in found:
            found.add(key)
            declared = metadata.requires(key) or []
            wanted += [re.match(r"[\w.-]+", r)[0] for r in declared if ";" not in r]
    return found


def files_of(package):
    """The Python files of an imported package, subpackages included, relative to it."""
    root = Path(package.__file__).parent
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*.py"))


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/")
    def index():
        return "a whole app in one module"

    return app
