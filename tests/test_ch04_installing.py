import importlib.util
import re
import warnings
from importlib import metadata

import pytest


def unconditional_requirements():
    return [r for r in metadata.requires("flask") if ";" not in r]


@pytest.mark.claim("C1")
def test_distribution_is_flask_in_the_3_1_series():
    assert metadata.metadata("flask")["Name"] == "Flask"
    assert re.fullmatch(r"3\.1\.\d+", metadata.version("flask"))


@pytest.mark.claim("C2")
def test_flask_declares_six_requirements_with_lower_bounds_only():
    names = sorted(re.match(r"[a-z0-9_.-]+", r.lower()).group() for r in unconditional_requirements())
    assert names == ["blinker", "click", "itsdangerous", "jinja2", "markupsafe", "werkzeug"]
    assert all(re.fullmatch(r"[a-z0-9_.-]+>=[\d.]+", r.lower()) for r in unconditional_requirements())


@pytest.mark.claim("C3")
def test_flask_declares_async_and_dotenv_extras():
    assert metadata.metadata("flask").get_all("Provides-Extra") == ["async", "dotenv"]
    extras = [r for r in metadata.requires("flask") if "extra ==" in r]
    assert [r.split()[0] for r in extras] == ["asgiref>=3.2", "python-dotenv"]


@pytest.mark.claim("C3")
@pytest.mark.parametrize("module", ["asgiref", "dotenv"])
def test_a_plain_install_brings_no_extra(module):
    assert importlib.util.find_spec(module) is None


@pytest.mark.claim("C4")
def test_importlib_metadata_reads_the_version_without_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert metadata.version("flask").startswith("3.1.")


@pytest.mark.claim("C5")
def test_dunder_version_is_deprecated_on_3_1():
    import flask

    with pytest.warns(DeprecationWarning, match=r"importlib\.metadata\.version\(\"flask\"\)"):
        assert flask.__version__ == metadata.version("flask")


@pytest.mark.claim("C6")
def test_app_reports_the_installed_versions(client):
    assert client.get("/versions").get_json() == {
        name: metadata.version(name) for name in ("flask", "werkzeug", "jinja2")
    }
