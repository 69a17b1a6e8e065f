import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("    db.init_app(app)\n", "    db.init_app(app)\n    app.app_context().push()\n"),  # the error "fixed" by a pushed context
    "C2": [("db = SQLAlchemy()  #", 'db = SQLAlchemy(session_options={"scopefunc": lambda: 0})  #'),  # one global session
           ('SQLAlchemy\n\nTOPICS = ("database", "contexts", "extensions")\n\ndb = SQLAlchemy()  #',
            'SQLAlchemy\nfrom threading import get_ident\n\nTOPICS = ("database", "contexts", "extensions")\n\n'
            'db = SQLAlchemy(session_options={"scopefunc": get_ident})  #')],  # per thread, as in 2.x
    "C3": [("    db.init_app(app)\n", "    db.init_app(app)\n"
            "    app.teardown_appcontext(lambda error: db.session.commit())\n"),  # 2.x's SQLALCHEMY_COMMIT_ON_TEARDOWN
           ("    db.init_app(app)\n", "    db.init_app(app)\n"
            "    app.teardown_appcontext_funcs.remove(db._teardown_session)\n")],  # nothing removes the session
    "C4": ('    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"\n    app.config.update(config or {})\n',
           '    app.config.update(config or {})\n    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"\n'),  # the default overrides the URL
    "C5": ("class TodoItem(db.Model):\n", 'class TodoItem(db.Model):\n    __tablename__ = "TodoItem"\n'),  # a name given by hand
}


@pytest.mark.claim("C1")
def test_session_outside_a_context_raises(app, chapter):
    with pytest.raises(RuntimeError, match=r"Working outside of application context\."):
        chapter.db.session.execute(chapter.db.text("select 1"))


@pytest.mark.claim("C1")
def test_engine_outside_a_context_raises(app, chapter):
    with pytest.raises(RuntimeError, match=r"Working outside of application context\."):
        chapter.db.engine


@pytest.mark.claim("C2")
def test_one_session_per_context(app, chapter):
    with app.app_context():
        first = chapter.db.session()
        assert chapter.db.session() is first
    with app.app_context():
        assert chapter.db.session() is not first


@pytest.mark.claim("C2")
def test_a_nested_context_has_its_own_session(app, chapter):
    with app.app_context():
        outer = chapter.db.session()
        with app.app_context():
            assert chapter.db.session() is not outer
        assert chapter.db.session() is outer


@pytest.mark.claim("C3")
def test_uncommitted_work_is_gone_with_the_context(app, chapter, database_url):
    with app.app_context():
        chapter.db.session.add(chapter.TodoItem(title="never committed"))
        chapter.db.session.flush()
    assert app.test_client().get("/todos").get_json() == {"titles": []}


@pytest.mark.claim("C3")
def test_the_session_is_closed_and_emptied_with_the_context(app, chapter):
    with app.app_context():
        session, item = chapter.db.session(), chapter.TodoItem(title="never committed")
        session.add(item)
        session.flush()
    assert (item in session, session.in_transaction()) == (False, False)


@pytest.mark.claim("C3")
def test_in_memory_sessions_share_one_connection_and_still_roll_back(app, chapter):
    with app.app_context():
        chapter.db.session.add(chapter.TodoItem(title="never committed"))
        chapter.db.session.flush()
        first = chapter.db.session.connection().connection.dbapi_connection
    with app.app_context():
        assert chapter.db.session.connection().connection.dbapi_connection is first
        assert chapter.db.session.execute(chapter.db.select(chapter.TodoItem.title)).all() == []


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
