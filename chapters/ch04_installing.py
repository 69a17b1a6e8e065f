"""
Q: How do you install Flask?

A: Into a virtual environment, with pip: ``python3 -m venv .venv`` and then
``.venv/bin/pip install Flask``. The source's answer stops at "You can install Flask using
pip:" because its command was lost in copying; the command above is the one it meant. This
book installs Flask as a dependency of its own project (``pip install -e .``), which puts the
version range it is proven on in ``pyproject.toml``.

What got installed is recorded in the distribution's metadata, and ``importlib.metadata``
reads it without importing Flask: the distribution is named ``Flask``, this book runs on
3.1, and Flask declares six requirements (Werkzeug, Jinja2, MarkupSafe, itsdangerous, click
and blinker), each with a lower bound only, plus two extras: ``async`` (which adds asgiref)
and ``dotenv`` (which adds python-dotenv). Neither extra is installed by a plain install, and
this book installs neither.

``importlib.metadata.version("flask")`` is the supported way to read the version. The old
``flask.__version__`` attribute still answers on 3.1 but warns that it will be removed in 3.2.

Claims:
  C1. The installed distribution is named ``Flask`` and its version is in the 3.1 series.
  C2. Flask 3.1 declares exactly six unconditional requirements: blinker, click,
      itsdangerous, jinja2, markupsafe and werkzeug, each with a ``>=`` lower bound only.
  C3. Flask declares two extras, ``async`` (asgiref) and ``dotenv`` (python-dotenv), and a
      plain install brings neither.
  C4. ``importlib.metadata.version("flask")`` returns the version without a warning.
  C5. Correction (to the way many answers read the version): ``flask.__version__`` raises a
      ``DeprecationWarning`` on Flask 3.1 naming ``importlib.metadata.version`` as its
      replacement.
  C6. The app built on the installed Flask reports the versions it runs on.

Try it:
  python3 -m venv .venv && .venv/bin/pip install Flask
  .venv/bin/python -c 'from importlib.metadata import version; print(version("flask"))'
  flask --app chapters.ch04_installing run
  curl http://127.0.0.1:5000/versions
"""

from importlib import metadata

from flask import Flask

TOPICS = ("install",)


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(config or {})

    @app.route("/versions")
    def versions():
        return {name: metadata.version(name) for name in ("flask", "werkzeug", "jinja2")}

    return app
