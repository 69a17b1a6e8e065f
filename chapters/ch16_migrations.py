"""
Q: Explain Flask-Migrate and its purpose. Flask-Migrate is an extension that allows you to
manage database migrations in Flask-SQLAlchemy applications. It helps to keep the database
schema in sync with the application models.

A: Flask-Migrate wires Alembic to a Flask-SQLAlchemy app. ``flask db init`` creates a
``migrations/`` folder; ``flask db migrate -m "..."`` compares the models with the database and
writes a revision script; ``flask db upgrade`` applies the scripts, ``flask db downgrade`` undoes
the last one. The same functions exist in Python (``flask_migrate.init``, ``migrate``,
``upgrade``, ``downgrade``), used here inside an application context.

"Keeps the schema in sync" overstates it. Autogenerate writes a draft that must be reviewed:
it cannot tell a renamed column from a dropped one plus a new one, so a rename comes out as
``drop_column`` and ``add_column``, and applied as is it would lose the column's data. On SQLite
most ``ALTER TABLE`` changes need batch mode (``render_as_batch=True``: copy the table, change
it, copy back), which this chapter turns on.

The ``env.py`` that Flask-Migrate 4.1 generates first tries ``db.get_engine()``, which
Flask-SQLAlchemy 3.1 deprecates (a ``DeprecationWarning``, an error in this book). The book
moves to the replacement: after ``init`` it rewrites that call to ``db.engine``
(``use_engine_property`` below).

A migration that fails halfway is where the databases part ways. PostgreSQL has
transactional DDL, and the upgrade's statements share one transaction there: a failure undoes
every statement, and fixing the script and upgrading again just works. SQLite's driver commits
each ``CREATE TABLE`` as it goes, so the statements before the failure stay, the database
matches no revision, and the fixed script then fails on what the broken run left behind.
"SQLite has no transactional DDL" is the usual explanation, and it is wrong: SQLite rolls a
``CREATE TABLE`` back like anything else. It is Python's ``sqlite3`` module that opens no
transaction before DDL. Let SQLAlchemy send ``BEGIN`` itself (``SQLITE_TRANSACTIONAL_DDL``
below turns on ``begin_transactions_on_sqlite``) and a failed upgrade leaves nothing on SQLite
either. Every test here runs on both databases (chapter 14), but C10's, which is about SQLite.

A trap for anyone running migrations in-process (tests, scripts): the generated ``env.py``
calls ``logging.config.fileConfig``, which disables every logger that already exists, the
Flask app's included.

Claims:
  C1. ``init``, ``migrate`` and ``upgrade`` create the table from the models, with the revision
      script written by autogenerate.
  C2. Adding a column is a migration that keeps existing rows (batch mode on SQLite).
  C3. ``downgrade`` reverses the last migration: the column is gone, the rows stay.
  C4. Correction: autogenerate does not detect a rename: renaming ``name`` writes
      ``drop_column('name')`` and ``add_column('full_name')``, to be rewritten by hand.
  C5. The ``flask db migrate`` and ``flask db upgrade`` commands do the same through the command
      line: both exit 0 and the database's ``alembic_version`` is the new revision.
  C6. Running migrations in-process disables loggers that existed before (``fileConfig``).
  C7. The generated ``env.py`` calls the deprecated ``db.get_engine()``, which warns; the
      book's rewrite to ``db.engine`` migrates without a warning.
  C8. Before the first upgrade there is no table: ``/users`` answers 503 asking for
      ``flask db upgrade`` rather than a 500 (the error is ``OperationalError`` on SQLite,
      ``ProgrammingError`` on PostgreSQL; the view catches both).
  C9. An upgrade that fails halfway leaves ``alembic_version`` at the old revision on both; on
      PostgreSQL nothing else remains and the fixed script upgrades cleanly, on SQLite the
      table it created stays and the fixed script fails with "table audit already exists".
  C10. With ``begin_transactions_on_sqlite``, SQLite undoes a failed upgrade whole, as
       PostgreSQL does, and the fixed script then upgrades cleanly.

Try it:
  flask --app chapters.ch16_migrations db init
  flask --app chapters.ch16_migrations db migrate -m "create user"
  flask --app chapters.ch16_migrations db upgrade
"""

from pathlib import Path

from flask import Flask
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.exc import OperationalError, ProgrammingError

TOPICS = ("migrations", "database", "command_line")


def define_user_table(db, version):
    """The model as it changes: v1 (id, name), v2 adds email, v3 renames name to full_name."""
    columns = [db.Column("id", db.Integer, primary_key=True),
               db.Column("name" if version < 3 else "full_name", db.String(80), nullable=False)]
    if version >= 2:
        columns.append(db.Column("email", db.String(120)))
    return db.Table("user", *columns)


def use_engine_property(directory):
    """Move the generated env.py off the deprecated ``get_engine()`` (Flask-SQLAlchemy 3.1)."""
    env = Path(directory) / "env.py"
    old = "current_app.extensions['migrate'].db.get_engine()"
    env.write_text(env.read_text().replace(old, "current_app.extensions['migrate'].db.engine"))


def begin_transactions_on_sqlite(engine):
    """Make DDL transactional on SQLite: the driver begins nothing, so SQLAlchemy begins."""
    @event.listens_for(engine, "connect")
    def driver_begins_nothing(dbapi_connection, _):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def begin(connection):
        connection.exec_driver_sql("BEGIN")


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(SQLALCHEMY_DATABASE_URI="sqlite://", SCHEMA_VERSION=1, MIGRATIONS="migrations")
    app.config.update(config or {})
    db = SQLAlchemy()  # one per app here: each schema version has its own metadata
    users = define_user_table(db, app.config["SCHEMA_VERSION"])
    db.init_app(app)
    if app.config.get("SQLITE_TRANSACTIONAL_DDL"):
        with app.app_context():
            begin_transactions_on_sqlite(db.engine)
    Migrate(app, db, directory=app.config["MIGRATIONS"], render_as_batch=True)

    @app.route("/users")
    def list_users():
        try:
            rows = db.session.execute(db.select(users)).mappings().all()
        except (OperationalError, ProgrammingError):  # found by the fuzz test: no table yet
            return {"error": "the database is not migrated: run flask db upgrade"}, 503
        return {"users": [dict(row) for row in rows]}

    return app
