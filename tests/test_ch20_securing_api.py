import base64
import json
import secrets
import time
import warnings

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [('"exp": now + app.config["TOKEN_LIFETIME"]}', '"exp": now + 3600}'),  # the lifetime ignored
           ('if not check_password_hash(stored, password) or username not in app.config["USERS"]:',
            "if not check_password_hash(stored, password):"),  # the stand-in's password logs in
           ('username, password = body.get("username"), body.get("password")\n'
            '        if not (isinstance(username, str) and isinstance(password, str)):\n'
            '            return {"error": "username and password must be strings"}, 400\n',
            'username, password = str(body.get("username", "")), str(body.get("password", ""))\n')],  # null is "None"
    "C2": ('auth.type != "bearer"', 'auth.type != "Bearer"'),  # the scheme compared as typed: case matters
    "C3": [('options={"require": ["exp", "sub"]}', "options={}"),  # a token with no exp opens forever
           ('auth is None or auth.type != "bearer" or not auth.token',  # any scheme will do
            "auth is None or not auth.token"),
           ("algorithms=ALGORITHMS,", 'algorithms=["HS256", "HS512"],')],  # the header picks among two
    "C4": ('options={"require": ["exp", "sub"]}', 'options={"require": ["sub"]}'),  # no exp: PyJWT lets it in
    "C5": [("< 32:  # PyJWT's measure", "< 16:  # PyJWT's measure"),  # 128 bits thought enough
           ("len(key.encode() if isinstance(key, str) else key)", "len(key)")],  # characters, not bytes
    "C6": ("check_password_hash(stored, password)", "stored == generate_password_hash(password)"),  # a salted hash never matches
    "C7": ('options={"require": ["exp", "sub"]}',  # the signature never checked
           'options={"require": ["exp", "sub"], "verify_signature": False}'),
    "C8": ('read_token(auth.token, app.config["SECRET_KEY"])',  # padding stripped first: == gets in
           'read_token(auth.token.rstrip("="), app.config["SECRET_KEY"])'),
    "C9": ("    app.config.from_prefixed_env()  #", "    #"),  # configuration from code only
    "C10": [('if not check_password_hash(stored, password) or username not in app.config["USERS"]:',
             'if username not in app.config["USERS"] or not check_password_hash(stored, password):'),  # unknown: no check
            ("DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(32))",  # a cheap stand-in
             'DUMMY_HASH = generate_password_hash(secrets.token_urlsafe(32), method="pbkdf2:sha256:1000")')],
}

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
def test_unknown_user_gets_401_even_with_the_stand_in_password(chapter, client, monkeypatch):
    from werkzeug.security import generate_password_hash

    monkeypatch.setattr(chapter, "DUMMY_HASH", generate_password_hash("guess", method="pbkdf2:sha256:1000"))
    assert login(client, "nobody", "guess").status_code == 401


@pytest.mark.claim("C1")
@pytest.mark.parametrize(("username", "password"), [("ada", "wrong"), ("nobody", PASSWORD)])
def test_bad_credentials_get_401_saying_so(client, username, password):
    response = login(client, username, password)
    assert (response.status_code, response.get_json()) == (401, {"error": "bad credentials"})


@pytest.mark.claim("C1")
def test_an_app_with_no_users_refuses_every_login(chapter):
    client = chapter.create_app({"SECRET_KEY": secrets.token_hex(32)}).test_client()
    assert login(client).get_json() == {"error": "bad credentials"}


@pytest.mark.claim("C1")
@pytest.mark.parametrize("body", [[1], "ada", None], ids=["list", "string", "null"])
def test_a_login_body_that_is_not_an_object_gets_400(client, body):
    response = client.post("/login", json=body)
    assert (response.status_code, response.get_json()) == (400, {"error": "expected a JSON object"})


@pytest.mark.claim("C1")
@pytest.mark.parametrize("body", [{"username": None, "password": PASSWORD}, {"username": "None", "password": None},
                                  {"password": PASSWORD}, {"username": "None"}, {"username": ["None"], "password": 1}],
                         ids=["null-user", "null-password", "no-user", "no-password", "list-and-int"])
def test_a_login_without_string_fields_gets_400(app, client, users, body):
    app.config["USERS"] = {"None": users["ada"]}  # a user whom str(None) would name
    response = client.post("/login", json=body)
    assert (response.status_code, response.get_json()) == (400, {"error": "username and password must be strings"})


@pytest.mark.claim("C2")
def test_token_opens_the_protected_endpoint(client):
    token = login(client).get_json()["token"]
    assert me(client, token).get_json() == {"user": "ada"}


@pytest.mark.claim("C2")
@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_scheme_may_be_written_in_any_case(app, client, scheme):
    response = client.get("/me", headers={"Authorization": f"{scheme} {forged(app)}"})
    assert response.get_json() == {"user": "ada"}


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
    claims = {name: value for name, value in claims.items() if name not in changes.get("drop", ())}
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
    ("hs512", "InvalidAlgorithmError"), ("rs256", "InvalidAlgorithmError"),
    ("no-exp", "MissingRequiredClaimError"), ("no-sub", "MissingRequiredClaimError")])
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
        "no-exp": forged(app, drop=("exp",)),
        "no-sub": forged(app, drop=("sub",)),
    }
    response = client.get("/me") if case == "missing" else me(client, tokens[case])
    assert (response.status_code, response.get_json()) == (401, {"error": reason})
    assert ("WWW-Authenticate", "Bearer") in response.headers.to_wsgi_list()


@pytest.mark.claim("C3")
@pytest.mark.parametrize("header", ["Basic {}", "JWT {}", "Token {}", "{}", "Bearer", "Bearer ", "Bearer a=b"],
                         ids=["basic", "flask-jwt-prefix", "token", "no-scheme", "bearer-alone", "bearer-space",
                              "bearer-parameters"])
def test_a_valid_token_under_another_scheme_gets_401(app, client, header):
    response = client.get("/me", headers={"Authorization": header.format(forged(app))})
    assert (response.status_code, response.headers["WWW-Authenticate"], response.get_json()) == (
        401, "Bearer", {"error": "missing token"})


@pytest.mark.claim("C4")
def test_pyjwt_needs_algorithms_and_a_string_sub(chapter, app):
    import jwt

    key, int_sub = app.config["SECRET_KEY"], forged(app, claims={"sub": 1})  # encode accepts it
    with pytest.raises(jwt.DecodeError, match='pass in a value for the "algorithms" argument'):
        jwt.decode(forged(app), key)
    with pytest.raises(jwt.exceptions.InvalidSubjectError, match="^Subject must be a string$"):
        chapter.read_token(int_sub, key)


@pytest.mark.claim("C4")
def test_pyjwt_checks_exp_only_where_required(chapter, app):
    import jwt

    key, no_exp = app.config["SECRET_KEY"], forged(app, drop=("exp",))
    assert jwt.decode(no_exp, key, algorithms=chapter.ALGORITHMS) == {"sub": "ada"}
    with pytest.raises(jwt.MissingRequiredClaimError, match='^Token is missing the "exp" claim$'):
        chapter.read_token(no_exp, key)


@pytest.mark.claim("C5")
@pytest.mark.parametrize(("key", "warns"), [("k" * 31, True), ("k" * 32, False), ("é" * 15 + "k", True),
                                            ("é" * 16, False)], ids=["31-ascii", "32-ascii", "31-bytes", "32-bytes"])
def test_pyjwt_warns_about_a_key_under_32_utf8_bytes(key, warns):
    import jwt

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        jwt.encode({"sub": "ada"}, key, algorithm="HS256")
    assert [(w.category, "below the minimum recommended length of 32 bytes" in str(w.message)) for w in caught] == (
        [(jwt.warnings.InsecureKeyLengthWarning, True)] if warns else [])


def utf8_size(key):
    """How PyJWT measures an HMAC key: its bytes in UTF-8 (0 for text UTF-8 cannot encode)."""
    try:
        return len(key if isinstance(key, bytes) else key.encode())
    except UnicodeEncodeError:
        return 0


@pytest.mark.claim("C5")
def test_the_factory_accepts_exactly_the_keys_of_32_utf8_bytes(chapter):
    from hypothesis import example, given, strategies as st

    characters = st.one_of(st.sampled_from("ké€😀\udc80"), st.characters())  # 1 to 4 bytes, and none
    sized = st.integers(0, 40).flatmap(lambda n: st.text(characters, min_size=n, max_size=n))

    @given(st.one_of(sized, st.binary(min_size=24, max_size=40)))
    @example("k" * 31)
    @example("k" * 32)
    @example("é" * 16)
    @example("é" * 15 + "k")
    @example("\udc80" * 32)
    @example(b"k" * 31)
    @example(b"\xff" * 32)
    @example("")
    def check(key):
        try:
            accepted = chapter.create_app({"SECRET_KEY": key}) is not None
        except ValueError:
            accepted = False
        assert accepted == (utf8_size(key) >= 32)

    check()


@pytest.mark.claim("C5")
def test_a_short_key_is_refused_saying_why(chapter):
    with pytest.raises(ValueError, match="^SECRET_KEY must be at least 32 bytes for HS256$"):
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
    from hypothesis import example, given, strategies as st

    client = app.test_client()
    token = forged(app)

    signature = st.integers(len(token) - 43, len(token) - 1)  # where a skipped check shows first

    @given(st.one_of(st.integers(0, len(token) - 1), signature), st.sampled_from(BASE64URL) | st.sampled_from(PRINTABLE))
    @example(0, "\\")
    @example(token.index("."), "A")
    @example(len(token) - 1, "=")
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


@pytest.mark.claim("C10")
@pytest.mark.parametrize("username", ["ada", "nobody"])
def test_every_login_checks_exactly_one_hash(chapter, client, users, monkeypatch, username):
    monkeypatch.setattr(chapter, "DUMMY_HASH", users["ada"].replace("$", "$x", 1))  # as cheap as the users'
    checked, real = [], chapter.check_password_hash
    monkeypatch.setattr(chapter, "check_password_hash",
                        lambda stored, password: checked.append(stored) or real(stored, password))
    assert login(client, username, "wrong").status_code == 401
    assert checked == [users.get(username, chapter.DUMMY_HASH)]


@pytest.mark.claim("C10")
def test_the_stand_in_is_made_by_werkzeugs_default_method(chapter):
    from werkzeug.security import generate_password_hash

    def method(hashed):
        return hashed.split("$")[0]

    assert method(chapter.DUMMY_HASH) == method(generate_password_hash("pw")) == "scrypt:32768:8:1"
