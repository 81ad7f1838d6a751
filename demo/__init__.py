"""`flask --app portal demo load`: a believable, fictional council to explore.

Idempotent: each step adds only what is missing, so running it again changes nothing.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal.extensions import db

demo_cli = AppGroup("demo", help="Demonstration data for a fictional council.")


def load_demo() -> list[str]:
    """Run every step; return what each one did."""
    from demo import archive, asking, foundation, moderation, records

    steps = [foundation.load, asking.load, moderation.load, records.load, archive.load]
    report: list[str] = []
    for step in steps:
        report.extend(step())
        db.session.flush()
    return report


@demo_cli.command("load")
def load_command() -> None:
    """Load the demo council (safe to run more than once)."""
    report = load_demo()
    db.session.commit()
    for line in report:
        click.echo(line)
    click.echo("Demo data is loaded.")


@demo_cli.command("sign-ins")
def sign_ins_command() -> None:
    """Print the demo staff sign-ins (development only)."""
    from demo.foundation import demo_sign_ins

    if current_app.config["ENV_NAME"] != "development":
        raise click.ClickException("Demo sign-ins are only shown in development.")
    click.echo("Demo staff sign-ins (development only) at /staff/sign-in:")
    for role, email, password in demo_sign_ins():
        click.echo(f"  {role:<11} {email:<34} {password}")
