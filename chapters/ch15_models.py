"""
Q: How do you define a model in Flask-SQLAlchemy?

A: Subclass ``db.Model`` and declare columns. The source's ``User`` is a correct model as
written (it only needs a ``db = SQLAlchemy()`` to exist), and it is used here unchanged. What
its column options really do:

- ``unique=True`` and ``nullable=False`` become constraints in the table, enforced by the
  database when the session flushes: a duplicate or a missing value raises
  ``sqlalchemy.exc.IntegrityError`` at ``commit()``. The session is then unusable until
  ``db.session.rollback()``; another commit first raises ``PendingRollbackError``.
- ``String(80)`` becomes ``VARCHAR(80)``, but SQLite does not enforce lengths: it stores a
  200-character username without complaint. PostgreSQL refuses it (not run here: this book's
  PostgreSQL pass is not built yet). Validate lengths in the app if they matter.

Query with the SQLAlchemy 2 API: ``db.session.execute(db.select(User).filter_by(...))``,
``db.session.get(User, id)``, ``db.get_or_404(User, id)``. The old ``User.query.get(id)``
emits a ``LegacyAPIWarning`` (an error in this book), so the book does not use it.

Claims:
  C1. The source's model, unchanged, creates a ``user`` table, stores a user and reads it back.
  C2. A duplicate username raises ``IntegrityError`` ("UNIQUE constraint failed: user.username")
      at commit; a missing email raises "NOT NULL constraint failed: user.email".
  C3. After an ``IntegrityError`` the session refuses work (``PendingRollbackError``) until
      ``db.session.rollback()``.
  C4. On SQLite ``String(80)`` is not enforced: a 200-character username is stored whole.
  C5. ``User.query.get`` emits ``LegacyAPIWarning``; ``db.session.get`` and ``db.get_or_404``
      answer without one (404 for a missing id).
  C6. Any username and email strings are stored and read back unchanged.

Try it:
  flask --app chapters.ch15_models shell
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


def create_app(config=None):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
    app.config.update(config or {})
    db.init_app(app)
    with app.app_context():
        db.create_all()

    @app.route("/users/<int:user_id>")
    def user(user_id):
        found = db.get_or_404(User, user_id)
        return {"username": found.username, "email": found.email}

    return app
