"""
Q: How can you connect a Flask application to a database using Flask-SQLAlchemy?

A: Put the database's URL in ``SQLALCHEMY_DATABASE_URI`` and bind a ``SQLAlchemy`` object to
the app. The source's snippet does that, with two things left unsaid. First, where its
relative SQLite URL ``sqlite:///mydatabase.db`` puts the file: Flask-SQLAlchemy 3 resolves a
relative SQLite path against the app's instance folder (``app.instance_path``), not the
current directory, and creates the file on first connection. Second, connecting creates no
tables: a model's table exists only after ``db.create_all()`` (or a migration, chapter 16).

``sqlite://`` with no path is an in-memory database that lives as long as its connection
pool; a file database outlives the app, so a new app instance on the same file sees the rows
an earlier one committed. The book passes the URL in through config, so each test gets its
own file in a temporary directory, and PostgreSQL or any other database is one URL away.

Claims:
  C1. The source's relative ``sqlite:///mydatabase.db`` lands in ``app.instance_path``, not in
      the current directory.
  C2. Connecting creates no tables: a query before ``db.create_all()`` fails with "no such
      table"; after it the table exists.
  C3. Rows committed to a file database are there for a new app instance on the same file.
  C4. ``sqlite://`` is in memory: a new app instance starts empty.

Try it:
  flask --app chapters.ch14_connecting shell
"""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

TOPICS = ("database",)

db = SQLAlchemy()


class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.String(200), nullable=False)


def create_app(config=None, instance_path=None):
    app = Flask(__name__, instance_path=instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    app.config.update(config or {})
    db.init_app(app)
    if app.config.get("CREATE_TABLES", True):
        with app.app_context():
            db.create_all()

    @app.route("/notes")
    def notes():
        return {"notes": db.session.execute(db.select(Note.text)).scalars().all()}

    return app
