"""
Q: Explain the use of Flask-SQLAlchemy. Flask-SQLAlchemy is an extension that integrates
SQLAlchemy with Flask, providing an easy way to work with databases in Flask applications.

A: SQLAlchemy is the database toolkit and ORM; Flask-SQLAlchemy adds the Flask glue. It reads
the engine's URL from ``app.config["SQLALCHEMY_DATABASE_URI"]``; it gives you ``db.Model``, a
declarative base whose table names are derived from class names; and it scopes ``db.session``
to the application context: within one context every use of ``db.session`` is the same
session, a new context gets a new one (even one pushed inside another), and the session is
removed (closed, uncommitted work rolled back) when the context ends. Outside a context there
is no app to take the configuration from, so ``db.session`` and ``db.engine`` raise
``RuntimeError: Working outside of application context.``

One ``SQLAlchemy()`` object serves many apps: ``db.init_app(app)`` binds it to each app a
factory builds, each with its own engine and database.

The book proves the claims that touch a database twice, on SQLite and on PostgreSQL (see
chapter 14 for how the tests get a fresh one of each).

Claims:
  C1. Outside an application context, ``db.session`` and ``db.engine`` raise "Working outside of
      application context."
  C2. Within one application context ``db.session`` is one session; a new context gets a new
      one, and so does a context pushed inside another, whose end gives the outer context its
      own session back.
  C3. Work not committed is gone when the context ends: the session is closed and emptied, and
      its transaction rolled back, even on the in-memory database whose one connection every
      session shares.
  C4. One ``SQLAlchemy()`` bound to two apps with ``init_app`` gives each app its own engine and
      data.
  C5. ``db.Model`` derives the table name from the class name (``TodoItem`` becomes
      ``todo_item``).

Try it:
  $ flask --app chapters.ch13_flask_sqlalchemy shell   # a session inside the app's context
  >>> from chapters.ch13_flask_sqlalchemy import db, TodoItem
  >>> db.session.add(TodoItem(title="write tests"))
  >>> db.session.commit()
  >>> db.session.scalars(db.select(TodoItem.title)).all()   → ['write tests']
"""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

TOPICS = ("database", "contexts", "extensions")

db = SQLAlchemy()  # one object, bound to every app the factory builds


class TodoItem(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(80), nullable=False)


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    app.config.update(config or {})
    db.init_app(app)
    with app.app_context():
        db.create_all()

    @app.route("/todos")
    def todos():
        return {"titles": db.session.execute(db.select(TodoItem.title)).scalars().all()}

    return app
