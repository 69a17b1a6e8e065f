import json
import re
import sys
from pathlib import Path

import pytest

from textbook import live

# How each claim breaks: an edit of the chapter that makes the claim false.
BREAKS = {
    "C1": ('Path(current_app.config["USERS_FILE"]).write_text(',  # a path in the code, not the app's
           'Path("ch47-users.json").write_text('),
    "C2": [('@click.option("--admin", is_flag=True,', '@click.option("--admin",'),  # an option that wants a value
           ("type=click.IntRange(min=1)", "type=int")],  # any integer let through
    "C3": ('Blueprint("maintenance", __name__, cli_group=None)',  # grouped: flask maintenance purge
           'Blueprint("maintenance", __name__)'),
    "C4": ('    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}',
           "    try:  # a corrupt file read as no users: the crash hidden\n"
           '        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}\n'
           "    except ValueError:\n"
           "        return {}"),
    "C5": [('raise click.ClickException(f"user {name!r} exists")',  # the same words, and exit 0
            'return click.echo(f"Error: user {name!r} exists", err=True)'),
           ("            ctx.exit(3)\n", "            return 3\n")],  # a return value for a status: exit 0
    "C6": ("return 0 if any(user[\"admin\"] for user in load_users().values()) else 1",  # the fix
           "raise SystemExit(0 if any(user[\"admin\"] for user in load_users().values()) else 1)"),
    "C7": ("    @with_appcontext  # a plain click command: add_command alone gives it no context in a test\n",
           ""),
    "C8": ("    @with_appcontext\n    def another_command(name):",  # the fix: make it a command first
           '    @click.command("another-command")\n    @click.argument("name")\n'
           "    @with_appcontext\n    def another_command(name):"),
    "C9": ("def create_app(config=None):", "def create_app(config):"),  # a factory flask cannot call
    "C10": ("    app.cli.add_command(users)\n", ""),  # commands defined, never registered
    "C11": ('@click.confirmation_option(prompt="Delete every user?")', ""),  # no question asked
}

MODULE = "chapters.ch47_cli_commands"
FLASK = [live.executable("flask"), "--app", MODULE]


def users_file(content, name="ch47-users.json"):
    """A ``prepare`` for a process: the users file in its folder holds ``content``."""
    return lambda directory, chapter: (directory / name).write_text(content, encoding="utf-8")


ADA = json.dumps({"ada": {"admin": True}})
# Each starts as collection ends, in a folder of its own (its users file is there); tests adopt them.
SEED = live.Background([*FLASK, "seed"], apart=True)
EXISTS = live.Background([*FLASK, "users", "create", "ada"], prepare=users_file(ADA), apart=True)
CHECK = live.Background([*FLASK, "users", "check"], apart=True)
CRASH = live.Background([*FLASK, "users", "list"], prepare=users_file("{"), apart=True)
BY_RETURN = live.Background([*FLASK, "users", "check-by-return"], apart=True)
UNWRAPPED = live.Background([*FLASK, "stats-unwrapped"], apart=True)
LATE_APP = live.Background([live.executable("flask"), "users", "list", "--app", MODULE])
FACTORY_ARGUMENTS = live.Background(  # braces doubled: Background formats the value
    [live.executable("flask"), "stats"], env={"FLASK_APP": MODULE + ':create_app({{"USERS_FILE": "team.json"}})'},
    prepare=users_file(json.dumps({"ada": {"admin": True}, "grace": {"admin": False}}), "team.json"))
DOTENV = live.Background([live.executable("flask"), "users", "list"], prepare=users_file(f"FLASK_APP={MODULE}\n", ".flaskenv"))
HELP = live.Background([*FLASK, "--help"])
MIGRATE_COMMAND = live.Background([sys.executable, "-c", "from flask_migrate import MigrateCommand"])


@pytest.fixture(autouse=True)
def _in_a_folder_of_its_own(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the users file, ch47-users.json by default, lands here


def invoke(runner, *args, **kwargs):
    return runner.invoke(args=list(args), **kwargs)


@pytest.mark.claim("C1")
@pytest.mark.flask_config(USERS_FILE="team.json")
def test_a_command_runs_in_the_apps_context_and_the_web_app_sees_its_work(runner, client, tmp_path):
    result = invoke(runner, "seed", "--count", "2")
    assert (result.exit_code, result.output) == (0, f"Seeded 2 users in {MODULE}\n")
    seeded = {"user1": {"admin": False}, "user2": {"admin": False}}
    assert json.loads((tmp_path / "team.json").read_text(encoding="utf-8")) == seeded
    assert client.get("/users").get_json() == seeded


@pytest.mark.claim("C1", "C9")
def test_the_flask_executable_runs_the_command_with_the_app_it_built(chapter):
    assert SEED.result(chapter) == (0, f"Seeded 3 users in {MODULE}\n", "")


@pytest.mark.claim("C2")
def test_a_flag_needs_no_value_and_a_missing_argument_stops_the_command(runner):
    assert [invoke(runner, "users", "create", *args).output for args in [("ada", "--admin"), ("grace",)]] == [
        "Created ada (admin)\n", "Created grace\n"]
    assert invoke(runner, "users", "list").output == "ada (admin)\ngrace\n"  # no --admin: not an admin
    result = invoke(runner, "users", "create")
    assert (result.exit_code, result.output.splitlines()[-1]) == (2, "Error: Missing argument 'NAME'.")


@pytest.mark.claim("C2")
def test_click_converts_and_checks_a_command_option(runner):
    assert [invoke(runner, *args).output for args in [("seed", "--count", "2"), ("reports", "count")]] == [
        f"Seeded 2 users in {MODULE}\n", "users: 2\n"]
    assert [invoke(runner, *args).output for args in [("seed",), ("reports", "count")]] == [
        f"Seeded 3 users in {MODULE}\n", "users: 3\n"]  # the default; user1 and user2 again
    result = invoke(runner, "seed", "--count", "0")
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        2, "Error: Invalid value for '--count': 0 is not in the range x>=1.")


@pytest.mark.claim("C2")
def test_the_help_of_a_command_lists_its_parameters(runner):
    result = invoke(runner, "users", "create", "--help")
    assert result.output.splitlines()[0] == f"Usage: {MODULE} users create [OPTIONS] NAME"
    assert "  --admin  Make the user an administrator.\n" in result.output


@pytest.mark.claim("C3")
def test_groups_put_each_command_under_its_name(runner):
    invoke(runner, "users", "create", "ada", "--admin")
    assert [invoke(runner, *args).output for args in [("users", "list"), ("reports", "count"), ("purge", "--yes")]] == [
        "ada (admin)\n", "users: 1\n", "deleted: 1\n"]
    assert re.search(r"^  users +Manage users\.$", invoke(runner, "--help").output, re.MULTILINE)
    for args in [("count",), ("maintenance", "purge"), ("create", "ada")]:
        assert invoke(runner, *args).exit_code == 2  # No such command


@pytest.mark.claim("C4")
def test_a_crashing_command_does_not_raise_in_the_runner(runner):
    Path("ch47-users.json").write_text("{", encoding="utf-8")
    result = invoke(runner, "users", "list")
    assert "Error" not in result.output  # what a test that reads only the output checks: it passes
    assert (result.exit_code, result.output, type(result.exception)) == (1, "", json.JSONDecodeError)


@pytest.mark.claim("C5")
def test_a_click_exception_exits_the_command_with_1_and_its_error(runner, chapter):
    invoke(runner, "users", "create", "ada")
    result = invoke(runner, "users", "create", "ada")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "Error: user 'ada' exists\n")
    assert EXISTS.result(chapter) == (1, "", "Error: user 'ada' exists\n")  # the flask executable


@pytest.mark.claim("C5")
def test_ctx_exit_sets_the_commands_exit_status(runner, chapter):
    assert invoke(runner, "users", "check").exit_code == 3
    invoke(runner, "users", "create", "ada", "--admin")
    assert (invoke(runner, "users", "check").exit_code, invoke(runner, "users", "check").output) == (0, "")
    assert CHECK.result(chapter) == (3, "", "no admin user\n")


@pytest.mark.claim("C5")
def test_an_uncaught_exception_exits_the_command_with_1_and_a_traceback(chapter):
    status, out, err = CRASH.result(chapter)
    assert (status, out, err.startswith("Traceback (most recent call last):\n")) == (1, "", True)
    assert err.splitlines()[-1].startswith("json.decoder.JSONDecodeError: Expecting property name")


@pytest.mark.claim("C6")
def test_a_commands_return_value_is_not_its_exit_status(chapter, runner):
    returned = invoke(runner, "users", "check-by-return", standalone_mode=False)  # to see the value
    assert (returned.return_value, invoke(runner, "users", "check-by-return").exit_code) == (1, 0)
    invoke(runner, "users", "create", "ada", "--admin")
    assert invoke(runner, "users", "check-by-return", standalone_mode=False).return_value == 0
    assert BY_RETURN.result(chapter) == (0, "", "")  # it returned 1


@pytest.mark.claim("C7")
def test_a_plain_click_command_has_no_context_in_the_test_runner(runner):
    result = invoke(runner, "stats-unwrapped")
    assert (result.exit_code, type(result.exception)) == (1, RuntimeError)
    assert str(result.exception).startswith("Working outside of application context.")


@pytest.mark.claim("C7")
def test_the_same_plain_command_works_under_the_flask_executable(chapter):
    assert UNWRAPPED.result(chapter) == (0, f"{MODULE}: 0 users\n", "")


@pytest.mark.claim("C7")
def test_with_appcontext_gives_a_plain_command_its_context_in_the_runner(runner):
    invoke(runner, "users", "create", "ada")
    assert (invoke(runner, "stats").exit_code, invoke(runner, "stats").output) == (0, f"{MODULE}: 1 users\n")


@pytest.mark.claim("C8")
def test_with_appcontext_on_a_function_makes_no_command(app, chapter):
    specimen = chapter.with_appcontext_on_a_function()
    import click

    with pytest.raises(AttributeError, match="^'function' object has no attribute 'name'$"):
        app.cli.add_command(specimen)
    app.cli.add_command(click.command("another-command")(specimen))  # what makes a command
    assert "another-command" in app.cli.commands


@pytest.mark.claim("C9")
def test_app_after_the_command_name_is_too_late(chapter):
    status, output = LATE_APP.result(chapter)[:2]
    assert (status, output.splitlines()[-1]) == (2, "Error: No such command 'users'.")


@pytest.mark.claim("C9")
def test_flask_app_can_pass_literal_arguments_to_the_factory(chapter):
    assert FACTORY_ARGUMENTS.result(chapter) == (0, f"{MODULE}: 2 users\n")


@pytest.mark.claim("C9")
def test_a_flaskenv_without_python_dotenv_is_ignored(chapter):
    import importlib.util
    from importlib.metadata import requires

    assert importlib.util.find_spec("dotenv") is None
    assert [r.replace(" ", "") for r in requires("flask") if "dotenv" in r] == ['python-dotenv;extra=="dotenv"']
    status, output = DOTENV.result(chapter)
    assert (status, output.splitlines()[-1]) == (2, "Error: No such command 'users'.")
    assert " * Tip: There are .env files present. Install python-dotenv to use them.\n" in output


@pytest.mark.claim("C10")
def test_flask_script_needs_what_flask_3_1_and_python_3_11_removed():
    import importlib.util
    import inspect

    assert (importlib.util.find_spec("flask._compat"), hasattr(inspect, "getargspec")) == (None, False)
    assert sys.version_info >= (3, 11)


@pytest.mark.claim("C10")
def test_the_tutorials_migrate_command_import_fails(chapter):
    status, output = MIGRATE_COMMAND.result(chapter)
    assert (status, output.splitlines()[-1].split(" (")[0]) == (
        1, "ImportError: cannot import name 'MigrateCommand' from 'flask_migrate'")


@pytest.mark.claim("C10")
def test_flask_help_lists_the_built_in_the_apps_and_the_extensions_commands(chapter):
    from importlib.metadata import entry_points

    status, output = HELP.result(chapter)
    listed = {line.split()[0] for line in output.split("Commands:\n")[1].splitlines() if line.strip()}
    assert (status, {"run", "shell", "routes", "users", "reports", "purge", "limiter"} <= listed) == (0, True)
    assert "limiter" in entry_points(group="flask.commands").names  # how an extension adds it


@pytest.mark.claim("C11")
def test_purge_command_asks_and_no_deletes_nothing(runner):
    invoke(runner, "users", "create", "ada")
    result = invoke(runner, "purge", input="n\n")
    assert (result.exit_code, result.output) == (1, "Delete every user? [y/N]: n\nAborted!\n")
    assert invoke(runner, "users", "list").output == "ada\n"
    assert invoke(runner, "purge", "--yes").output == "deleted: 1\n"
    listed = invoke(runner, "users", "list")
    assert (listed.exit_code, listed.output, json.loads(Path("ch47-users.json").read_text(encoding="utf-8"))) == (0, "", {})
