import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ("        db.create_all()\n", "        pass  # create_all() forgotten\n"),  # no table: "no such table: user"
    "C2": [("db.String(80), unique=True", "db.String(80), unique=False"),  # duplicate usernames accepted
           ("db.String(120), unique=True, nullable=False", "db.String(120), unique=True, nullable=True")],  # missing emails accepted
    "C3": ("        db.session.rollback()  # without it", "        pass  # without it"),  # the refused session left as it is
    "C4": ("username = db.Column(db.String(80)", "username = db.Column(db.Text()"),  # no length at all: PostgreSQL takes 81 too
    "C5": [("found = db.get_or_404(User, user_id)", "found = User.query.get_or_404(user_id)"),  # the legacy query API
           ("found = db.get_or_404(User, user_id)", "found = db.session.get(User, user_id)")],  # None for a missing id: a 500
    "C6": ("username = db.Column(db.String(80)", "username = db.Column(db.Integer"),  # text typed as a number: "007" comes back 7
    "C7": ("class User(db.Model):  # the source's model, as written\n",
           'class User(db.Model):  # the source\'s model, as written\n    __tablename__ = "users"\n'),  # the usual fix: no table "user"
    "C8": ("@app.route(\"/users/<int(max=2147483647):user_id>\")", "@app.route(\"/users/<int:user_id>\")"),  # the unbounded converter: a 500 past the column's integer
    "C9": ('    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"\n', ""),  # no default database: create_app() raises
}

# Every test here runs once on each database: the app fixture uses database_url.
pytestmark = pytest.mark.usefixtures("database_url")


def add(chapter, **fields):
    """Store a user the plain way: no rollback when the database refuses it."""
    chapter.db.session.add(chapter.User(**fields))
    chapter.db.session.commit()


def usernames(chapter):
    return [user.username for user in chapter.db.session.execute(chapter.db.select(chapter.User)).scalars()]


def outcome(step):
    try:
        return step()
    except Exception as error:  # noqa: BLE001 - what the reader would see
        return f"{type(error).__name__}: {str(error).splitlines()[0]}"


@pytest.mark.claim("C1")
def test_source_model_stores_and_reads_a_user(chapter, app_ctx):
    db, User = chapter.db, chapter.User
    chapter.add_user(username="ada", email="ada@example.org")
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

    chapter.add_user(username="ada", email="ada@example.org")
    with pytest.raises(IntegrityError) as refused:
        chapter.add_user(**second)
    assert str(refused.value).splitlines()[0] == CONSTRAINT_ERRORS[dialect, constraint]


@pytest.mark.claim("C3")
def test_the_session_needs_a_rollback_after_an_integrity_error(chapter, app_ctx):
    from sqlalchemy.exc import IntegrityError, PendingRollbackError

    add(chapter, username="ada", email="a@example.org")
    with pytest.raises(IntegrityError):
        add(chapter, username="ada", email="b@example.org")
    with pytest.raises(PendingRollbackError):
        usernames(chapter)
    chapter.db.session.rollback()
    assert usernames(chapter) == ["ada"]


@pytest.mark.claim("C3")
def test_add_user_leaves_a_working_session_after_a_refusal(chapter, app_ctx):
    from sqlalchemy.exc import IntegrityError

    chapter.add_user(username="ada", email="a@example.org")
    with pytest.raises(IntegrityError):
        chapter.add_user(username="ada", email="b@example.org")
    assert usernames(chapter) == ["ada"]


def username_type(chapter):
    columns = chapter.db.inspect(chapter.db.engine).get_columns("user")
    return next(str(column["type"]) for column in columns if column["name"] == "username")


@pytest.mark.claim("C4")
@pytest.mark.dialect("sqlite")
def test_sqlite_stores_an_overlong_string_whole(chapter, app_ctx):
    chapter.add_user(username="a" * 200, email="long@example.org")
    assert (username_type(chapter), len(chapter.db.session.get(chapter.User, 1).username)) == ("VARCHAR(80)", 200)


@pytest.mark.claim("C4")
@pytest.mark.dialect("postgresql")
def test_postgresql_refuses_an_overlong_string(chapter, app_ctx):
    from sqlalchemy.exc import DataError

    with pytest.raises(DataError, match=r"value too long for type character varying\(80\)"):
        chapter.add_user(username="a" * 81, email="long@example.org")
    chapter.add_user(username="a" * 80, email="long@example.org")
    assert len(chapter.db.session.get(chapter.User, 1).username) == 80


@pytest.mark.claim("C5")
def test_legacy_query_get_warns(chapter, app_ctx):
    from sqlalchemy.exc import LegacyAPIWarning

    chapter.add_user(username="ada", email="ada@example.org")
    with pytest.warns(LegacyAPIWarning, match=r"The Query.get\(\) method is considered legacy"):
        chapter.User.query.get(1)
    assert chapter.db.session.get(chapter.User, 1).username == "ada"


@pytest.mark.claim("C5")
def test_get_or_404(app, chapter):
    with app.app_context():
        chapter.add_user(username="ada", email="ada@example.org")
    client = app.test_client()
    assert client.get("/users/1").get_json() == {"username": "ada", "email": "ada@example.org"}
    assert client.get("/users/2").status_code == 404


@pytest.mark.claim("C6")
def test_any_strings_round_trip(app, chapter):
    from hypothesis import example, given, strategies as st

    # Weighted to what a column can change: text that reads as a number (a numeric type),
    # whitespace, markup, non-ASCII; no NUL and no surrogate (the next tests), at most 80
    # characters (C4).
    number = st.from_regex(r"0?[0-9]{1,5}(e[0-9])?", fullmatch=True)
    character = st.one_of(st.sampled_from(" \t\n<>&\"'\\/é😀"),
                          st.characters(codec="utf-8", exclude_characters="\x00"))
    text = st.one_of(number, st.text(character, max_size=80))

    @given(text, text)
    @example("", " ")
    @example("007", "1e3")
    @example("<script>&\"'", "\\/")
    @example("é😀", "a" * 80)
    def check(username, email):
        with app.app_context():
            chapter.db.session.execute(chapter.db.delete(chapter.User))
            chapter.add_user(username=username, email=email)
            stored = chapter.db.session.execute(chapter.db.select(chapter.User)).scalar_one()
            assert (stored.username, stored.email) == (username, email)

    check()


# What storing "a\x00b" gives: the string back and SQL's length() of it, or the refusal.
NUL = {"sqlite": ("a\x00b", 1),
       "postgresql": "DataError: (psycopg.DataError) PostgreSQL text fields cannot contain NUL (0x00) bytes"}


@pytest.mark.claim("C6")
def test_a_nul_is_kept_by_sqlite_and_refused_by_postgresql(chapter, app_ctx, dialect):
    db = chapter.db

    def store():
        chapter.add_user(username="a\x00b", email="nul@example.org")
        length = db.session.execute(db.text('select length(username) from "user"')).scalar()
        return db.session.get(chapter.User, 1).username, length

    assert outcome(store) == NUL[dialect]


@pytest.mark.claim("C6")
def test_a_lone_surrogate_cannot_be_encoded(chapter, app_ctx):
    with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
        chapter.add_user(username="\ud800", email="surrogate@example.org")
    assert usernames(chapter) == []


@pytest.mark.claim("C7")
def test_unquoted_user_is_the_login_on_postgresql(chapter, app_ctx, dialect, database_url):
    from sqlalchemy.engine import make_url

    chapter.add_user(username="ada", email="ada@example.org")
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


@pytest.mark.claim("C9")
@pytest.mark.dialect("sqlite")  # the default database, whatever the run's databases are
def test_the_default_database_is_sqlite_in_memory(chapter):
    app = chapter.create_app()
    with app.app_context():
        chapter.add_user(username="ada", email="ada@example.org")
        stored = repr(chapter.db.session.get(chapter.User, 1))
        assert (str(chapter.db.engine.url), stored) == ("sqlite://", "<User ada>")
