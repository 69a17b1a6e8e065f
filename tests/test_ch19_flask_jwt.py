import base64
import importlib.util
import json
from importlib import metadata

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('"from werkzeug.security import safe_str_cmp"',  # the fix the source needed
           '"from hmac import compare_digest as safe_str_cmp"'),
    "C2": ('"from flask_jwt import JWT, jwt_required, current_identity"',  # the source's import made to work
           '"from jwt import encode as JWT"'),
    "C3": ('FLASK_JWT_IMPORT = "from flask import _request_ctx_stack"',  # the name that replaced it
           'FLASK_JWT_IMPORT = "from flask.globals import _cv_request as _request_ctx_stack"'),
    "C4": ('return jwt.encode(claims, key, algorithm="HS256")',  # bytes, as PyJWT 1 returned
           'return jwt.encode(claims, key, algorithm="HS256").encode()'),
    "C5": ('FLASK_JWT_PYJWT_PIN = ">=1.4.0,<1.5.0"', 'FLASK_JWT_PYJWT_PIN = ">=1.4.0"'),  # an open pin
    "C6": ('claims = {"sub": "ada", "role": "reader"}',  # a secret in a payload anyone can read
           'claims = {"sub": "ada", "role": "reader", "password": "correct horse"}'),
    "C7": ('sign(claims, app.config["SECRET_KEY"])',  # a key in the code
           'sign(claims, "a signing key typed into the source code")'),
}


@pytest.mark.claim("C1")
def test_source_safe_str_cmp_import_fails(chapter):
    with pytest.raises(ImportError, match="^cannot import name 'safe_str_cmp' from 'werkzeug.security'"):
        exec(chapter.SOURCE_IMPORTS[1], {})


@pytest.mark.claim("C2")
def test_source_flask_jwt_import_fails_and_no_successor_is_installed(chapter):
    with pytest.raises(ModuleNotFoundError, match="^No module named 'flask_jwt'$"):
        exec(chapter.SOURCE_IMPORTS[0], {})
    assert [importlib.util.find_spec(n) for n in ("flask_jwt", "flask_jwt_extended")] == [None, None]


@pytest.mark.claim("C3")
def test_flask_jwts_import_of_request_ctx_stack_fails_on_flask_3_1(chapter):
    assert metadata.version("flask").startswith("3.1.")
    with pytest.raises(ImportError, match="^cannot import name '_request_ctx_stack' from 'flask'"):
        exec(chapter.FLASK_JWT_IMPORT, {})


@pytest.mark.claim("C4")
def test_encode_returns_str_which_has_no_decode(chapter, app):
    token = chapter.sign({"sub": "ada"}, app.config["SECRET_KEY"])
    assert type(token) is str
    with pytest.raises(AttributeError, match="^'str' object has no attribute 'decode'$"):
        token.decode("utf-8")


@pytest.mark.claim("C5")
def test_installed_pyjwt_is_outside_flask_jwts_pin(chapter):
    from packaging.specifiers import SpecifierSet

    installed = metadata.version("pyjwt")
    assert (SpecifierSet(chapter.FLASK_JWT_PYJWT_PIN).contains(installed), installed.split(".")[0]) == (False, "2")


def payload_of(token):
    segment = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


@pytest.mark.claim("C6")
def test_payload_is_readable_without_the_key(client):
    assert payload_of(client.get("/token").get_json()["token"]) == {"sub": "ada", "role": "reader"}


@pytest.mark.claim("C7")
def test_only_the_key_verifies_the_signature(app, client):
    import jwt

    token = client.get("/token").get_json()["token"]
    assert jwt.decode(token, app.config["SECRET_KEY"], algorithms=["HS256"])["role"] == "reader"
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "another key of at least thirty-two bytes", algorithms=["HS256"])
    header, _, signature = token.split(".")
    forged = base64.urlsafe_b64encode(b'{"sub":"ada","role":"admin"}').decode().rstrip("=")
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(f"{header}.{forged}.{signature}", app.config["SECRET_KEY"], algorithms=["HS256"])
