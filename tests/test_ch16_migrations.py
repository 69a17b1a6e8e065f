import contextlib
import logging

import pytest

from textbook import databases


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
        for name, (disabled, lvl, hdlrs, propagate) in loggers.items():
            lg = logging.getLogger(name)
            lg.disabled, lg.level, lg.handlers[:], lg.propagate = disabled, lvl, hdlrs, propagate


@pytest.fixture(scope="module")
def history(dialect, database_server, tmp_path_factory):
    """Run the whole migration history once per database for the module; record what it did."""
    tmp = tmp_path_factory.mktemp("migrations")
    with databases.fresh(dialect, tmp, database_server) as url:
        return run_history(url, tmp)


def run_history(url, tmp):
    import flask_migrate
    from chapters import ch16_migrations as chapter

    config = {"SQLALCHEMY_DATABASE_URI": url, "MIGRATIONS": str(tmp / "migrations")}
    apps = {v: chapter.create_app({**config, "SCHEMA_VERSION": v}) for v in (1, 2, 3)}
    record, logger = {}, logging.getLogger("book.before.migrations")
    with logging_restored():
        with apps[1].app_context():
            flask_migrate.init(config["MIGRATIONS"])
            record["generated_env"] = (tmp / "migrations" / "env.py").read_text()
            chapter.use_engine_property(config["MIGRATIONS"])
            flask_migrate.migrate(config["MIGRATIONS"], message="create user")
            record["logger_disabled"] = logger.disabled
            flask_migrate.upgrade(config["MIGRATIONS"])
            db = apps[1].extensions["sqlalchemy"]
            db.session.execute(db.metadata.tables["user"].insert().values(name="ada"))
            db.session.commit()
        record["v1"] = apps[1].test_client().get("/users").get_json()
        cli = apps[2].test_cli_runner()  # the same steps through the flask db commands
        record["cli_exit_codes"] = [cli.invoke(args=["db", "migrate", "-m", "add email"]).exit_code,
                                    cli.invoke(args=["db", "upgrade"]).exit_code]
        record["v2"] = apps[2].test_client().get("/users").get_json()
        with apps[2].app_context():
            db = apps[2].extensions["sqlalchemy"]
            record["current"] = db.session.execute(db.text("select version_num from alembic_version")).scalar()
        with apps[2].app_context():
            flask_migrate.downgrade(config["MIGRATIONS"], revision="-1")
        record["after_downgrade"] = apps[1].test_client().get("/users").get_json()
        with apps[2].app_context():
            flask_migrate.upgrade(config["MIGRATIONS"])
        with apps[3].app_context():
            flask_migrate.migrate(config["MIGRATIONS"], message="rename name")
    paths = list((tmp / "migrations" / "versions").glob("*.py"))
    record["scripts"] = {path.name.split("_", 1)[1]: path.read_text() for path in paths}
    record["revisions"] = {path.name.split("_", 1)[1]: path.name.split("_", 1)[0] for path in paths}
    return record


@pytest.mark.claim("C1")
def test_init_migrate_upgrade_create_the_table(history):
    assert "op.create_table('user'" in history["scripts"]["create_user.py"]
    assert history["v1"] == {"users": [{"id": 1, "name": "ada"}]}


@pytest.mark.claim("C2")
def test_adding_a_column_keeps_the_rows(history):
    script = history["scripts"]["add_email.py"]
    assert "with op.batch_alter_table('user', schema=None) as batch_op:" in script
    assert "batch_op.add_column(sa.Column('email', sa.String(length=120), nullable=True))" in script
    assert history["v2"] == {"users": [{"id": 1, "name": "ada", "email": None}]}


@pytest.mark.claim("C3")
def test_downgrade_reverses_the_last_migration(history):
    assert "batch_op.drop_column('email')" in history["scripts"]["add_email.py"]
    assert history["after_downgrade"] == {"users": [{"id": 1, "name": "ada"}]}


@pytest.mark.claim("C4")
def test_a_rename_comes_out_as_drop_and_add(history):
    script = history["scripts"]["rename_name.py"]
    assert "batch_op.add_column(sa.Column('full_name', sa.String(length=80), nullable=False))" in script
    assert "batch_op.drop_column('name')" in script
    assert "alter_column" not in script


@pytest.mark.claim("C5")
def test_flask_db_commands_migrate_and_upgrade(history):
    assert history["cli_exit_codes"] == [0, 0]
    assert history["current"] == history["revisions"]["add_email.py"]


@pytest.mark.claim("C6")
def test_in_process_migrations_disable_earlier_loggers(history):
    assert history["logger_disabled"] is True


@pytest.mark.claim("C7")
def test_generated_env_calls_the_deprecated_get_engine(history, app_ctx, app):
    assert "current_app.extensions['migrate'].db.get_engine()" in history["generated_env"]
    with pytest.warns(DeprecationWarning, match="'get_engine' is deprecated"):
        app.extensions["sqlalchemy"].get_engine()


@pytest.mark.claim("C8")
@pytest.mark.usefixtures("database_url")
def test_before_the_first_upgrade_users_answers_503(client):
    response = client.get("/users")
    assert (response.status_code, response.get_json()) == (
        503, {"error": "the database is not migrated: run flask db upgrade"})


@pytest.fixture(scope="module")
def failed_upgrade(dialect, database_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("failing")
    with databases.fresh(dialect, tmp, database_server) as url:
        return fail_an_upgrade(tmp, {"SQLALCHEMY_DATABASE_URI": url})


@pytest.fixture(scope="module")
def failed_upgrade_on_transactional_sqlite(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("failing")
    return fail_an_upgrade(tmp, {"SQLALCHEMY_DATABASE_URI": databases.sqlite_url(tmp),
                                 "SQLITE_TRANSACTIONAL_DDL": True})


def fail_an_upgrade(tmp, config):
    """Upgrade to a revision that fails after its first statement, then fix it and upgrade again."""
    import flask_migrate
    from chapters import ch16_migrations as chapter

    directory, record = str(tmp / "migrations"), {}
    with logging_restored():
        app = chapter.create_app({**config, "MIGRATIONS": directory})
        db = app.extensions["sqlalchemy"]
        with app.app_context():
            flask_migrate.init(directory)
            chapter.use_engine_property(directory)
            flask_migrate.migrate(directory, message="create user")
            flask_migrate.upgrade(directory)
            record["good"] = db.session.execute(db.text("select version_num from alembic_version")).scalar()
            # A generated empty revision, given a body whose second statement fails.
            flask_migrate.revision(directory, message="audit")
            script = next((tmp / "migrations" / "versions").glob("*_audit.py"))
            body = "    op.create_table('audit', sa.Column('id', sa.Integer, primary_key=True))\n"
            script.write_text(script.read_text().replace(
                "def upgrade():\n    pass\n", "def upgrade():\n" + body + "    op.execute('not sql')\n"))
            with pytest.raises(Exception, match="not sql"):
                flask_migrate.upgrade(directory)
            db.session.remove()
            record["tables"] = sorted(db.inspect(db.engine).get_table_names())
            record["version"] = db.session.execute(db.text("select version_num from alembic_version")).scalar()
            db.session.remove()
            script.write_text(script.read_text().replace("    op.execute('not sql')\n", ""))
            try:
                flask_migrate.upgrade(directory)
                record["retry"] = "upgraded"
            except Exception as error:
                record["retry"] = str(error).splitlines()[0]
            db.session.remove()
            db.engine.dispose()
    return record


@pytest.mark.claim("C9")
def test_a_failed_upgrade_keeps_the_old_revision(failed_upgrade):
    assert failed_upgrade["version"] == failed_upgrade["good"]


@pytest.mark.claim("C9")
@pytest.mark.dialect("postgresql")
def test_postgresql_undoes_a_failed_upgrade_whole(failed_upgrade):
    assert failed_upgrade["tables"] == ["alembic_version", "user"]
    assert failed_upgrade["retry"] == "upgraded"


@pytest.mark.claim("C9")
@pytest.mark.dialect("sqlite")
def test_sqlite_keeps_what_a_failed_upgrade_created(failed_upgrade):
    assert failed_upgrade["tables"] == ["alembic_version", "audit", "user"]
    assert failed_upgrade["retry"] == "(sqlite3.OperationalError) table audit already exists"


@pytest.mark.claim("C10")
def test_sqlite_undoes_a_failed_upgrade_when_sqlalchemy_begins(failed_upgrade_on_transactional_sqlite):
    record = failed_upgrade_on_transactional_sqlite
    assert (record["tables"], record["version"]) == (["alembic_version", "user"], record["good"])
    assert record["retry"] == "upgraded"
