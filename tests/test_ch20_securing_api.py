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


@pytest.mark.claim("C1")
def test_unknown_user_gets_401_even_with_the_stand_in_password(chapter, client, monkeypatch):
    from werkzeug.security import generate_password_hash

    monkeypatch.setattr(chapter, "DUMMY_HASH", generate_password_hash("guess", method="pbkdf2:sha256:1000"))
    assert login(client, "nobody", "guess").status_code == 401


@pytest.mark.claim("C1")
@pytest.mark.parametrize("body", [[1], "ada", None], ids=["list", "string", "null"])
def test_a_login_body_that_is_not_an_object_gets_400(client, body):
    response = client.post("/login", json=body)
    assert (response.status_code, response.get_json()) == (400, {"error": "expected a JSON object"})


@pytest.mark.claim("C2")
def test_token_opens_the_protected_endpoint(client):
    token = login(client).get_json()["token"]
    assert me(client, token).get_json() == {"user": "ada"}


@pytest.mark.claim("C2")
@pytest.mark.parametrize(("minutes_ago", "status"), [(14, 200), (16, 401)])
def test_token_opens_until_its_expiry(chapter, users, minutes_ago, status):
    app = chapter.create_app({"SECRET_KEY": secrets.token_hex(32), "USERS": users,
                              "CLOCK": lambda: time.time() - minutes_ago * 60})
    client = app.test_client()
    assert me(client, login(client).get_json()["token"]).status_code == status


def forged(app, **changes):
    import jwt

    claims = {"sub": "ada", "exp": int(time.time()) + 60, **changes.pop("claims", {})}
    return jwt.encode(claims, changes.get("key", app.config["SECRET_KEY"]), algorithm=changes.get("alg", "HS256"))


def b64(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def hmac_signed_with_header(app, header):
    """A token that is right in all but its header: it names RS256 over an HMAC-SHA256 signature."""
    import hashlib
    import hmac

    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps({"sub": "ada", "exp": 9_999_999_999}).encode())
    signature = hmac.new(app.config["SECRET_KEY"].encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64(signature)


@pytest.mark.claim("C3")
@pytest.mark.parametrize(("case", "reason"), [
    ("missing", "missing token"), ("malformed", "DecodeError"), ("tampered", "InvalidSignatureError"),
    ("expired", "ExpiredSignatureError"), ("none", "InvalidAlgorithmError"),
    ("hs512", "InvalidAlgorithmError"), ("rs256", "InvalidAlgorithmError")])
def test_bad_tokens_get_401_with_www_authenticate(app, client, case, reason):
    good = forged(app)
    tokens = {
        "malformed": "not.a.token",
        "tampered": good.split(".")[0] + "." + b64(json.dumps({"sub": "root", "exp": 9_999_999_999}).encode())
        + "." + good.split(".")[2],
        "expired": forged(app, claims={"exp": int(time.time()) - 1}),
        "none": forged(app, alg="none", key=None),
        "hs512": forged(app, alg="HS512"),  # the same 64-byte key: only the algorithm differs
        "rs256": hmac_signed_with_header(app, {"alg": "RS256", "typ": "JWT"}),
    }
    response = client.get("/me") if case == "missing" else me(client, tokens[case])
    assert (response.status_code, response.headers["WWW-Authenticate"], response.get_json()) == (
        401, "Bearer", {"error": reason})


@pytest.mark.claim("C4")
def test_pyjwt_needs_algorithms_and_a_string_sub(app):
    import jwt

    key, int_sub = app.config["SECRET_KEY"], forged(app, claims={"sub": 1})  # encode accepts it
    with pytest.raises(jwt.DecodeError, match='pass in a value for the "algorithms" argument'):
        jwt.decode(forged(app), key)
    with pytest.raises(jwt.exceptions.InvalidSubjectError, match="Subject must be a string"):
        jwt.decode(int_sub, key, algorithms=["HS256"])


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


BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
PRINTABLE = [chr(code) for code in range(0x21, 0x7F)]


def decoded(token):
    return [base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)) for part in token.split(".")]


@pytest.mark.claim("C7")
def test_every_single_character_replacement_is_refused_by_read_token(chapter, app):
    import jwt

    key, token = app.config["SECRET_KEY"], forged(app)
    accepted = []
    for position, char in [(p, c) for p in range(len(token)) for c in PRINTABLE if c != token[p]]:
        try:
            chapter.read_token(token[:position] + char + token[position + 1:], key)
            accepted.append((position, char))
        except jwt.InvalidTokenError:
            pass
    assert accepted == []


@pytest.mark.claim("C7")
def test_any_single_changed_character_is_refused_by_the_endpoint(app):
    from hypothesis import given, strategies as st

    client = app.test_client()
    token = forged(app)

    @given(st.integers(0, len(token) - 1), st.sampled_from(PRINTABLE))
    def check(position, char):
        changed = token[:position] + char + token[position + 1:]
        assert me(client, changed).status_code == (200 if changed == token else 401)

    check()


@pytest.mark.claim("C7")
def test_a_change_in_unused_trailing_bits_is_refused_too(app, client):
    token = forged(app)
    same = [token[:-1] + c for c in BASE64URL if c != token[-1] and decoded(token[:-1] + c) == decoded(token)]
    assert (len(token.split(".")[2]), len(same)) == (43, 3)  # 43 characters carry 258 bits: 2 unused
    assert [me(client, changed).get_json() for changed in same] == [{"error": "DecodeError"}] * 3


@pytest.mark.claim("C8")
def test_one_appended_padding_character_is_accepted_two_are_not(app, client):
    token = forged(app)
    assert me(client, token + "=").get_json() == {"user": "ada"}
    assert me(client, token + "==").get_json() == {"error": "DecodeError"}


@pytest.mark.claim("C9")
def test_key_and_hashes_can_come_from_the_environment(chapter, users, monkeypatch):
    monkeypatch.setenv("FLASK_SECRET_KEY", secrets.token_hex(32))
    monkeypatch.setenv("FLASK_USERS", json.dumps(users))
    client = chapter.create_app({"TESTING": True}).test_client()
    assert me(client, login(client).get_json()["token"]).get_json() == {"user": "ada"}
