"""Command-line tasks: `flask --app portal users create`, `outbox send`, ...

The demo council's `demo load` and `demo sign-ins` come from the `demo` package beside the
portal, through Flask's `flask.commands` entry point (pyproject.toml).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

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


archive_cli = AppGroup("archive", help="The archive of published questions and answers.")


@archive_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--committee", "slug", required=True, help="The committee's slug, as in its web address.")
@click.option("--dry-run", is_flag=True, help="Read and count; keep nothing.")
@click.option(
    "--file-certain",
    is_flag=True,
    help="File at once each document the reader found everything in; the rest wait for review.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=lambda: os.cpu_count() or 1,
    show_default="the number of processors",
    help="Documents read at once, each in its own process.",
)
def archive_import_command(
    paths: tuple[Path, ...], slug: str, dry_run: bool, file_certain: bool, workers: int
) -> None:
    """Import a council's old published documents (Word, PDF, web pages, the portal's JSON
    and CSV) from files and folders. Documents wait on the review screen (/staff/import)
    for a clerk to check; a document imported before (the same bytes) is skipped."""
    import sqlalchemy as sa

    from portal.domain.importing import bulk
    from portal.models import Committee

    committee = db.session.scalar(sa.select(Committee).where(Committee.slug == slug))
    if committee is None:
        raise click.ClickException(f"No committee has the slug {slug!r}")
    files = bulk.documents_in(list(paths))

    def progress(items: object) -> object:
        with click.progressbar(
            items,
            label="Reading",
            length=len(files),
            item_show_func=lambda p: p.name if p else None,
            file=sys.stderr,
        ) as bar:
            yield from bar

    report = bulk.import_paths(
        list(paths), committee, dry_run=dry_run, file_certain=file_certain, progress=progress, workers=workers
    )
    verb = "could be imported" if dry_run else "read"
    click.echo(
        f"{report.documents:,} documents {verb}: {report.records:,} records found, "
        f"{report.needing_review:,} needing review"
    )
    if not dry_run:
        click.echo(
            f"{report.filed_documents:,} documents filed ({report.filed_records:,} records); "
            f"{report.waiting:,} waiting to be checked at /staff/import/"
        )
    if report.already:
        click.echo(f"{len(report.already):,} already imported, left as they were")
    for name, reason in report.refused:
        click.echo(f"Not imported: {name}: {reason}", err=True)
    if report.refused:
        sys.exit(1)


def register_commands(app: Flask) -> None:
    from portal.tasks import COMMANDS as TASK_COMMANDS

    app.cli.add_command(users_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(archive_cli)
    for command in TASK_COMMANDS:
        app.cli.add_command(command)
