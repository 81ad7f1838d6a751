"""`flask --app portal demo load`: a believable, fictional council to explore.

Idempotent: each step adds only what is missing, so running it again changes nothing.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal.extensions import db

demo_cli = AppGroup("demo", help="Demonstration data for a fictional council.")


def load_demo(*, history: bool = True) -> list[str]:
    """Run every step (all but the two years of history unless `history`); return what each
    one did."""
    from demo import accountability, archive, asking, foundation, moderation, records

    steps = [foundation.load, asking.load, moderation.load, records.load, accountability.load]
    steps += [archive.load] if history else []
    report: list[str] = []
    for step in steps:
        report.extend(step())
        db.session.flush()
    return report


def load_history() -> list[str]:
    """The two years of history, each meeting committed as it is held (newest first), so
    the portal can serve while it loads."""
    from demo import archive

    report = archive.load(commit_each=True)
    db.session.commit()
    return report


@demo_cli.command("load")
@click.option(
    "--history-later",
    is_flag=True,
    help="Leave the two years of history to `flask demo history` (make run starts it beside the server).",
)
@click.option(
    "--sign-ins",
    "sign_ins",
    is_flag=True,
    help="Then print the demo staff sign-ins, as `demo sign-ins` does.",
)
def load_command(history_later: bool, sign_ins: bool) -> None:
    """Load the demo council (safe to run more than once)."""
    report = load_demo(history=not history_later)
    db.session.commit()
    for line in report:
        click.echo(line)
    click.echo("Demo data is loaded." + (" The history follows in the background." if history_later else ""))
    if sign_ins:
        print_sign_ins()


@demo_cli.command("history")
def history_command() -> None:
    """Load the demo's two years of published history, meeting by meeting (safe to run
    more than once)."""
    for line in load_history():
        click.echo(line)


@demo_cli.command("sign-ins")
def sign_ins_command() -> None:
    """Print the demo staff sign-ins (development only)."""
    print_sign_ins()


def print_sign_ins() -> None:
    from demo.foundation import demo_sign_ins

    if current_app.config["ENV_NAME"] != "development":
        raise click.ClickException("Demo sign-ins are only shown in development.")
    import pyotp

    click.echo("Demo staff sign-ins (development only) at /staff/sign-in:")
    rows = demo_sign_ins()
    for role, email, password, _key in rows:
        click.echo(f"  {role:<11} {email:<34} {password}")
    with_app = [(role, email, key) for role, email, _, key in rows if key]
    if with_app:
        click.echo("Administrators and clerks also give a code from an authenticator app. Add the key")
        click.echo("to your app, or use the code shown (it changes every 30 seconds: run this again):")
        for role, email, key in with_app:
            click.echo(f"  {role:<11} {email:<34} key {key}  code now {pyotp.TOTP(key).now()}")
