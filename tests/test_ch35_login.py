import re
import time
from datetime import datetime, timedelta, timezone

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('User(name, generate_password_hash(request.form["password"]))',  # the "fix" of PR #136
           'User(name, generate_password_hash(request.form["password"], method="pbkdf2:sha256"))'),
    "C2": ('return generate_password_hash(password, method="sha256")',  # the tutorial fixed (PR #136)
           'return generate_password_hash(password, method="pbkdf2:sha256")'),
    "C3": [('User(name, generate_password_hash(request.form["password"]))',
            'User(name, unsalted_hash(request.form["password"]))'),  # one fast hash, no salt
           ('        if name in users:\n            return "taken", 409\n', "")],  # re-registering replaces a hash
    "C4": ("if not check_password_hash(stored, password) or user is None:",
           "if user is None:"),  # trusting Flask-Login to check the password
    "C5": ("return user if user is not None and user.token == token else None",
           "return user"),  # the loader ignores the token
    "C6": [('    login_manager.blueprint_login_views["api"] = None', '    login_manager.blueprint_login_views["other"] = None'),
           ('    login_manager.login_view = "login"  # a page redirects to the login form...\n', "")],
    "C7": [('return redirect(target if is_local_path(target) else url_for("private"))',  # the tutorial's check
            'return redirect(target if urlsplit(target).netloc == "" else url_for("private"))'),
           ('target.startswith("/") and not target.startswith("//")', 'target.startswith("/")'),  # //host
           ('if not next_page or urlsplit(next_page).netloc != "":',  # the specimen fixed: C7 shows no attack
            "if not next_page or not is_local_path(next_page):")],
    "C8": ("if not check_password_hash(stored, password) or user is None:",
           "if user is None or not check_password_hash(stored, password):"),  # short-circuit
    "C9": ('login_user(user, remember=request.form.get("remember") == "yes")',
           "login_user(user, remember=True)"),  # techwithtim's tutorial: always remembered
    "C10": ("        current_user.token = secrets.token_urlsafe()  # every copy of the old cookies dies\n", ""),
    "C11": ("        session.clear()  # nothing from before the login carries into it\n", ""),
    "C12": ("    app.config.from_prefixed_env()  # FLASK_SECRET_KEY", "    # FLASK_SECRET_KEY"),
    "C13": ('login_user(user, remember=request.form.get("remember") == "yes")',
            "login_user(user)"),  # "remember me" ignored: no cookie to set, no utcnow
}

PASSWORD = "correct-horse"
CHEAP = "scrypt:1024:8:1"  # scrypt at a lower cost, for speed: check_password_hash reads the cost from the hash
# Flask-Login 0.6.3 sets the remember cookie with datetime.utcnow(), deprecated from Python 3.12 (C13).
UTCNOW = pytest.mark.filterwarnings(r"ignore:datetime\.datetime\.utcnow\(\) is deprecated:DeprecationWarning")
SCRYPT = re.compile(r"scrypt:32768:8:1\$[A-Za-z0-9]{16}\$[0-9a-f]{128}")


@pytest.fixture
def ada(chapter, app):
    """A registered user, stored the way /register stores one (at a cheaper scrypt cost)."""
    from werkzeug.security import generate_password_hash

    user = app.extensions["users"]["ada"] = chapter.User("ada", generate_password_hash(PASSWORD, method=CHEAP))
    return user


def log_in(client, path="/login", next=None, **form):
    query = {"next": next} if next is not None else None
    return client.post(path, query_string=query, data={"username": "ada", "password": PASSWORD, **form})


def fastest(client, path, *forms, times=3):
    """What an attacker measures: each form's quickest answer, the tries taken in turn so that a
    busy moment of the machine slows them alike; with each form's last response."""
    best, responses = [float("inf")] * len(forms), [None] * len(forms)
    for _ in range(times):
        for index, form in enumerate(forms):
            start = time.perf_counter()
            responses[index] = client.post(path, data=form)
            best[index] = min(best[index], time.perf_counter() - start)
    return best, responses


@pytest.mark.claim("C1")
def test_the_default_hash_is_scrypt_with_a_new_salt_each_time():
    from werkzeug.security import check_password_hash, generate_password_hash

    first, second = generate_password_hash(PASSWORD), generate_password_hash(PASSWORD)
    assert SCRYPT.fullmatch(first) and SCRYPT.fullmatch(second) and first != second
    assert check_password_hash(first, PASSWORD) and check_password_hash(second, PASSWORD)
    assert not check_password_hash(first, "correct-horsE")


@pytest.mark.claim("C1")
def test_register_stores_a_default_scrypt_hash(app, client):
    from werkzeug.security import check_password_hash

    response = client.post("/register", data={"username": "ada", "password": PASSWORD})
    assert (response.status_code, response.text) == (201, "registered ada")
    stored = app.extensions["users"]["ada"].password_hash
    assert SCRYPT.fullmatch(stored) and check_password_hash(stored, PASSWORD)
    assert log_in(client).status_code == 302 and client.get("/private").text == "hello ada"


@pytest.mark.claim("C2")
def test_the_tutorials_sha256_method_raises_on_werkzeug_3(chapter):
    from werkzeug.security import generate_password_hash

    with pytest.raises(ValueError, match=r"^Invalid hash method 'sha256'\.$"):
        chapter.tutorial_hash(PASSWORD)
    with pytest.raises(ValueError, match=r"^Invalid hash method 'plain'\.$"):
        generate_password_hash(PASSWORD, method="plain")


@pytest.mark.claim("C2")
def test_a_hash_stored_by_werkzeug_2_with_sha256_makes_the_check_raise():
    import hashlib
    import hmac

    from werkzeug.security import check_password_hash

    old = "sha256$Ab3dE6gH$" + hmac.new(b"Ab3dE6gH", PASSWORD.encode(), hashlib.sha256).hexdigest()
    with pytest.raises(ValueError, match="Invalid hash method 'sha256'"):
        check_password_hash(old, PASSWORD)


@pytest.mark.claim("C3")
def test_the_stored_hash_is_refused_as_a_password(app, client):
    client.post("/register", data={"username": "ada", "password": PASSWORD})
    stolen = app.extensions["users"]["ada"].password_hash  # what a leaked backup shows
    response = client.post("/login", data={"username": "ada", "password": stolen})
    assert (response.status_code, client.get("/private").status_code) == (401, 302)


@pytest.mark.claim("C3")
def test_equal_passwords_are_stored_apart_unlike_an_unsalted_hash(chapter, app, client):
    for name in ("ada", "bob"):
        client.post("/register", data={"username": name, "password": "123456"})
    stored = [app.extensions["users"][name].password_hash for name in ("ada", "bob")]
    table = {chapter.unsalted_hash(p): p for p in ["password", "123456", "qwerty", "letmein"]}
    assert stored[0] != stored[1] and not set(stored) & set(table)
    leaked = [chapter.unsalted_hash("123456")] * 2  # the specimen's store: equal, and in the table
    assert leaked[0] == "8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92"
    assert [table[value] for value in leaked] == ["123456", "123456"]


@pytest.mark.claim("C3")
def test_registering_a_taken_name_cannot_replace_the_hash(app, client, ada):
    response = client.post("/register", data={"username": "ada", "password": "mine now"})
    assert (response.status_code, response.text) == (409, "taken")
    assert app.extensions["users"]["ada"] is ada
    assert log_in(client, password="mine now").status_code == 401


@pytest.mark.claim("C4")
def test_login_user_logs_in_any_user_it_is_given(chapter, app):
    from flask_login import current_user, login_user

    with app.test_request_context():
        nobody = chapter.User("mallory", "no password was ever checked")
        assert login_user(nobody) is True
        assert (current_user.name, current_user.is_authenticated) == ("mallory", True)


@pytest.mark.claim("C4")
def test_a_wrong_password_gets_401_and_no_login(client, ada):
    response = log_in(client, password="correct-horsE")
    assert (response.status_code, response.text) == (401, "wrong username or password")
    assert client.get("/private").status_code == 302
    assert log_in(client).status_code == 302 and client.get("/private").text == "hello ada"


@pytest.mark.claim("C4")
@pytest.mark.parametrize("path", ["/login", "/tutorial-login"])
def test_a_missing_password_or_name_is_a_wrong_one(client, ada, path):
    for form in ({"username": "ada"}, {"password": PASSWORD}, {}):
        response = client.post(path, data=form)
        assert (response.status_code, response.text) == (401, "wrong username or password")


@pytest.mark.claim("C5")
def test_the_session_holds_the_id_and_no_password_hash(app, client, ada):
    log_in(client)
    data = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)
    assert sorted(data) == ["_fresh", "_id", "_user_id"]
    assert data["_user_id"] == ada.get_id() == f"ada:{ada.token}"
    assert ada.password_hash not in str(data)


@pytest.mark.claim("C5")
def test_the_loader_runs_each_request_so_a_removed_user_is_anonymous(app, client, ada):
    log_in(client)
    assert client.get("/private").text == "hello ada"
    del app.extensions["users"]["ada"]
    assert client.get("/private").status_code == 302


@pytest.mark.claim("C5")
def test_a_name_with_a_colon_still_loads(chapter, app, client):
    from werkzeug.security import generate_password_hash

    app.extensions["users"]["ada:lovelace"] = chapter.User("ada:lovelace", generate_password_hash(PASSWORD, method=CHEAP))
    log_in(client, username="ada:lovelace")
    assert client.get("/private").text == "hello ada:lovelace"


@pytest.mark.claim("C5")
def test_an_id_with_another_token_is_anonymous(client, ada):
    with client.session_transaction() as session:
        session["_user_id"] = "ada:an-old-token"
    assert client.get("/private").status_code == 302
    assert client.get("/api/me").status_code == 401


@pytest.mark.claim("C6")
def test_without_a_login_view_login_required_answers_401(client, ada):
    assert client.get("/api/me").status_code == 401
    log_in(client)
    assert client.get("/api/me").get_json() == {"user": "ada"}


@pytest.mark.claim("C6")
def test_with_a_login_view_it_redirects_keeping_next(client, ada):
    response = client.get("/private")
    assert (response.status_code, response.headers["Location"]) == (302, "/login?next=%2Fprivate")
    response = client.post("/login?next=%2Fprivate", data={"username": "ada", "password": PASSWORD},
                           follow_redirects=True)
    assert (response.request.path, response.text) == ("/private", "hello ada")


@pytest.mark.claim("C7")
def test_the_tutorials_netloc_check_lets_four_slashes_through(client, ada):
    from urllib.parse import urlsplit

    assert urlsplit("////attacker.example/").netloc == ""  # Python sees no host
    response = log_in(client, "/tutorial-login", "////attacker.example/")
    assert response.headers["Location"] == "//attacker.example/"  # Werkzeug 3.1's rewriting: a host
    assert log_in(client, "/tutorial-login", "//attacker.example/").headers["Location"] == "/private"


@pytest.mark.claim("C7")
@pytest.mark.parametrize("target", ["////attacker.example/", "//attacker.example/", "/\\attacker.example/",
                                    "/\t/attacker.example/", "https://attacker.example/", "javascript:alert(1)"])
def test_the_books_login_keeps_next_on_the_site(client, ada, target):
    assert log_in(client, "/login", target).headers["Location"] == "/private"


@pytest.mark.claim("C7")
@pytest.mark.parametrize("path", ["/login", "/tutorial-login"])
def test_a_local_next_is_followed_and_none_means_private(client, ada, path):
    assert log_in(client, path, "/api/me?View=X").headers["Location"] == "/api/me?View=X"
    assert log_in(client, path).headers["Location"] == "/private"


@pytest.fixture
def attacker():
    from flask import Flask

    from textbook import live

    site = Flask("attacker")
    site.add_url_rule("/phish", "phish", lambda: "<title>phished</title>a look-alike login page")
    with live.serve_app(site) as server:
        yield server


@pytest.mark.claim("C7")
@pytest.mark.parametrize(("path", "lands_on"), [("/tutorial-login", "phished"), ("/login", "hello ada")])
def test_chromium_follows_four_slashes_to_another_host(page, live_server, attacker, ada, path, lands_on):
    page.goto(f"{live_server.url}{path}?next=////127.0.0.1:{attacker.port}/phish")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button")
    assert (page.url.split("/")[2], lands_on in page.content()) == (
        f"127.0.0.1:{attacker.port if lands_on == 'phished' else live_server.port}", True)


@pytest.mark.claim("C8")
def test_the_tutorials_login_answers_an_unknown_name_much_faster(client):
    client.post("/register", data={"username": "ada", "password": PASSWORD})
    (unknown, wrong), (first, second) = fastest(client, "/tutorial-login", {"username": "nobody", "password": "guess"},
                                                {"username": "ada", "password": "guess"})
    assert (first.status_code, first.text) == (second.status_code, second.text) == (401, "wrong username or password")
    assert unknown * 5 < wrong


@pytest.mark.claim("C8")
def test_the_books_login_checks_one_hash_either_way(chapter, client, monkeypatch):
    import werkzeug.security

    compared = []
    original = werkzeug.security.hmac.compare_digest
    monkeypatch.setattr(werkzeug.security.hmac, "compare_digest", lambda a, b: compared.append(a) or original(a, b))
    chapter.missing_user_hash()  # made once per process, before the timing
    client.post("/register", data={"username": "ada", "password": PASSWORD})
    (unknown, wrong), (first, second) = fastest(client, "/login", {"username": "nobody", "password": "guess"},
                                                {"username": "ada", "password": "guess"})
    assert (first.status_code, first.text) == (second.status_code, second.text) == (401, "wrong username or password")
    assert len(compared) == 6 and unknown * 3 > wrong


@pytest.mark.claim("C9")
def test_without_remember_me_only_a_browser_session_cookie(client, ada):
    log_in(client)
    assert client.get_cookie("remember_token") is None
    assert client.get_cookie("session").expires is None


@pytest.mark.claim("C9")
@UTCNOW
def test_remember_me_sets_a_year_long_httponly_cookie_that_logs_in_again(client, ada):
    log_in(client, remember="yes")
    cookie = client.get_cookie("remember_token")
    a_year = datetime.now(timezone.utc) + timedelta(days=365)
    assert cookie.http_only and abs(cookie.expires - a_year) < timedelta(minutes=1)
    client.delete_cookie("session")  # the browser closed
    assert client.get("/private").text == "hello ada"


def stolen_copies(app, client):
    """Two attackers' clients: one with a copy of the victim's session cookie, one with the remember cookie."""
    copies = []
    for name in ("session", "remember_token"):
        thief = app.test_client()
        thief.set_cookie(name, client.get_cookie(name).value)
        copies.append(thief)
    return copies


@pytest.mark.claim("C10")
@UTCNOW
def test_logout_logs_out_and_deletes_the_remember_cookie(client, ada):
    log_in(client, remember="yes")
    response = client.post("/logout")
    assert (response.status_code, response.headers["Location"]) == (302, "/login")
    assert client.get_cookie("remember_token") is None
    assert client.get("/private").status_code == 302


@pytest.mark.claim("C10")
@UTCNOW
@pytest.mark.parametrize(("logout", "status"), [("/tutorial-logout", 200), ("/logout", 302)])
def test_copied_cookies_after_logout(app, client, ada, logout, status):
    log_in(client, remember="yes")
    thieves = stolen_copies(app, client)
    assert client.post(logout).headers["Location"] == "/login"
    assert client.get("/private").status_code == 302  # the victim is logged out either way
    assert [thief.get("/private").status_code for thief in thieves] == [status, status]
    assert log_in(client).status_code == 302 and client.get("/private").text == "hello ada"  # and back in


@pytest.mark.claim("C11")
def test_login_starts_a_new_session(app, client, ada):
    with client.session_transaction() as session:
        session["planted"] = "before login"
    log_in(client)
    data = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)
    assert "planted" not in data and data["_user_id"] == ada.get_id()


@pytest.mark.claim("C11")
def test_a_planted_pre_login_cookie_stays_anonymous(app, client, ada):
    attacker = app.test_client()
    attacker.get("/private")  # the flashed "Please log in" gives the attacker a session cookie
    planted = attacker.get_cookie("session").value
    client.set_cookie("session", planted)  # fixed in the victim's browser
    assert log_in(client).status_code == 302 and client.get_cookie("session").value != planted
    assert (client.get("/private").status_code, attacker.get("/private").status_code) == (200, 302)


@pytest.mark.claim("C12")
def test_the_key_comes_from_flask_secret_key(chapter, monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", "a key from the environment, never from the code")
    assert chapter.create_app({"TESTING": True}).config["SECRET_KEY"] == "a key from the environment, never from the code"


@pytest.mark.claim("C13")
def test_flask_login_calls_utcnow_for_each_remember_me_login(client, ada, monkeypatch):
    import flask_login.login_manager

    calls = []

    class Recording(datetime):
        @classmethod
        def utcnow(cls):
            calls.append("utcnow")
            return datetime.now(timezone.utc).replace(tzinfo=None)

    monkeypatch.setattr(flask_login.login_manager, "datetime", Recording)
    log_in(client)
    assert calls == []
    log_in(client, remember="yes")
    assert calls == ["utcnow"]


@pytest.mark.claim("C13")
def test_a_remember_me_login_warns_from_python_3_12_on(client, ada):
    import sys
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert log_in(client, remember="yes").status_code == 302
    deprecations = [str(w.message).split(" is ")[0] for w in caught if w.category is DeprecationWarning]
    assert deprecations == (["datetime.datetime.utcnow()"] if sys.version_info >= (3, 12) else [])
