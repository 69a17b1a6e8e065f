import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("Flask(__name__, instance_path=instance_path)", "Flask(__name__)"),  # the instance path not passed on
    "C2": ('if app.config.get("CREATE_TABLES", True):', "if True:"),  # tables made whatever the config says
    "C3": [('    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"\n    app.config.update(config or {})\n',
            '    app.config.update(config or {})\n    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"\n'),  # the default overrides the URL
           ("            db.create_all()", "            db.drop_all()\n            db.create_all()")],  # wiped at start
    "C4": ('app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"', 'app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///notes.db"'),  # a file
    "C5": [('SERVER_URL = "postgresql+psycopg://', 'SERVER_URL = "postgresql://'),  # the default driver: psycopg2 on 2.0
           ('SERVER_URL = "postgresql+psycopg://', 'SERVER_URL = "postgres://')],  # the scheme some hosts hand out
}


@pytest.mark.claim("C1")
def test_relative_sqlite_path_lands_in_the_instance_folder(chapter, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    instance = tmp_path / "instance"
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite:///mydatabase.db", "CREATE_TABLES": False}
    app = chapter.create_app(config, str(instance))
    with app.app_context():
        assert chapter.db.engine.url.database == str(instance / "mydatabase.db")
        assert not (instance / "mydatabase.db").exists()
        chapter.db.session.execute(chapter.db.text("select 1"))
    assert (instance / "mydatabase.db").is_file()
    assert not (tmp_path / "mydatabase.db").exists()


MISSING_TABLE = {
    "sqlite": ("OperationalError", "(sqlite3.OperationalError) no such table: note"),
    "postgresql": ("ProgrammingError", '(psycopg.errors.UndefinedTable) relation "note" does not exist'),
}


@pytest.mark.claim("C2")
def test_tables_exist_only_after_create_all(chapter, dialect, database_url):
    app = chapter.create_app({"SQLALCHEMY_DATABASE_URI": database_url, "CREATE_TABLES": False})
    with app.app_context():
        with pytest.raises(Exception) as missing:
            chapter.db.session.execute(chapter.db.select(chapter.Note)).all()
        assert (type(missing.value).__name__, str(missing.value).splitlines()[0]) == MISSING_TABLE[dialect]
        chapter.db.session.rollback()
        chapter.db.create_all()
        assert chapter.db.inspect(chapter.db.engine).get_table_names() == ["note"]


@pytest.mark.claim("C3")
def test_a_database_outlives_the_app(chapter, database_url):
    config = {"SQLALCHEMY_DATABASE_URI": database_url}
    first = chapter.create_app(config)
    with first.app_context():
        chapter.db.session.add(chapter.Note(text="kept"))
        chapter.db.session.commit()
        chapter.db.engine.dispose()
    assert chapter.create_app(config).test_client().get("/notes").get_json() == {"notes": ["kept"]}


@pytest.mark.claim("C4")
def test_in_memory_database_starts_empty_each_time(chapter):
    first = chapter.create_app()
    with first.app_context():
        chapter.db.session.add(chapter.Note(text="lost"))
        chapter.db.session.commit()
    assert first.test_client().get("/notes").get_json() == {"notes": ["lost"]}
    assert chapter.create_app().test_client().get("/notes").get_json() == {"notes": []}


def create_app_on(chapter, url):
    return chapter.create_app({"SQLALCHEMY_DATABASE_URI": url, "CREATE_TABLES": False})


@pytest.mark.claim("C5")
def test_plain_postgresql_scheme_means_the_default_driver(chapter):
    from importlib import metadata

    version = tuple(int(part) for part in metadata.version("sqlalchemy").split(".")[:2])
    if version < (2, 1):  # the pinned range
        with pytest.raises(ModuleNotFoundError, match="^No module named 'psycopg2'$"):
            create_app_on(chapter, "postgresql://book@127.0.0.1/book")
    else:  # what the newest-releases run found on SQLAlchemy 2.1
        with create_app_on(chapter, "postgresql://book@127.0.0.1/book").app_context():
            assert chapter.db.engine.dialect.driver == "psycopg"


@pytest.mark.claim("C5")
def test_postgres_scheme_is_refused_in_create_app(chapter):
    from sqlalchemy.exc import NoSuchModuleError

    with pytest.raises(NoSuchModuleError, match="^Can't load plugin: sqlalchemy.dialects:postgres$"):
        create_app_on(chapter, "postgres://book@127.0.0.1/book")


@pytest.mark.claim("C5")
def test_the_server_url_uses_psycopg_3(chapter):
    with create_app_on(chapter, chapter.SERVER_URL).app_context():
        dialect = chapter.db.engine.dialect
    assert (dialect.name, dialect.driver) == ("postgresql", "psycopg")
