"""Command-line tasks: `flask --app portal users create`, `outbox send`, ...

The demo council's `demo load` and `demo sign-ins` come from the `demo` package beside the
portal, through Flask's `flask.commands` entry point (pyproject.toml).
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup

from portal.extensions import db, transaction_intent
from portal.models import Role

users_cli = AppGroup("users", help="Staff accounts.")


@users_cli.command("create")
@click.option("--email", required=True, help="Their e-mail address, used to sign in.")
@click.option("--first-name", required=True)
@click.option("--last-name", required=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([r.value for r in Role]),
    help="Repeat for several roles.",
)
@click.option("--job-title", default=None)
@click.option("--ward", default=None, help="Councillors: the ward they represent.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input instead of a prompt."
)
def create_user_command(
    email: str,
    first_name: str,
    last_name: str,
    roles: tuple[str, ...],
    job_title: str | None,
    ward: str | None,
    password_stdin: bool,
) -> None:
    """Create a staff account. The password is never taken from the command line."""
    from portal.domain.people.accounts import AccountError, create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(
            email=email,
            first_name=first_name,
            last_name=last_name,
            password=password,
            roles={Role(r) for r in roles},
            job_title=job_title,
            ward=ward,
        )
        db.session.commit()
    except AccountError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.email} ({', '.join(sorted(r.value for r in user.roles))})")


search_cli = AppGroup("search", help="The search index on this machine.")


@search_cli.command("rebuild")
def rebuild_search_command() -> None:
    """Build this machine's search index afresh from the database (at deployment, or on
    a new machine: the portal does it by itself otherwise, in the background)."""
    from portal.domain.archive.search import index as search_index

    try:
        # It only reads the database: on SQLite, people keep writing while it runs.
        with transaction_intent(writes=False):
            count = search_index.rebuild(log_progress=lambda n: click.echo(f"  {n:,} entries"))
    except search_index.Unavailable as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Indexed {count:,} published questions in {search_index.index_directory()}")


@search_cli.command("status")
def search_status_command() -> None:
    """Whether this machine's search index is up to date with the database."""
    from portal.domain.archive.search import index as search_index

    index = search_index.local_index()
    try:
        with transaction_intent(writes=False):
            searcher = index.searcher(db.session)
    except search_index.Unavailable as error:
        raise click.ClickException(f"The database's own search is answering: {error}") from None
    click.echo(f"{searcher.num_docs:,} published questions indexed in {index.directory}, up to date")


def register_commands(app: Flask) -> None:
    from portal.tasks import COMMANDS as TASK_COMMANDS

    app.cli.add_command(users_cli)
    app.cli.add_command(search_cli)
    for command in TASK_COMMANDS:
        app.cli.add_command(command)
