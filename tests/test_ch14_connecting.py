import pytest


@pytest.mark.claim("C1")
def test_relative_sqlite_path_lands_in_the_instance_folder(chapter, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    instance = tmp_path / "instance"
    app = chapter.create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///mydatabase.db"}, str(instance))
    with app.app_context():
        assert chapter.db.engine.url.database == str(instance / "mydatabase.db")
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


@pytest.mark.claim("C5")
@pytest.mark.parametrize(("scheme", "error"), [
    ("postgresql", "ModuleNotFoundError: No module named 'psycopg2'"),
    ("postgres", "NoSuchModuleError: Can't load plugin: sqlalchemy.dialects:postgres")])
def test_a_wrong_scheme_fails_in_create_app(chapter, scheme, error):
    with pytest.raises(Exception) as failed:
        chapter.create_app({"SQLALCHEMY_DATABASE_URI": f"{scheme}://book@127.0.0.1/book", "CREATE_TABLES": False})
    assert f"{type(failed.value).__name__}: {failed.value}" == error


@pytest.mark.claim("C5")
def test_postgresql_psycopg_scheme_uses_psycopg_3(chapter):
    app = chapter.create_app({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://book@127.0.0.1/book",
                              "CREATE_TABLES": False})
    with app.app_context():
        assert (chapter.db.engine.dialect.name, chapter.db.engine.dialect.driver) == ("postgresql", "psycopg")
