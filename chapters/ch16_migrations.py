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
``drop_column`` and ``add_column``. Applied as is to a table with rows, that script fails: the
new column is ``NOT NULL`` and nothing fills it. The rows survive, but on SQLite the failed run
leaves a half-made copy of the table behind (``_alembic_tmp_user``), and the next try fails on
it until it is dropped. What the script must say is a rename, written by hand
(``RENAME_BY_HAND`` below).

Flask-Migrate 4 writes its scripts in Alembic's batch mode (``render_as_batch``, on by
default). On SQLite, batch mode makes some changes by copying the table: a new table, the rows
copied in, the old one dropped, the new one renamed. The downgrade's ``drop_column`` goes that
way; an added column does not: it is a plain ``ALTER TABLE ... ADD COLUMN`` on SQLite as on
PostgreSQL.

The ``env.py`` that Flask-Migrate 4.1 generates has two traps for anyone running migrations
in-process (tests, scripts). It first tries ``db.get_engine()``, which Flask-SQLAlchemy 3.1
deprecates (a ``DeprecationWarning``, an error in this book): ``use_engine_property`` below
rewrites the call to ``db.engine``. And it calls ``logging.config.fileConfig``, which disables
every logger that already exists, the Flask app's included: ``keep_existing_loggers`` below
tells it not to.

Before the first upgrade there is no table, and the view's query raises. The view answers 503
instead, asking for ``flask db upgrade``, but only once it has checked that the table is
missing: an unreachable database raises the same ``OperationalError`` as a missing table on
SQLite, and is a different problem.

A migration that fails halfway is where the databases part ways. PostgreSQL has
transactional DDL, and the upgrade's statements share one transaction there: a failure undoes
every statement, and fixing the script and upgrading again just works. SQLite's driver commits
each ``CREATE TABLE`` as it goes, so the statements before the failure stay, the database
matches no revision, and the fixed script then fails on what the broken run left behind.
"SQLite has no transactional DDL" is the usual explanation, and it is wrong: SQLite rolls a
``CREATE TABLE`` back like anything else. It is Python's ``sqlite3`` module that opens no
transaction before DDL. Let SQLAlchemy send ``BEGIN`` itself (``SQLITE_TRANSACTIONAL_DDL``
below turns on ``begin_transactions_on_sqlite``) and a failed upgrade leaves nothing on SQLite
either. Every test here runs on both databases (chapter 14), but C12's, which is about SQLite.

Claims:
  C1. ``init``, ``migrate`` and ``upgrade`` create the table from the models, with the revision
      script written by autogenerate.
  C2. Adding a column is a migration that keeps existing rows, and batch mode changes nothing
      about it: the upgrade's only DDL is ``ALTER TABLE ... ADD COLUMN email VARCHAR(120)`` on
      SQLite as on PostgreSQL.
  C3. ``downgrade`` reverses the last migration: the column is gone, the rows stay. PostgreSQL
      drops the column in place; SQLite, in batch mode, copies the table through
      ``_alembic_tmp_user``.
  C4. Correction: autogenerate does not detect a rename: renaming ``name`` writes
      ``drop_column('name')`` and ``add_column('full_name', ..., nullable=False)``.
  C5. Applied to a table with rows, that script fails with ``IntegrityError`` (SQLite: "NOT NULL
      constraint failed: _alembic_tmp_user.full_name"; PostgreSQL: 'column "full_name" of
      relation "user" contains null values'). The rows and the revision stay as they were; on
      SQLite the copy ``_alembic_tmp_user`` stays too.
  C6. Rewritten by hand as ``alter_column('name', new_column_name='full_name')``, the rename
      upgrades and keeps the rows; on SQLite only once ``_alembic_tmp_user`` is dropped (before,
      "table _alembic_tmp_user already exists").
  C7. The ``flask db migrate`` and ``flask db upgrade`` commands do the same through the command
      line: both exit 0 and the database's ``alembic_version`` is the new revision.
  C8. A migration run in-process disables the loggers that existed before it, the app's
      included (the generated ``env.py`` calls ``fileConfig``); after ``keep_existing_loggers``
      they stay enabled.
  C9. The generated ``env.py`` calls the deprecated ``db.get_engine()``, which warns; the
      book's rewrite to ``db.engine`` migrates without a warning.
  C10. Before the first upgrade there is no table: ``/users`` answers 503 asking for
       ``flask db upgrade`` rather than a 500 (the error is ``OperationalError`` on SQLite,
       ``ProgrammingError`` on PostgreSQL). An unreachable database raises
       ``OperationalError`` too, and is not called unmigrated: the error propagates.
  C11. An upgrade that fails halfway leaves ``alembic_version`` at the old revision on both; on
       PostgreSQL nothing else remains and the fixed script upgrades cleanly, on SQLite the
       table it created stays and the fixed script fails with "table audit already exists".
  C12. With ``begin_transactions_on_sqlite``, SQLite undoes a failed upgrade whole, as
       PostgreSQL does, and the fixed script then upgrades cleanly. The ``BEGIN`` alone does it:
       SQLAlchemy's recipe also sets the driver's ``isolation_level`` to ``None``, and this
       chapter does not.
  C13. ``FLASK_SQLALCHEMY_DATABASE_URI`` in the environment chooses the database
      (``app.config.from_prefixed_env()``): "Try it" migrates a file a reader can look at.

Try it:
  # in a folder of its own, with the database in a file there to look at afterwards:
  $ cd "$(mktemp -d)"
  $ export FLASK_SQLALCHEMY_DATABASE_URI="sqlite:///$PWD/book.db"
  $ flask --app chapters.ch16_migrations db init                       → Creating directory
  $ flask --app chapters.ch16_migrations db migrate -m "create user"   → Detected added table 'user'
  $ flask --app chapters.ch16_migrations db upgrade                    → Running upgrade  -> 
  → create user
  $ python -c 'import sqlite3; print(sqlite3.connect("book.db").execute("select name from sqlite_master").fetchall())'
  → ('user',)
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


# What the v3 script's upgrade() must say instead of autogenerate's drop and add.
RENAME_BY_HAND = """\
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.alter_column('name', new_column_name='full_name')
"""


def use_engine_property(directory):
    """Move the generated env.py off the deprecated ``get_engine()`` (Flask-SQLAlchemy 3.1)."""
    env = Path(directory) / "env.py"
    old = "current_app.extensions['migrate'].db.get_engine()"
    env.write_text(env.read_text().replace(old, "current_app.extensions['migrate'].db.engine"))


def keep_existing_loggers(directory):
    """Stop the generated env.py's ``fileConfig`` from disabling the loggers that exist."""
    env = Path(directory) / "env.py"
    old = "fileConfig(config.config_file_name)"
    new = "fileConfig(config.config_file_name, disable_existing_loggers=False)"
    env.write_text(env.read_text().replace(old, new))


def begin_transactions_on_sqlite(engine):
    """Make DDL transactional on SQLite: SQLAlchemy sends BEGIN before any statement."""
    @event.listens_for(engine, "begin")
    def begin(connection):
        connection.exec_driver_sql("BEGIN")  # pragma: no mutate: SQL keywords ignore case


def create_app(config=None):
    app = Flask(__name__)
    app.config.update(SQLALCHEMY_DATABASE_URI="sqlite://", SCHEMA_VERSION=1)
    app.config.from_prefixed_env()  # FLASK_SQLALCHEMY_DATABASE_URI: a file to look at ("Try it")
    app.config.update(config or {})
    db = SQLAlchemy()  # one per app here: each schema version has its own metadata
    users = define_user_table(db, app.config["SCHEMA_VERSION"])
    db.init_app(app)
    if app.config.get("SQLITE_TRANSACTIONAL_DDL"):
        with app.app_context():
            begin_transactions_on_sqlite(db.engine)
    Migrate(app, db)  # scripts in migrations/, in batch mode (Flask-Migrate 4's defaults)

    @app.route("/users")
    def list_users():
        try:
            rows = db.session.execute(db.select(users)).mappings().all()
        except (OperationalError, ProgrammingError):  # found by the fuzz test: no table yet
            if db.inspect(db.engine).has_table(users.name):
                raise  # the table is there: something else failed
            return {"error": "the database is not migrated: run flask db upgrade"}, 503
        return {"users": [dict(row) for row in rows]}

    return app
