import base64
import importlib.util
import json
import re
from importlib import metadata

import pytest


@pytest.mark.claim("C1")
def test_source_safe_str_cmp_import_fails():
    with pytest.raises(ImportError, match="cannot import name 'safe_str_cmp' from 'werkzeug.security'"):
        from werkzeug.security import safe_str_cmp  # noqa: F401


@pytest.mark.claim("C2")
def test_flask_jwt_request_ctx_stack_import_fails():
    with pytest.raises(ImportError, match="cannot import name '_request_ctx_stack' from 'flask'"):
        from flask import _request_ctx_stack  # noqa: F401


@pytest.mark.claim("C3")
def test_encode_returns_str_without_decode(app):
    import jwt

    token = jwt.encode({"sub": "ada"}, app.config["SECRET_KEY"], algorithm="HS256")
    assert type(token) is str
    with pytest.raises(AttributeError, match="'str' object has no attribute 'decode'"):
        token.decode("utf-8")


@pytest.mark.claim("C4")
def test_pyjwt_here_is_outside_flask_jwts_pin():
    major, minor = (int(part) for part in re.match(r"(\d+)\.(\d+)", metadata.version("pyjwt")).groups())
    assert not (1, 4) <= (major, minor) < (1, 5)
    assert major == 2


@pytest.mark.claim("C5")
def test_payload_is_readable_without_the_key(client):
    payload = client.get("/token").get_json()["token"].split(".")[1]
    assert json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))) == {
        "sub": "ada", "role": "reader"}


@pytest.mark.claim("C6")
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


@pytest.mark.claim("C7")
def test_neither_flask_jwt_nor_its_successor_is_here():
    assert importlib.util.find_spec("flask_jwt") is None
    assert importlib.util.find_spec("flask_jwt_extended") is None
