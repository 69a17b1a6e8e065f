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


@pytest.mark.claim("C2")
def test_tables_exist_only_after_create_all(chapter, tmp_path):
    from sqlalchemy.exc import OperationalError

    app = chapter.create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/n.db", "CREATE_TABLES": False})
    with app.app_context():
        with pytest.raises(OperationalError, match="no such table: note"):
            chapter.db.session.execute(chapter.db.select(chapter.Note)).all()
        chapter.db.session.rollback()
        chapter.db.create_all()
        assert chapter.db.inspect(chapter.db.engine).get_table_names() == ["note"]


@pytest.mark.claim("C3")
def test_a_file_database_outlives_the_app(chapter, tmp_path):
    config = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/notes.db"}
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
