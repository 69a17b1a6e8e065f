import importlib.util
import re
import sys
import warnings
from importlib import metadata
from pathlib import Path

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('"name": meta["name"]', '"name": "flask"'),  # the import name taken for the distribution's
    "C2": ('sorted(r for r in metadata.requires(name) if ";" not in r)',
           "sorted(metadata.requires(name))"),  # extras and old-Python needs counted as requirements
    "C3": [('.get_all("Provides-Extra")', '["Provides-Extra"]'),  # [] gives the first value only
           ("if all(map(installed, names))", "if names")],  # declared taken for installed
    "C4": ("{name: metadata.version(name) for name",
           "{name: __import__(name).__version__ for name"),  # the deprecated attribute instead
    "C5": ("return flask.__version__", 'return metadata.version("flask")'),  # the premise: the old read
    "C6": ("    return flask.__version__",
           "    import warnings\n\n    with warnings.catch_warnings(action=\"ignore\"):\n"
           "        return flask.__version__"),  # the warning silenced instead of the code fixed
    "C7": ("{name: metadata.version(name) for name",
           '{name: "3.1" for name'),  # versions written by hand, not read
}

DEPRECATED = r"The '__version__' attribute is deprecated and will be removed in Flask 3\.2\. " \
             r"Use feature detection or 'importlib\.metadata\.version\(\"flask\"\)' instead\."


def book_dependencies():
    import tomllib

    from textbook import book

    return tomllib.loads((book.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


@pytest.mark.claim("C1")
def test_distribution_is_flask_in_the_3_1_series(client):
    about = client.get("/flask").get_json()
    assert about["name"] == "Flask"
    assert (3, 1, 3) <= tuple(int(part) for part in about["version"].split(".")) < (3, 2)
    assert "flask[async]>=3.1.3,<3.2" in book_dependencies()


@pytest.mark.claim("C2")
def test_flask_declares_six_requirements_with_lower_bounds_only(client):
    requires = client.get("/flask").get_json()["requires"]
    assert [re.match(r"[a-z0-9_.-]+", r.lower())[0] for r in requires] == [
        "blinker", "click", "itsdangerous", "jinja2", "markupsafe", "werkzeug"]
    assert all(re.fullmatch(r"[a-z0-9_.-]+>=[\d.]+", r.lower()) for r in requires)


@pytest.mark.claim("C3")
def test_flask_declares_async_and_dotenv_extras(client):
    assert client.get("/flask").get_json()["extras"] == {
        "async": ["asgiref"], "dotenv": ["python-dotenv"]}


@pytest.mark.claim("C3")
def test_a_plain_install_leaves_every_extra_out():
    from packaging.requirements import Requirement

    with_markers = [Requirement(r) for r in metadata.requires("flask") if ";" in r]
    extras = {r.name: str(r.marker) for r in with_markers if "extra" in str(r.marker)}
    assert extras == {"asgiref": 'extra == "async"', "python-dotenv": 'extra == "dotenv"'}
    # pip evaluates a marker with the extras named on its command line: none for `pip install Flask`
    assert [r.name for r in with_markers if r.marker.evaluate({"extra": ""})] == []
    assert [r.name for r in with_markers if r.marker.evaluate({"extra": "async"})] == ["asgiref"]


@pytest.mark.claim("C3")
def test_this_book_installs_the_async_extra_on_purpose(client):
    from packaging.requirements import Requirement

    asked = [Requirement(r) for r in book_dependencies() if Requirement(r).name == "flask"]
    assert [sorted(r.extras) for r in asked] == [["async"]]
    assert client.get("/flask").get_json()["installed_extras"] == ["async"]
    assert importlib.util.find_spec("asgiref") is not None and importlib.util.find_spec("dotenv") is None


@pytest.mark.claim("C4")
def test_importlib_metadata_reads_the_version_without_warning(client):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        versions = client.get("/versions").get_json()
    assert caught == []
    assert versions["flask"] == metadata.version("flask")


@pytest.mark.claim("C5")
def test_dunder_version_warns_and_still_answers_on_3_1(chapter):
    with pytest.warns(DeprecationWarning, match=DEPRECATED):
        assert chapter.version_from_attribute() == metadata.version("flask")


# Started in the background when collection ends (textbook/live.py), its result read below:
# Python with its own default warning filters, nothing else.
READ_BOTH_WAYS = live.Background(
    [sys.executable, "-c", "import flask; from chapters.ch04_installing import version_from_attribute; "
                           "print(flask.__version__, version_from_attribute())"],
    env={"PYTHONWARNINGS": None, "PYTHONDEVMODE": None}, apart=True)


@pytest.mark.claim("C5")
def test_python_shows_the_warning_for_main_only(chapter):
    status, out, err = READ_BOTH_WAYS.result(chapter, timeout=30)
    assert out.split() == [metadata.version("flask")] * 2
    assert re.fullmatch(f"<string>:1: DeprecationWarning: {DEPRECATED}\n", err)


@pytest.mark.claim("C6")
def test_dunder_version_fails_under_the_book_warning_filter(chapter):
    with pytest.raises(DeprecationWarning, match=DEPRECATED):
        chapter.version_from_attribute()


@pytest.mark.claim("C7")
def test_app_reports_the_versions_it_imported(chapter):
    import flask, jinja2, werkzeug  # noqa: E401

    versions = chapter.create_app().test_client().get("/versions").get_json()
    assert versions == {name: metadata.version(name) for name in ("flask", "werkzeug", "jinja2")}
    for module in (flask, werkzeug, jinja2):
        files = metadata.distribution(module.__name__).locate_file(f"{module.__name__}/__init__.py")
        assert Path(files).resolve() == Path(module.__file__).resolve()
