import pytest

# Every test here runs once on each database: the app fixture uses database_url.
pytestmark = pytest.mark.usefixtures("database_url")


def add(chapter, **fields):
    chapter.db.session.add(chapter.User(**fields))
    chapter.db.session.commit()


@pytest.mark.claim("C1")
def test_source_model_stores_and_reads_a_user(chapter, app_ctx):
    db, User = chapter.db, chapter.User
    add(chapter, username="ada", email="ada@example.org")
    assert db.inspect(db.engine).get_table_names() == ["user"]
    assert repr(db.session.execute(db.select(User).filter_by(username="ada")).scalar_one()) == "<User ada>"


CONSTRAINT_ERRORS = {
    ("sqlite", "unique"): "(sqlite3.IntegrityError) UNIQUE constraint failed: user.username",
    ("sqlite", "not null"): "(sqlite3.IntegrityError) NOT NULL constraint failed: user.email",
    ("postgresql", "unique"):
        '(psycopg.errors.UniqueViolation) duplicate key value violates unique constraint "user_username_key"',
    ("postgresql", "not null"):
        '(psycopg.errors.NotNullViolation) null value in column "email" of relation "user" violates not-null constraint',
}


@pytest.mark.claim("C2")
@pytest.mark.parametrize(("constraint", "second"), [
    ("unique", {"username": "ada", "email": "other@example.org"}),
    ("not null", {"username": "bob"})])
def test_the_database_enforces_unique_and_not_null(chapter, app_ctx, dialect, constraint, second):
    from sqlalchemy.exc import IntegrityError

    add(chapter, username="ada", email="ada@example.org")
    with pytest.raises(IntegrityError) as refused:
        add(chapter, **second)
    chapter.db.session.rollback()
    assert str(refused.value).splitlines()[0] == CONSTRAINT_ERRORS[dialect, constraint]


@pytest.mark.claim("C3")
def test_the_session_needs_a_rollback_after_an_integrity_error(chapter, app_ctx):
    from sqlalchemy.exc import IntegrityError, PendingRollbackError

    db = chapter.db
    add(chapter, username="ada", email="a@example.org")
    with pytest.raises(IntegrityError):
        add(chapter, username="ada", email="b@example.org")
    with pytest.raises(PendingRollbackError):
        db.session.execute(db.select(chapter.User)).all()
    db.session.rollback()
    assert [u.username for u in db.session.execute(db.select(chapter.User)).scalars()] == ["ada"]


@pytest.mark.claim("C4")
@pytest.mark.dialect("sqlite")
def test_sqlite_stores_an_overlong_string_whole(chapter, app_ctx):
    add(chapter, username="a" * 200, email="long@example.org")
    assert len(chapter.db.session.get(chapter.User, 1).username) == 200


@pytest.mark.claim("C4")
@pytest.mark.dialect("postgresql")
def test_postgresql_refuses_an_overlong_string(chapter, app_ctx):
    from sqlalchemy.exc import DataError

    with pytest.raises(DataError, match=r"value too long for type character varying\(80\)"):
        add(chapter, username="a" * 81, email="long@example.org")
    chapter.db.session.rollback()
    add(chapter, username="a" * 80, email="long@example.org")
    assert len(chapter.db.session.get(chapter.User, 1).username) == 80


@pytest.mark.claim("C5")
def test_legacy_query_get_warns(chapter, app_ctx):
    from sqlalchemy.exc import LegacyAPIWarning

    add(chapter, username="ada", email="ada@example.org")
    with pytest.warns(LegacyAPIWarning, match=r"The Query.get\(\) method is considered legacy"):
        chapter.User.query.get(1)
    assert chapter.db.session.get(chapter.User, 1).username == "ada"


@pytest.mark.claim("C5")
def test_get_or_404(app, chapter):
    with app.app_context():
        add(chapter, username="ada", email="ada@example.org")
    client = app.test_client()
    assert client.get("/users/1").get_json() == {"username": "ada", "email": "ada@example.org"}
    assert client.get("/users/2").status_code == 404


@pytest.mark.claim("C6")
def test_any_strings_round_trip(app, chapter):
    from hypothesis import given, strategies as st

    # NUL and lone surrogates cannot be stored as text at all (PostgreSQL refuses NUL), and
    # PostgreSQL enforces String(80) (C4).
    text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1, max_size=80)

    @given(text, text)
    def check(username, email):
        with app.app_context():
            chapter.db.session.execute(chapter.db.delete(chapter.User))
            add(chapter, username=username, email=email)
            stored = chapter.db.session.execute(chapter.db.select(chapter.User)).scalar_one()
            assert (stored.username, stored.email) == (username, email)

    check()


@pytest.mark.claim("C7")
def test_unquoted_user_is_the_login_on_postgresql(chapter, app_ctx, dialect, database_url):
    from sqlalchemy.engine import make_url

    add(chapter, username="ada", email="ada@example.org")
    session, text = chapter.db.session, chapter.db.text
    unquoted = session.execute(text("select * from user")).all()
    quoted = session.execute(text('select username from "user"')).all()
    expected = {"sqlite": [(1, "ada", "ada@example.org")], "postgresql": [(make_url(database_url).username,)]}
    assert (unquoted, quoted) == (expected[dialect], [("ada",)])


# The first id each database's Integer cannot hold, and what looking it up raises.
ID_LIMITS = {
    "sqlite": (2**63, "OverflowError: Python int too large to convert to SQLite INTEGER"),
    "postgresql": (2**31, "DataError: (psycopg.errors.NumericValueOutOfRange) integer out of range"),
}


@pytest.mark.claim("C8")
def test_the_database_refuses_an_id_beyond_its_integer(chapter, app_ctx, dialect):
    limit, error = ID_LIMITS[dialect]
    assert chapter.db.session.get(chapter.User, limit - 1) is None
    with pytest.raises(Exception) as refused:
        chapter.db.session.get(chapter.User, limit)
    chapter.db.session.rollback()
    assert f"{type(refused.value).__name__}: {refused.value}".splitlines()[0] == error


@pytest.mark.claim("C8")
@pytest.mark.parametrize("user_id", [2**31 - 1, 2**31, 2**63])
def test_an_id_beyond_the_bound_is_not_found(client, user_id):
    assert client.get(f"/users/{user_id}").status_code == 404
