import pytest


@pytest.mark.claim("C1")
def test_session_outside_a_context_raises(chapter):
    with pytest.raises(RuntimeError, match=r"Working outside of application context\."):
        chapter.db.session.execute(chapter.db.text("select 1"))


@pytest.mark.claim("C2")
def test_one_session_per_context(app, chapter):
    with app.app_context():
        first = chapter.db.session()
        assert chapter.db.session() is first
    with app.app_context():
        assert chapter.db.session() is not first


@pytest.mark.claim("C3")
def test_uncommitted_work_is_gone_with_the_context(chapter, tmp_path):
    app = chapter.create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/todo.db"})
    with app.app_context():
        chapter.db.session.add(chapter.TodoItem(title="never committed"))
        chapter.db.session.flush()
    assert app.test_client().get("/todos").get_json() == {"titles": []}


@pytest.mark.claim("C4")
def test_one_extension_two_apps_two_databases(chapter, tmp_path):
    apps = [chapter.create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/{n}.db"}) for n in "ab"]
    with apps[0].app_context():
        chapter.db.session.add(chapter.TodoItem(title="only in a"))
        chapter.db.session.commit()
    assert [app.test_client().get("/todos").get_json()["titles"] for app in apps] == [["only in a"], []]
    engines = []
    for app in apps:
        with app.app_context():
            engines.append(chapter.db.engine.url.database)
    assert engines == [f"{tmp_path}/a.db", f"{tmp_path}/b.db"]


@pytest.mark.claim("C5")
def test_table_name_comes_from_the_class_name(chapter):
    assert chapter.TodoItem.__tablename__ == "todo_item"
