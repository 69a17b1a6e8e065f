import ast
import importlib
import importlib.util
import inspect
import shutil
import sys

import pytest

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": [("    app.config.update(config or {})\n",
            '    app.config.from_object("settings")\n'),  # a settings module the file cannot live without
           ("from flask import Flask\n",
            "from flask import Flask\nfrom chapters import VOCABULARY\n")],  # the app leans on the project
    "C2": ('for r in declared if ";" not in r]', "for r in declared]"),  # extras counted as installed
    "C3": ('root.rglob("*.py")', 'root.glob("*.py")'),  # glob does not descend into subpackages
    "C4": ("\nUnproven here, from Django's documentation: Django",
           "\nFrom Django's documentation: Django"),  # an unproven paragraph passed off as fact
}


def load_alone(chapter, directory):
    """Import a copy of the chapter's file from ``directory``, as a standalone module."""
    shutil.copy(chapter.__file__, directory / "app.py")
    spec = importlib.util.spec_from_file_location("standalone_app", directory / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def top_level_imports(module):
    names = set()
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.ImportFrom):
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names - {"mutmut"}  # a mutation run's copy of the chapter imports mutmut


@pytest.mark.claim("C1")
def test_the_chapter_file_alone_is_a_whole_app(chapter, tmp_path):
    alone = load_alone(chapter, tmp_path)
    assert top_level_imports(alone) - sys.stdlib_module_names == {"flask"}
    assert len(inspect.getsource(chapter.create_app).splitlines()) <= 10
    response = alone.create_app().test_client().get("/")
    assert (response.status_code, response.text) == (200, "a whole app in one module")
    app = chapter.create_app({"TESTING": True})  # settings arrive as the factory's argument
    assert (app.testing, app.test_client().get("/").text) == (True, "a whole app in one module")
    assert chapter.create_app().testing is False


@pytest.mark.claim("C2")
def test_flask_brings_seven_distributions_in_all(chapter):
    assert chapter.installed_with("flask") == {
        "flask", "werkzeug", "jinja2", "markupsafe", "itsdangerous", "click", "blinker"}


@pytest.mark.claim("C3")
def test_flask_package_holds_no_batteries_module(chapter):
    import flask

    assert chapter.files_of(flask) == [
        "__init__.py", "__main__.py", "app.py", "blueprints.py", "cli.py", "config.py", "ctx.py",
        "debughelpers.py", "globals.py", "helpers.py", "json/__init__.py", "json/provider.py",
        "json/tag.py", "logging.py", "sansio/app.py", "sansio/blueprints.py", "sansio/scaffold.py",
        "sessions.py", "signals.py", "templating.py", "testing.py", "typing.py", "views.py",
        "wrappers.py"]


@pytest.mark.claim("C3")
@pytest.mark.parametrize("module", ["flask.orm", "flask.admin", "flask.forms", "flask.auth"],
                         ids=["orm", "admin", "form-layer", "auth"])
def test_flask_has_no_batteries_module(module):
    with pytest.raises(ModuleNotFoundError, match=module.replace(".", r"\.")):
        importlib.import_module(module)


@pytest.mark.claim("C4")
def test_django_is_absent_and_every_answer_paragraph_naming_it_is_marked(chapter):
    assert importlib.util.find_spec("django") is None
    answer = chapter.__doc__.split("\nA: ", 1)[1].split("\nClaims:", 1)[0]
    naming = [paragraph.strip() for paragraph in answer.split("\n\n") if "Django" in paragraph]
    assert naming and all(paragraph.startswith(("Unproven here", "Opinion:")) for paragraph in naming)
