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
def test_uncommitted_work_is_gone_with_the_context(app, chapter, database_url):
    with app.app_context():
        chapter.db.session.add(chapter.TodoItem(title="never committed"))
        chapter.db.session.flush()
    assert app.test_client().get("/todos").get_json() == {"titles": []}


@pytest.mark.claim("C4")
def test_one_extension_two_apps_two_databases(chapter, new_database_url):
    from sqlalchemy.engine import make_url

    urls = [new_database_url(), new_database_url()]
    apps = [chapter.create_app({"SQLALCHEMY_DATABASE_URI": url}) for url in urls]
    with apps[0].app_context():
        chapter.db.session.add(chapter.TodoItem(title="only in the first"))
        chapter.db.session.commit()
    assert [app.test_client().get("/todos").get_json()["titles"] for app in apps] == [["only in the first"], []]
    engine_urls = []
    for app in apps:
        with app.app_context():
            engine_urls.append(chapter.db.engine.url)
    assert engine_urls == [make_url(url) for url in urls]


@pytest.mark.claim("C5")
def test_table_name_comes_from_the_class_name(chapter):
    assert chapter.TodoItem.__tablename__ == "todo_item"
