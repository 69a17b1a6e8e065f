"""
Q: How do you add a management command to a Flask app?

A: Write a click command and register it on the app's command group, ``app.cli``: the
``flask`` executable then runs it by name, ``flask --app pkg seed --count 2``. Flask loads the
app (``--app`` names the module; Flask finds ``create_app`` in it and calls it), pushes an
application context and calls the command, so ``current_app`` and its config work as they do in
a view. There is no request, though (not proven here; chapter 46 shows what it means for
``url_for``). Arguments and options are click's: click converts
them to the type given, refuses a wrong or missing one with a usage message and exit status 2,
and builds ``--help`` from them. ``AppGroup("users")`` groups commands (``flask users create``);
a blueprint's ``cli`` is such a group, named after the blueprint unless ``cli_group`` says
otherwise, and ``cli_group=None`` puts its commands at the top level. A command that destroys
something asks first: ``click.confirmation_option`` aborts (exit 1) unless the answer is yes
or ``--yes`` was given.

The exit status is what cron, a deploy script or CI reads. A command that returns exits 0, whatever
it returns: click ignores the return value, which surprised the author of pallets/click#747,
whose CI passed on every failure. ``click.ClickException("...")`` exits 1 with ``Error: ...``
on standard error, a usage error 2, ``ctx.exit(3)`` 3, and an uncaught exception 1 with its
traceback.

Test a command with ``app.test_cli_runner()`` (the book's ``runner`` fixture):
``runner.invoke(args=["users", "create", "ada"])`` runs it in the test's process and returns a
result with ``exit_code``, ``output`` and ``exception``. It does not raise: a command that crashed
leaves an empty output and the exception in ``result.exception``, so a test must assert the exit
code. The runner calls ``app.cli`` directly, not the ``flask`` executable, and the two differ in
one place: a plain ``@click.command`` added with ``app.cli.add_command`` runs in an application
context under ``flask`` (which pushes one for every app command; since Flask 2.2, by its
changelog, not proven here) but raises
"Working outside of application context." in the runner; ``@with_appcontext`` makes it work in
both. So test the way it is run, too: the ``flask`` executable in a subprocess. ``--app`` (or
``FLASK_APP``) must come before the command's name; ``flask users list --app pkg`` finds no
command ``users``. A ``.flaskenv`` file needs python-dotenv, which installing Flask 3.1 does not
install: without it Flask prints a tip and ignores the file.

Published advice gets this wrong in two ways. Older tutorials and projects still build a
``manage.py`` on Flask-Script's ``Manager`` with ``manager.add_command("db", MigrateCommand)``
(http://hack4impact.github.io/flask-base/manage_commands/; python-social-auth/social-examples#57
in 2024); Flask-Migrate 4 has no ``MigrateCommand`` (miguelgrinberg/Flask-Migrate#407), and
Flask-Script 2.0.6, its last release, imports ``flask._compat`` (the traceback in
pallets/flask#4023) and calls ``inspect.getargspec``: neither exists on Flask 3.1 and Python
3.11. (Flask-Script is not installed here: the two are proven missing, what Flask-Script does
without them is not proven here.) Everything ``Manager`` gave is built in: ``flask run``, ``flask shell``, custom commands,
and extensions' commands, which appear through the ``flask.commands`` entry point (Flask-Limiter's
``limiter``). And https://runebook.dev/en/articles/flask/api/index/flask.cli.with_appcontext
decorates a plain function with ``@with_appcontext`` and hands it to ``app.cli.add_command``:
that raises ``AttributeError``, since ``with_appcontext`` makes no command; ``@click.command``
does.

Claims:
  C1. A command registered with ``@app.cli.command`` runs inside an application context of
      the app it was loaded from: ``seed`` finds the users file in ``current_app``'s config,
      and the web app then lists the users it wrote.
  C2. click converts and checks parameters: ``seed --count 2`` adds two users, three without
      it; ``--count 0`` exits 2 with "Invalid value for '--count': 0 is not in the range
      x>=1.", a missing ``NAME`` with "Missing argument 'NAME'."; ``--admin`` is a flag;
      ``--help`` lists them.
  C3. ``AppGroup("users")`` groups its commands under ``flask users``; a blueprint's commands
      are grouped under its name (``flask reports count``), or at the top level with
      ``cli_group=None`` (``flask purge``); each runs with an application context.
  C4. ``runner.invoke`` does not raise: a command that crashes (a corrupt users file) gives
      exit code 1, no output and the exception in ``result.exception``; a test that checks only
      the output passes.
  C5. Run by the ``flask`` executable, a command that returns exits 0, ``ClickException`` exits
      1 with "Error: user 'ada' exists" on standard error, a usage error 2, ``ctx.exit(3)`` 3,
      and an uncaught exception 1 with its traceback.
  C6. Correction: pallets/click#747 expected a command's return value to be its exit status;
      ``users check-by-return`` returns 1 and ``flask`` exits 0.
  C7. A plain ``@click.command`` added with ``app.cli.add_command`` runs with an application
      context under the ``flask`` executable but raises "Working outside of application
      context." in ``app.test_cli_runner()``; with ``@with_appcontext`` it works in both.
  C8. Correction: runebook.dev registers a plain function decorated with ``@with_appcontext``;
      ``app.cli.add_command`` raises ``AttributeError: 'function' object has no attribute
      'name'``.
  C9. ``--app`` or ``FLASK_APP`` names the module, and Flask calls its ``create_app``;
      ``module:create_app({...})`` passes literal arguments; ``--app`` after the command's
      name is too late: exit 2, "No such command 'users'". Flask 3.1 does not install
      python-dotenv, and without it a ``.flaskenv`` naming the app is ignored, with "Tip: There
      are .env files present. Install python-dotenv to use them."
  C10. Correction: hack4impact's flask-base and python-social-auth's example run Flask-Script's
      ``Manager`` with ``MigrateCommand``; on Flask-Migrate 4.1 ``from flask_migrate import
      MigrateCommand`` fails, ``flask._compat`` does not exist on Flask 3.1 nor
      ``inspect.getargspec`` on Python 3.11; ``flask --help`` lists ``run``, ``shell``, the
      app's commands and Flask-Limiter's ``limiter`` from its entry point.
  C11. ``purge`` asks before deleting: answered "n" it prints "Aborted!", exits 1 and deletes
      nothing; ``--yes`` skips the question.

Try it:
  $ export FLASK_USERS_FILE=$(mktemp -d)/users.json
  $ flask --app chapters.ch47_cli_commands seed --count 2   → Seeded 2 users in chapters.ch47_cli_commands
  $ flask --app chapters.ch47_cli_commands users create ada --admin   → Created ada (admin)
  $ flask --app chapters.ch47_cli_commands users create ada; echo "exit $?"   → Error: user 'ada' exists
  → exit 1
  $ flask --app chapters.ch47_cli_commands reports count   → users: 3
  $ flask --app chapters.ch47_cli_commands purge --yes   → deleted: 3
  $ flask --app chapters.ch47_cli_commands users check; echo "exit $?"   → no admin user
  → exit 3
  $ flask --app chapters.ch47_cli_commands users check-by-return; echo "exit $?"   → exit 0  # C6
  $ flask users list --app chapters.ch47_cli_commands   → Error: No such command 'users'.
"""

import json
from pathlib import Path

import click
from flask import Blueprint, Flask, current_app
from flask.cli import AppGroup, with_appcontext

TOPICS = ("cli",)


def load_users():
    path = Path(current_app.config["USERS_FILE"])
    # pragma below: "UTF-8", or the locale's encoding (UTF-8 here), reads the same
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}  # pragma: no mutate


def save_users(users):
    # pragma below: JSON is ASCII; any encoding writes the same bytes
    Path(current_app.config["USERS_FILE"]).write_text(json.dumps(users), encoding="utf-8")  # pragma: no mutate


def create_app(config=None):
    app = Flask(__name__)
    app.config["USERS_FILE"] = "ch47-users.json"  # in the folder the command runs in
    app.config.from_prefixed_env()  # FLASK_USERS_FILE=...
    app.config.update(config or {})

    @app.get("/users")
    def list_users():
        return load_users()

    @app.cli.command("seed")
    @click.option("--count", type=click.IntRange(min=1), default=3, help="How many users.")
    def seed(count):
        """Add demo users: user1, user2, ..."""
        known = load_users()  # current_app works: the command runs in an application context
        save_users({**known, **{f"user{n}": {"admin": False} for n in range(1, count + 1)}})
        click.echo(f"Seeded {count} users in {current_app.name}")

    users = AppGroup("users", help="Manage users.")
    app.cli.add_command(users)

    @users.command("create")
    @click.argument("name")
    @click.option("--admin", is_flag=True, help="Make the user an administrator.")
    def create_user(name, admin):
        """Create a user."""
        known = load_users()
        if name in known:
            raise click.ClickException(f"user {name!r} exists")  # exit 1, "Error: ..." on stderr
        save_users({**known, name: {"admin": admin}})
        click.echo(f"Created {name}{' (admin)' if admin else ''}")

    @users.command("list")
    def list_command():
        """List the users."""
        for name, user in load_users().items():
            click.echo(f"{name}{' (admin)' if user['admin'] else ''}")

    @users.command("check")
    @click.pass_context
    def check(ctx):
        """Exit 3 when no user is an administrator (for cron or CI)."""
        if not any(user["admin"] for user in load_users().values()):
            click.echo("no admin user", err=True)
            ctx.exit(3)

    @users.command("check-by-return")
    def check_by_return():  # specimen: pallets/click#747's mistake, a return value as the status
        return 0 if any(user["admin"] for user in load_users().values()) else 1

    reports = Blueprint("reports", __name__)  # its commands: flask reports ...

    @reports.cli.command("count")
    def count():
        """Count the users."""
        click.echo(f"users: {len(load_users())}")

    # Its commands: flask purge. The pragma: with cli_group=None no command shows its name.
    maintenance = Blueprint("maintenance", __name__, cli_group=None)  # pragma: no mutate

    @maintenance.cli.command("purge")
    @click.confirmation_option(prompt="Delete every user?")
    def purge():
        """Delete every user."""
        total = len(load_users())
        save_users({})
        click.echo(f"deleted: {total}")

    app.register_blueprint(reports)
    app.register_blueprint(maintenance)

    @click.command("stats")
    @with_appcontext  # a plain click command: add_command alone gives it no context in a test
    def stats():
        click.echo(f"{current_app.name}: {len(load_users())} users")

    @click.command("stats-unwrapped")
    def stats_unwrapped():  # specimen: the same without with_appcontext
        click.echo(f"{current_app.name}: {len(load_users())} users")

    app.cli.add_command(stats)
    app.cli.add_command(stats_unwrapped)
    return app


def with_appcontext_on_a_function():
    """Specimen, not the book's code: runebook.dev's registration, a function without
    ``@click.command``; returns what it hands to ``app.cli.add_command``."""

    @with_appcontext
    def another_command(name):
        click.echo(f"Hello from CLI command, {name}!")  # pragma: no mutate: never runs

    return another_command
