"""
Q: How do you install Flask?

A: Into a virtual environment, with pip: ``python3 -m venv .venv`` and then
``.venv/bin/pip install Flask``. The source's answer stops at "You can install Flask using
pip:" and gives no command; the command above is the usual one. It needs the package index,
so this book's tests, which run offline, do not run it: they read what it installed. This book
installs Flask as a dependency of its own project (``pip install -e .``), which puts the
version range it is proven on in ``pyproject.toml``: ``flask[async]>=3.1.3,<3.2``, Flask with
its ``async`` extra.

What got installed is recorded in the distribution's metadata, and ``importlib.metadata``
reads it without importing Flask: the distribution is named ``Flask``, this book runs on
3.1, and Flask declares six requirements (Werkzeug, Jinja2, MarkupSafe, itsdangerous, click
and blinker), each with a lower bound only, plus two extras: ``async`` (which adds asgiref)
and ``dotenv`` (which adds python-dotenv). An extra is written in the metadata as a
requirement with a marker, ``asgiref>=3.2 ; extra == "async"``, and pip installs it only when
the extra is named: a plain ``pip install Flask`` brings exactly the requirements without a
marker (or with one true for this Python). This book names ``async`` on purpose, for chapter
40's async views, so asgiref is installed here and python-dotenv is not; chapter 2 hides
asgiref to show what a plain install does. The app's ``/flask`` page shows that metadata, and
which extras this environment has.

``importlib.metadata.version("flask")`` is the supported way to read the version. The old
``flask.__version__`` attribute still answers on 3.1 but warns that it will be removed in 3.2.
The warning is a ``DeprecationWarning``, which Python shows by default only for code run as
``__main__`` (a script, ``python -c``); this book turns every warning into an error, so there
the read fails.

Claims:
  C1. The installed distribution is named ``Flask`` and its version is in the 3.1 series, the
      range ``flask[async]>=3.1.3,<3.2`` that this book's ``pyproject.toml`` declares.
  C2. Flask 3.1 declares exactly six unconditional requirements: blinker, click,
      itsdangerous, jinja2, markupsafe and werkzeug, each with a ``>=`` lower bound only.
  C3. Flask declares two extras, ``async`` (asgiref) and ``dotenv`` (python-dotenv), each a
      requirement whose marker is false when no extra is named, so a plain install brings
      neither; this book names ``async`` in its ``pyproject.toml``, and this environment has
      that extra only (asgiref installed, python-dotenv not).
  C4. ``importlib.metadata.version("flask")`` returns the version without a warning.
  C5. Correction (to the way many answers read the version): reading ``flask.__version__`` on
      Flask 3.1 returns the version and issues a ``DeprecationWarning`` naming
      ``importlib.metadata.version("flask")`` as its replacement; Python's default filters
      show it for code run as ``__main__`` (``python -c``) and hide it in an imported module.
  C6. Under this book's ``filterwarnings = error`` that warning is raised as an exception: the
      read of ``flask.__version__`` fails.
  C7. The app's ``/versions`` page reports the Flask, Werkzeug and Jinja2 it runs on: each
      version read from the metadata of the very distribution whose files the app imported.

Try it:
  # For a project of your own: python3 -m venv .venv && .venv/bin/pip install Flask
  # (it needs the package index, so the book does not run it; CI installs the book that way).
  $ python -c 'from importlib import metadata; print(metadata.version("flask"))'   → 3.1.3
  $ python -c 'import flask; print(flask.__version__)'
  → DeprecationWarning: The '__version__' attribute is deprecated
  → 3.1.3
  $ flask --app chapters.ch04_installing run
  $ curl http://127.0.0.1:5000/versions   → "flask":"3.1.3"
  $ curl http://127.0.0.1:5000/flask      → "name":"Flask"
  → "installed_extras":["async"]
"""

import re
from importlib import metadata

import flask
from flask import Flask

TOPICS = ("install",)


def requirements(name):
    """What installing ``name`` always brings: requirements with a marker (extras, other
    Pythons' needs) left out."""
    return sorted(r for r in metadata.requires(name) if ";" not in r)


def extras(name):
    """Each extra ``name`` declares (``pip install "name[extra]"``) and what it adds."""
    declared = metadata.requires(name)
    names = metadata.metadata(name).get_all("Provides-Extra")  # pragma: no mutate: field names ignore case
    return {extra: [re.match(r"[\w.-]+", r)[0] for r in declared if r.endswith(f'extra == "{extra}"')]
            for extra in names}


def installed(requirement):
    """Is the distribution a requirement names installed in this environment?"""
    try:
        metadata.distribution(re.match(r"[\w.-]+", requirement)[0])
    except metadata.PackageNotFoundError:
        return False
    return True


def version_from_attribute():
    """The way many answers read the version: deprecated on 3.1, to be removed in 3.2 (C5, C6)."""
    return flask.__version__


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/versions")
    def versions():
        return {name: metadata.version(name) for name in ("flask", "werkzeug", "jinja2")}

    @app.route("/flask")
    def about_flask():  # read from the metadata, without importing anything
        meta = metadata.metadata("flask").json  # pragma: no mutate: distribution names ignore case
        declared = extras(meta["name"])
        return {"name": meta["name"], "version": meta["version"],
                "requires": requirements(meta["name"]), "extras": declared,
                "installed_extras": sorted(e for e, names in declared.items() if all(map(installed, names)))}

    return app
