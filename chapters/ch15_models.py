"""
Q: How do you define a model in Flask-SQLAlchemy?

A: Subclass ``db.Model`` and declare columns. The source's ``User`` is a correct model as
written (it only needs a ``db = SQLAlchemy()`` to exist), and it is used here unchanged. What
its column options really do:

- ``unique=True`` and ``nullable=False`` become constraints in the table, enforced by the
  database when the session flushes: a duplicate or a missing value raises
  ``sqlalchemy.exc.IntegrityError`` at ``commit()``, worded by each database its own way. The
  session is then unusable until ``db.session.rollback()``; another query first raises
  ``PendingRollbackError``. ``add_user`` below rolls back before it re-raises, so the session
  it leaves behind works.
- ``String(80)`` becomes ``VARCHAR(80)``, and here the databases part ways: SQLite does not
  enforce lengths and stores a 200-character username whole; PostgreSQL refuses it with
  ``DataError`` "value too long for type character varying(80)". An app that relies on either
  behaviour breaks on the other. Opinion: validate lengths in the app if they matter.
- ``User`` is a trap on PostgreSQL, where ``user`` is a reserved word. The ORM quotes the
  table's name, so the model works, but hand-written SQL ``select * from user`` reads the
  current database user there (one row: the login name) and the table only on SQLite. Quote
  it (``"user"``) or name the table ``users``.

An id in a URL is another place where the database has the last word. Werkzeug's ``int``
converter takes a number of any size, while an ``Integer`` column holds 32 bits on PostgreSQL
and 64 on SQLite: ``/users/2147483648`` made PostgreSQL raise ``DataError`` "integer out of
range", and ``/users/9223372036854775808`` made SQLite's driver raise ``OverflowError``, each a
500 (the fuzz test found the first on PostgreSQL). The route bounds the converter,
``<int(max=2147483647):user_id>``, so such ids are simply not found.

Query with the SQLAlchemy 2 API: ``db.session.execute(db.select(User).filter_by(...))``,
``db.session.get(User, id)``, ``db.get_or_404(User, id)``. The old ``User.query.get(id)``
emits a ``LegacyAPIWarning`` (an error in this book), so the book does not use it.

Text is stored as given, with two exceptions. A NUL character (``"\\x00"``) is where the
databases part ways again: SQLite stores it and gives it back whole (though SQL's own
``length()`` stops counting there), while PostgreSQL refuses it with ``DataError``
"PostgreSQL text fields cannot contain NUL (0x00) bytes". And a lone surrogate
(``"\\ud800"``) is not text UTF-8 can encode: both drivers raise ``UnicodeEncodeError``.

Without configuration the app runs on an in-memory SQLite database with its table created, so
``flask shell`` can store a user at once.

Every test here runs on SQLite and on PostgreSQL (chapter 14 says how), but C4's, each of which
proves one side of the difference, and C9's, which is about the default database.

Claims:
  C1. The source's model, unchanged, creates a ``user`` table, stores a user and reads it back.
  C2. A duplicate username or a missing email raises ``IntegrityError`` at commit; SQLite says
      "UNIQUE constraint failed: user.username" and "NOT NULL constraint failed: user.email",
      PostgreSQL 'duplicate key value violates unique constraint "user_username_key"' and
      'null value in column "email" of relation "user" violates not-null constraint'.
  C3. After an ``IntegrityError`` the session refuses work (``PendingRollbackError``) until
      ``db.session.rollback()``; after ``add_user`` fails, the session works at once.
  C4. ``String(80)`` is not enforced on SQLite (a 200-character username is stored whole) and
      is on PostgreSQL (``DataError`` "value too long for type character varying(80)").
  C5. ``User.query.get`` emits ``LegacyAPIWarning``; ``db.session.get`` and ``db.get_or_404``
      answer without one (404 for a missing id).
  C6. Any username and email of at most 80 characters are stored and read back unchanged on
      both databases, but for two characters: a NUL is stored whole on SQLite (where SQL's
      ``length()`` stops at it) and refused by PostgreSQL with ``DataError``; a lone surrogate
      raises ``UnicodeEncodeError`` on both.
  C7. Raw ``select * from user`` reads the table on SQLite and the current user on PostgreSQL;
      quoted, ``"user"`` is the table on both.
  C8. Looking up an id beyond the column's integer fails in the database (PostgreSQL:
      ``DataError`` "integer out of range" from 2**31; SQLite: ``OverflowError`` from 2**63);
      the bounded route answers 404 for both.
  C9. Without configuration the app stores users in an in-memory SQLite database, its table
      already created: a fresh ``create_app()`` adds and reads a user with no other setup.

Try it:
  $ flask --app chapters.ch15_models shell
  >>> from chapters.ch15_models import add_user, db, User
  >>> add_user(username="ada", email="ada@example.org")
  >>> db.session.get(User, 1)   → <User ada>
"""

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

TOPICS = ("database",)

db = SQLAlchemy()


class User(db.Model):  # the source's model, as written
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    email = db.Column(db.String(120), unique=True, nullable=False)

    def __repr__(self):
        return f'<User {self.username}>'


def add_user(**fields):
    """Store a user; if the database (or its driver) refuses, leave the session usable, re-raise."""
    db.session.add(User(**fields))
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()  # without it, every later query raises PendingRollbackError
        raise


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    app.config.update(config or {})
    db.init_app(app)
    with app.app_context():
        db.create_all()

    @app.route("/users/<int(max=2147483647):user_id>")  # the largest id an Integer holds everywhere
    def user(user_id):
        found = db.get_or_404(User, user_id)
        return {"username": found.username, "email": found.email}

    return app
