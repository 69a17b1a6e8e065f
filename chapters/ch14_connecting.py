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
an earlier one committed, and so does a database server.

PostgreSQL is one URL away, and the URL names the driver too. Plain ``postgresql://`` means
SQLAlchemy's default driver, and that default changed: psycopg2 on SQLAlchemy 2.0 (the range
this book pins; psycopg2 is not installed here, so ``create_app`` fails), psycopg 3 from
SQLAlchemy 2.1 (the book's newest-releases run caught the change). Write
``postgresql+psycopg://user@host/dbname`` (``SERVER_URL`` below) and the URL means psycopg 3 on
both. The ``postgres://`` scheme that some hosts still hand out is refused (by 2.0 and 2.1
alike). These mistakes fail at ``init_app``, when the engine is made, not at the first query.

How the book's tests get their databases (``database_url`` in ``conftest.py``): each test gets
a new empty one, a file in its temporary directory for SQLite and, when
``TEXTBOOK_DATABASE_URL`` names a PostgreSQL server on loopback, a schema of its own there
(``search_path`` set through the URL's ``options``), dropped when the test ends. Every test
that touches a database runs once on each; where they differ the test says which is which.

Claims:
  C1. The source's relative ``sqlite:///mydatabase.db`` lands in ``app.instance_path``, not in
      the current directory, and the file appears on the first connection.
  C2. Connecting creates no tables: a query before ``db.create_all()`` fails (SQLite:
      ``OperationalError`` "no such table: note"; PostgreSQL: ``ProgrammingError`` 'relation
      "note" does not exist'); after it the table exists.
  C3. Rows committed to a file database or a server are there for a new app instance on the
      same URL.
  C4. ``sqlite://`` is in memory: a new app instance starts empty.
  C5. The URL's scheme picks the driver: ``postgresql://`` asks for psycopg2 on SQLAlchemy 2.0
      (not installed here: ``ModuleNotFoundError`` from ``create_app``) and means psycopg 3 from
      2.1; ``postgres://`` is refused (``NoSuchModuleError`` from ``create_app``);
      ``postgresql+psycopg://`` uses psycopg 3 on both.

Try it:
  $ flask --app chapters.ch14_connecting shell
  >>> from chapters.ch14_connecting import db
  >>> db.engine.url   → sqlite://
  >>> db.engine.dialect.name   → 'sqlite'
"""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

TOPICS = ("database",)

db = SQLAlchemy()
SERVER_URL = "postgresql+psycopg://book@127.0.0.1/book"  # the driver named: psycopg 3 (C5)


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
