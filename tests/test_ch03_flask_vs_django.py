import importlib
import importlib.util
import inspect
import re
from importlib import metadata

import pytest


@pytest.mark.claim("C1")
def test_a_whole_app_is_one_short_module(chapter, client):
    assert client.get("/").text == "a whole app in one module"
    assert len(inspect.getsource(chapter.create_app).splitlines()) <= 10


def dependency_closure(name, seen=None):
    seen = set() if seen is None else seen
    key = name.lower().replace("_", "-")
    if key in seen:
        return seen
    seen.add(key)
    for requirement in metadata.requires(name) or []:
        if ";" not in requirement:  # extras and old-Python-only requirements are not installed
            dependency_closure(re.match(r"[A-Za-z0-9_.-]+", requirement).group(), seen)
    return seen


@pytest.mark.claim("C2")
def test_flask_brings_seven_distributions_in_all():
    assert dependency_closure("flask") == {
        "flask", "werkzeug", "jinja2", "markupsafe", "itsdangerous", "click", "blinker"}


@pytest.mark.claim("C3")
@pytest.mark.parametrize("module", ["flask.orm", "flask.admin", "flask.forms", "flask.auth"],
                         ids=["orm", "admin", "form-layer", "auth"])
def test_flask_has_no_batteries_module(module):
    with pytest.raises(ModuleNotFoundError, match=module.replace(".", r"\.")):
        importlib.import_module(module)


@pytest.mark.claim("C4")
def test_django_cannot_be_imported_here():
    assert importlib.util.find_spec("django") is None
