import base64
import json
import secrets
import time

import pytest

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def users():
    from werkzeug.security import generate_password_hash

    # A cheap hash method keeps the tests fast; the app only ever sees hashes.
    return {"ada": generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")}


@pytest.fixture
def app(chapter, users, request):
    config = {"TESTING": True, "SECRET_KEY": secrets.token_hex(32), "USERS": users}
    for marker in request.node.iter_markers("flask_config"):
        config.update(marker.kwargs)
    return chapter.create_app(config)


def login(client, username="ada", password=PASSWORD):
    return client.post("/login", json={"username": username, "password": password})


def me(client, token):
    return client.get("/me", headers={"Authorization": f"Bearer {token}"})


def payload_of(token):
    segment = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


@pytest.mark.claim("C1")
@pytest.mark.flask_config(CLOCK=lambda: 1_000_000)
def test_login_answers_a_token_with_string_sub_and_expiry(client):
    payload = payload_of(login(client).get_json()["token"])
    assert payload == {"sub": "ada", "iat": 1_000_000, "exp": 1_000_900}


@pytest.mark.claim("C1")
@pytest.mark.parametrize(("username", "password"), [("ada", "wrong"), ("nobody", PASSWORD)])
def test_bad_credentials_get_401(client, username, password):
    assert login(client, username, password).status_code == 401


@pytest.mark.claim("C2")
def test_token_opens_the_protected_endpoint(client):
    token = login(client).get_json()["token"]
    assert me(client, token).get_json() == {"user": "ada"}


def forged(app, **changes):
    import jwt

    claims = {"sub": "ada", "exp": int(time.time()) + 60, **changes.pop("claims", {})}
    return jwt.encode(claims, changes.get("key", app.config["SECRET_KEY"]), algorithm=changes.get("alg", "HS256"))


@pytest.mark.claim("C3")
@pytest.mark.parametrize("case", ["missing", "malformed", "tampered", "expired", "none", "hs512"])
def test_bad_tokens_get_401_with_www_authenticate(app, client, case):
    good = forged(app)
    tokens = {
        "malformed": "not.a.token",
        "tampered": good.rsplit(".", 2)[0] + "." + base64.urlsafe_b64encode(
            json.dumps({"sub": "root", "exp": 9_999_999_999}).encode()).decode().rstrip("=") + "." + good.rsplit(".", 1)[1],
        "expired": forged(app, claims={"exp": int(time.time()) - 1}),
        "none": forged(app, alg="none", key=None),
        "hs512": forged(app, alg="HS512"),  # the same 64-byte key: only the algorithm differs
    }
    response = client.get("/me") if case == "missing" else me(client, tokens[case])
    assert (response.status_code, response.headers["WWW-Authenticate"]) == (401, "Bearer")


@pytest.mark.claim("C3")
@pytest.mark.flask_config(CLOCK=lambda: time.time() - 3600)
def test_a_token_issued_an_hour_ago_has_expired(client):
    response = me(client, login(client).get_json()["token"])
    assert (response.status_code, response.get_json()) == (401, {"error": "ExpiredSignatureError"})


@pytest.mark.claim("C4")
def test_pyjwt_needs_algorithms_and_a_string_sub(app):
    import jwt

    key = app.config["SECRET_KEY"]
    with pytest.raises(jwt.DecodeError, match='pass in a value for the "algorithms" argument'):
        jwt.decode(forged(app), key)
    with pytest.raises(jwt.exceptions.InvalidSubjectError, match="Subject must be a string"):
        jwt.decode(forged(app, claims={"sub": 1}), key, algorithms=["HS256"])


@pytest.mark.claim("C5")
def test_a_short_key_warns_and_is_refused(chapter):
    import jwt

    with pytest.warns(jwt.warnings.InsecureKeyLengthWarning, match="below the minimum recommended length of 32 bytes"):
        jwt.encode({"sub": "ada"}, "short", algorithm="HS256")
    with pytest.raises(ValueError, match="at least 32 bytes"):
        chapter.create_app({"SECRET_KEY": "short"})


@pytest.mark.claim("C6")
def test_password_check_is_constant_time_and_safe_str_cmp_is_gone(client, monkeypatch):
    import werkzeug.security

    real_compare, calls = werkzeug.security.hmac.compare_digest, []
    monkeypatch.setattr(werkzeug.security.hmac, "compare_digest",
                        lambda a, b: calls.append(1) or real_compare(a, b))
    assert login(client).status_code == 200 and calls == [1]
    with pytest.raises(ImportError, match="safe_str_cmp"):
        from werkzeug.security import safe_str_cmp  # noqa: F401


def decoded(token):
    return [base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)) for part in token.split(".")]


@pytest.mark.claim("C7")
def test_any_single_changed_character_is_refused(app):
    from hypothesis import given, strategies as st

    client = app.test_client()
    token = forged(app)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    positions = [i for i, char in enumerate(token) if char != "."]

    @given(st.sampled_from(positions), st.sampled_from(alphabet))
    def check(position, char):
        changed = token[:position] + char + token[position + 1:]
        assert me(client, changed).status_code == (200 if changed == token else 401)

    check()


@pytest.mark.claim("C7")
def test_a_change_in_unused_trailing_bits_is_refused_too(app, client):
    token = forged(app)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    same = [token[:-1] + c for c in alphabet if c != token[-1] and decoded(token[:-1] + c) == decoded(token)]
    assert len(same) == 3  # the signature's last character carries 2 unused bits
    assert [me(client, changed).get_json() for changed in same] == [{"error": "DecodeError"}] * 3
