import contextlib
import logging
from pathlib import Path

import pytest

from textbook import databases

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C13": ("    app.config.from_prefixed_env()  # FLASK_SQLALCHEMY", "    # FLASK_SQLALCHEMY"),  # the environment ignored
    "C1": ('users = define_user_table(db, app.config["SCHEMA_VERSION"])',
           'users = define_user_table(SQLAlchemy(), app.config["SCHEMA_VERSION"])'),  # the model on another db: autogenerate sees no table
    "C2": ('columns.append(db.Column("email", db.String(120)))',
           'columns.append(db.Column("email", db.String(120), nullable=False))'),  # a required column added to a table with rows
    "C3": ("Migrate(app, db)  #", "Migrate(app, db, render_as_batch=False)  #"),  # Flask-Migrate 3's default: SQLite drops in place
    "C4": ('"name" if version < 3 else "full_name"', '"name" if version < 4 else "full_name"'),  # premise: v3 renames nothing
    "C5": ('db.String(80), nullable=False)]', 'db.String(80), nullable=True)]'),  # a nullable column: the script runs and drops every name
    "C6": ("batch_op.alter_column('name', new_column_name='full_name')",
           "batch_op.alter_column('full_name', new_column_name='name')"),  # the rename written backwards
    "C7": ("Migrate(app, db)  #", "Migrate(db=db)  #"),  # Migrate never given the app: no flask db commands
    "C8": [('old = "fileConfig(config.config_file_name)"', 'old = "fileConfig(config.config_file)"'),  # the rewrite matches nothing
           ("disable_existing_loggers=False", "disable_existing_loggers=True")],  # fileConfig's own default
    "C9": ("""old = "current_app.extensions['migrate'].db.get_engine()\"""",
           """old = 'current_app.extensions["migrate"].db.get_engine()'"""),  # the rewrite matches nothing: env.py still warns
    "C10": [("except (OperationalError, ProgrammingError):", "except ProgrammingError:"),  # SQLite's missing table: a 500
            ("            if db.inspect(db.engine).has_table(users.name):\n"
             "                raise  # the table is there: something else failed\n", "")],  # an unreachable database called unmigrated
    "C11": ('app.config.get("SQLITE_TRANSACTIONAL_DDL")', 'app.config.get("SQLITE_TRANSACTIONAL_DDL", True)'),  # premise: SQLite made transactional
    "C12": ('connection.exec_driver_sql("BEGIN")', "pass"),  # half the recipe: autocommit, nothing to undo
}


@contextlib.contextmanager
def logging_restored():
    """Alembic's env.py reconfigures logging; put everything back for the other tests."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    loggers = {name: (lg.disabled, lg.level, lg.handlers[:], lg.propagate)
               for name, lg in logging.Logger.manager.loggerDict.items() if isinstance(lg, logging.Logger)}
    try:
        yield
    finally:
        root.handlers[:], root.level = handlers, level
        for name, lg in list(logging.Logger.manager.loggerDict.items()):
            if isinstance(lg, logging.Logger):
                disabled, lvl, hdlrs, propagate = loggers.get(name, (False, logging.NOTSET, [], True))
                lg.disabled, lg.level, lg.handlers[:], lg.propagate = disabled, lvl, hdlrs, propagate


@contextlib.contextmanager
def in_folder(folder):
    """Work in ``folder``: the app's migrations/ is there, as in the reader's project."""
    with contextlib.chdir(folder), logging_restored():
        yield


@contextlib.contextmanager
def ddl_sent(app):
    """The DDL the app's engine sends inside the block (in the app's context), as one-line strings."""
    from sqlalchemy import event

    sent, engine = [], app.extensions["sqlalchemy"].engine

    def record(conn, cursor, statement, *args):
        if statement.split()[0] in ("CREATE", "ALTER", "DROP", "INSERT") and "alembic_version" not in statement:
            sent.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def outcome(step):
    try:
        step()
    except Exception as error:  # noqa: BLE001 - what the reader would see
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"
    return "upgraded"


def scripts():
    return {path.name.split("_", 1)[1]: path.read_text() for path in Path("migrations/versions").glob("*.py")}


def revision_of(script):
    return script.split("Revision ID: ")[1].split()[0]


def database_of(app):
    return app.extensions["sqlalchemy"]


# One migration history per database for the module, in stages: each stage is a fixture that
# builds on the one before, with apps of its own (the plugin closes a test's connections).

@pytest.fixture(scope="module")
def history(dialect, database_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("migrations")
    with databases.fresh(dialect, folder, database_server) as url:
        yield {"folder": folder, "url": url}


def ch16_app(history, **config):
    from chapters import ch16_migrations as chapter

    return chapter.create_app({"SQLALCHEMY_DATABASE_URI": history["url"], **config})


@pytest.fixture(scope="module")
def created(history):
    """v1: init, migrate and upgrade in Python; the loggers the migration disabled."""
    import flask_migrate
    from chapters import ch16_migrations as chapter

    record, earlier = {}, logging.getLogger("book.before.migrations")
    with in_folder(history["folder"]):
        app = ch16_app(history)  # the default schema: version 1
        with app.app_context():
            flask_migrate.init()
            record["generated_env"] = Path("migrations/env.py").read_text()
            chapter.use_engine_property("migrations")
            record["env"] = Path("migrations/env.py").read_text()
            earlier.disabled = app.logger.disabled = False  # both exist, enabled, before the migration
            flask_migrate.migrate(message="create user")
            record["disabled by the generated env"] = (earlier.disabled, app.logger.disabled)
            flask_migrate.upgrade()
            db = database_of(app)
            db.session.execute(db.metadata.tables["user"].insert().values(name="ada"))
            db.session.commit()
        record["users"] = app.test_client().get("/users").get_json()
        record["scripts"] = scripts()
    return record


@pytest.fixture(scope="module")
def loggers_kept(created, history):
    """The same loggers, enabled again, through a migration run after keep_existing_loggers."""
    import flask_migrate
    from chapters import ch16_migrations as chapter

    with in_folder(history["folder"]):
        app, earlier = ch16_app(history), logging.getLogger("book.before.migrations")
        earlier.disabled = app.logger.disabled = False
        chapter.keep_existing_loggers("migrations")
        with app.app_context():
            flask_migrate.upgrade()  # at the head already: env.py runs, changes nothing
        return earlier.disabled, app.logger.disabled


@pytest.fixture(scope="module")
def added(created, history):
    """v2: the email column, through the flask db commands."""
    record = {}
    with in_folder(history["folder"]):
        app = ch16_app(history, SCHEMA_VERSION=2)
        cli = app.test_cli_runner()
        with app.app_context(), ddl_sent(app) as sent:
            results = [cli.invoke(args=["db", "migrate", "-m", "add email"]), cli.invoke(args=["db", "upgrade"])]
            record["exit codes"] = [result.exit_code for result in results]
            record["current"] = database_of(app).session.execute(
                database_of(app).text("select version_num from alembic_version")).scalar()
        record["ddl"] = sent
        record["users"] = app.test_client().get("/users").get_json()
        record["scripts"] = scripts()
    return record


@pytest.fixture(scope="module")
def downgraded(added, history):
    """Back to v1 and up to v2 again."""
    import flask_migrate

    record = {}
    with in_folder(history["folder"]):
        app = ch16_app(history, SCHEMA_VERSION=2)
        with app.app_context(), ddl_sent(app) as sent:
            flask_migrate.downgrade(revision="-1")
        record["ddl"] = sent
        record["users"] = ch16_app(history).test_client().get("/users").get_json()
        with app.app_context():
            flask_migrate.upgrade()
    return record


@pytest.fixture(scope="module")
def renamed(downgraded, history):
    """v3: autogenerate's rename applied as is, then the one written by hand."""
    import flask_migrate
    from chapters import ch16_migrations as chapter

    record = {}
    with in_folder(history["folder"]):
        app = ch16_app(history, SCHEMA_VERSION=3)
        db = database_of(app)
        with app.app_context():
            flask_migrate.migrate(message="rename name")
            script = next(Path("migrations/versions").glob("*_rename_name.py"))
            record["script"] = script.read_text()
            record["failure"] = outcome(flask_migrate.upgrade)
            record["tables"] = sorted(db.inspect(db.engine).get_table_names())
            record["rows"] = db.session.execute(db.text('select id, name, email from "user"')).all()
            record["version"] = db.session.execute(db.text("select version_num from alembic_version")).scalar()
            db.session.remove()
            head, tail = record["script"].split("def upgrade():\n")
            script.write_text(head + "def upgrade():\n" + chapter.RENAME_BY_HAND + tail[tail.index("\n\n"):])
            record["retries"] = [outcome(flask_migrate.upgrade)]
            if "_alembic_tmp_user" in record["tables"]:
                db.session.execute(db.text("drop table _alembic_tmp_user"))
                db.session.commit()
                record["retries"].append(outcome(flask_migrate.upgrade))
        record["users"] = app.test_client().get("/users").get_json()
        record["revisions"] = {name: revision_of(text) for name, text in scripts().items()}
    return record


@pytest.mark.claim("C1")
def test_init_migrate_upgrade_create_the_table(created):
    assert "op.create_table('user'" in created["scripts"]["create_user.py"]
    assert created["users"] == {"users": [{"id": 1, "name": "ada"}]}


# The add's DDL, and the downgrade's: SQLite's batch mode copies the table for the drop alone.
ADD_EMAIL = {"sqlite": ["ALTER TABLE user ADD COLUMN email VARCHAR(120)"],
             "postgresql": ['ALTER TABLE "user" ADD COLUMN email VARCHAR(120)']}
DROP_EMAIL = {
    "sqlite": ["CREATE TABLE _alembic_tmp_user ( id INTEGER NOT NULL, name VARCHAR(80) NOT NULL, PRIMARY KEY (id) )",
               "INSERT INTO _alembic_tmp_user (id, name) SELECT user.id, user.name FROM user",
               "DROP TABLE user", "ALTER TABLE _alembic_tmp_user RENAME TO user"],
    "postgresql": ['ALTER TABLE "user" DROP COLUMN email'],
}


@pytest.mark.claim("C2")
def test_adding_a_column_keeps_the_rows_in_place(added, dialect):
    script = added["scripts"]["add_email.py"]
    assert "with op.batch_alter_table('user', schema=None) as batch_op:" in script
    assert "batch_op.add_column(sa.Column('email', sa.String(length=120), nullable=True))" in script
    assert (added["ddl"], added["users"]) == (ADD_EMAIL[dialect], {"users": [{"id": 1, "name": "ada", "email": None}]})


@pytest.mark.claim("C3")
def test_downgrade_reverses_the_last_migration(added, downgraded, dialect):
    assert "batch_op.drop_column('email')" in added["scripts"]["add_email.py"]
    assert downgraded["ddl"] == DROP_EMAIL[dialect]
    assert downgraded["users"] == {"users": [{"id": 1, "name": "ada"}]}


@pytest.mark.claim("C4")
def test_a_rename_comes_out_as_drop_and_add(renamed):
    script = renamed["script"]
    assert "batch_op.add_column(sa.Column('full_name', sa.String(length=80), nullable=False))" in script
    assert "batch_op.drop_column('name')" in script
    assert "alter_column" not in script


RENAME_FAILURE = {
    "sqlite": "IntegrityError: (sqlite3.IntegrityError) NOT NULL constraint failed: _alembic_tmp_user.full_name",
    "postgresql": 'IntegrityError: (psycopg.errors.NotNullViolation) column "full_name" of relation "user" contains null values',
}


@pytest.mark.claim("C5")
def test_the_generated_rename_fails_on_a_table_with_rows(renamed, dialect):
    assert renamed["failure"] == RENAME_FAILURE[dialect]
    assert (renamed["rows"], renamed["version"]) == ([(1, "ada", None)], renamed["revisions"]["add_email.py"])
    leftover = {"sqlite": ["_alembic_tmp_user"], "postgresql": []}[dialect]
    assert renamed["tables"] == sorted(["alembic_version", "user", *leftover])


RETRIES = {"sqlite": ["OperationalError: (sqlite3.OperationalError) table _alembic_tmp_user already exists", "upgraded"],
           "postgresql": ["upgraded"]}


@pytest.mark.claim("C6")
def test_the_rename_by_hand_keeps_the_rows(renamed, dialect):
    assert renamed["retries"] == RETRIES[dialect]
    assert renamed["users"] == {"users": [{"id": 1, "full_name": "ada", "email": None}]}


@pytest.mark.claim("C7")
def test_flask_db_commands_migrate_and_upgrade(added):
    assert added["exit codes"] == [0, 0]
    assert added["current"] == revision_of(added["scripts"]["add_email.py"])


@pytest.mark.claim("C8")
def test_in_process_migrations_disable_earlier_loggers_until_kept(created, loggers_kept):
    assert created["disabled by the generated env"] == (True, True)
    assert loggers_kept == (False, False)


@pytest.mark.claim("C9")
def test_generated_env_calls_the_deprecated_get_engine(created, app_ctx, app):
    assert "current_app.extensions['migrate'].db.get_engine()" in created["generated_env"]
    assert ".db.get_engine()" not in created["env"]  # and every migration here ran with warnings as errors
    with pytest.warns(DeprecationWarning, match="'get_engine' is deprecated"):
        app.extensions["sqlalchemy"].get_engine()


@pytest.mark.claim("C10")
@pytest.mark.usefixtures("database_url")
def test_before_the_first_upgrade_users_answers_503(client):
    response = client.get("/users")
    assert (response.status_code, response.get_json()) == (
        503, {"error": "the database is not migrated: run flask db upgrade"})


@pytest.mark.claim("C10")
@pytest.mark.usefixtures("database_url")
def test_before_the_first_upgrade_the_query_raises(app, app_ctx, dialect):
    db = app.extensions["sqlalchemy"]
    with pytest.raises(Exception) as missing:
        db.session.execute(db.select(db.metadata.tables["user"]))
    db.session.rollback()
    assert type(missing.value).__name__ == {"sqlite": "OperationalError", "postgresql": "ProgrammingError"}[dialect]


def unreachable_url(kind):
    import socket

    if kind == "sqlite":
        return "sqlite:////no/such/folder/book.db"
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        return f"postgresql+psycopg://book@127.0.0.1:{closed.getsockname()[1]}/postgres"


@pytest.mark.claim("C10")
@pytest.mark.parametrize(("kind", "message"), [("sqlite", "unable to open database file"),
                                               ("postgresql", "Connection refused")])
def test_an_unreachable_database_is_not_called_unmigrated(chapter, kind, message):
    from sqlalchemy.exc import OperationalError

    client = chapter.create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": unreachable_url(kind)}).test_client()
    with pytest.raises(OperationalError, match=message):
        client.get("/users")


@pytest.fixture(scope="module")
def failed_upgrade(dialect, database_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("failing")
    with databases.fresh(dialect, folder, database_server) as url:
        return fail_an_upgrade(folder, {"SQLALCHEMY_DATABASE_URI": url})


@pytest.fixture(scope="module")
def failed_upgrade_on_transactional_sqlite(tmp_path_factory):
    folder = tmp_path_factory.mktemp("failing")
    return fail_an_upgrade(folder, {"SQLALCHEMY_DATABASE_URI": databases.sqlite_url(folder),
                                    "SQLITE_TRANSACTIONAL_DDL": True})


def fail_an_upgrade(folder, config):
    """Upgrade to a revision that fails after its first statement, then fix it and upgrade again."""
    import flask_migrate
    from chapters import ch16_migrations as chapter

    record = {}
    with in_folder(folder):
        app = chapter.create_app(config)
        db = database_of(app)
        with app.app_context():
            flask_migrate.init()
            chapter.use_engine_property("migrations")
            flask_migrate.migrate(message="create user")
            flask_migrate.upgrade()
            record["good"] = db.session.execute(db.text("select version_num from alembic_version")).scalar()
            # A generated empty revision, given a body whose second statement fails.
            flask_migrate.revision(message="audit")
            script = next(Path("migrations/versions").glob("*_audit.py"))
            body = "    op.create_table('audit', sa.Column('id', sa.Integer, primary_key=True))\n"
            script.write_text(script.read_text().replace(
                "def upgrade():\n    pass\n", "def upgrade():\n" + body + "    op.execute('not sql')\n"))
            with pytest.raises(Exception, match="not sql"):
                flask_migrate.upgrade()
            db.session.remove()
            record["tables"] = sorted(db.inspect(db.engine).get_table_names())
            record["version"] = db.session.execute(db.text("select version_num from alembic_version")).scalar()
            db.session.remove()
            script.write_text(script.read_text().replace("    op.execute('not sql')\n", ""))
            record["retry"] = outcome(flask_migrate.upgrade)
            db.session.remove()
            db.engine.dispose()
    return record


@pytest.mark.claim("C11")
def test_a_failed_upgrade_keeps_the_old_revision(failed_upgrade):
    assert failed_upgrade["version"] == failed_upgrade["good"]


@pytest.mark.claim("C11")
@pytest.mark.dialect("postgresql")
def test_postgresql_undoes_a_failed_upgrade_whole(failed_upgrade):
    assert failed_upgrade["tables"] == ["alembic_version", "user"]
    assert failed_upgrade["retry"] == "upgraded"


@pytest.mark.claim("C11")
@pytest.mark.dialect("sqlite")
def test_sqlite_keeps_what_a_failed_upgrade_created(failed_upgrade):
    assert failed_upgrade["tables"] == ["alembic_version", "audit", "user"]
    assert failed_upgrade["retry"] == "OperationalError: (sqlite3.OperationalError) table audit already exists"


@pytest.mark.claim("C12")
def test_sqlite_undoes_a_failed_upgrade_when_sqlalchemy_begins(failed_upgrade_on_transactional_sqlite):
    record = failed_upgrade_on_transactional_sqlite
    assert (record["tables"], record["version"]) == (["alembic_version", "user"], record["good"])
    assert record["retry"] == "upgraded"


@pytest.mark.claim("C13")
def test_the_database_url_comes_from_the_environment(chapter, monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/book.db")
    assert chapter.create_app().config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/book.db"
