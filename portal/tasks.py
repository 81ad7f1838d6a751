"""Background work, run from the command line or a timer:

    flask --app portal outbox send [--watch]   deliver queued e-mail (the watch loop also expires)
    flask --app portal questions expire        expire unconfirmed questions and old drafts
    flask --app portal retention purge         delete questioners' contact details when due
    flask --app portal actions remind          e-mail the owners of overdue actions (the watch loop too)
    flask --app portal publications work [--watch]  publish meetings clerks asked for (job runner "worker")

Each step commits on its own, so a crash part-way loses nothing already done.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import time
from dataclasses import dataclass, field
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from portal.domain.archive.search import index as search_index
from portal.domain.asking import drafts, retention, submission
from portal.domain.meetings import actions
from portal.domain.messages import outbox
from portal.extensions import db
from portal.mail.transports import Transport, transport_from_config
from portal.models import OutboxMessage, OutboxStatus, utcnow

log = logging.getLogger(__name__)

outbox_cli = AppGroup("outbox", help="E-mail waiting to be sent.")
questions_cli = AppGroup("questions", help="Housekeeping for questions.")
retention_cli = AppGroup("retention", help="Deleting personal data when it is no longer needed.")
publications_cli = AppGroup("publications", help="The published files in the publication folder or bucket.")
actions_cli = AppGroup("actions", help="Actions arising at meetings.")


@dataclass
class SendReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    skipped: int = 0
    possibly_sent: int = 0
    statuses: list[OutboxStatus] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.sent} sent, {self.retrying} to retry, {self.failed} failed"
        if self.possibly_sent:
            text += f", {self.possibly_sent} possibly sent (see: flask outbox possibly-sent)"
        return text


def current_transport(notify_client: Any = None) -> Transport:
    return transport_from_config(current_app.config, notify_client=notify_client)


def send_outbox_once(transport: Transport | None = None, *, batch: int = 50) -> SendReport:
    """Deliver every message that is due now, one claim and one commit at a time."""
    transport = transport or current_transport()
    max_attempts = int(current_app.config["OUTBOX_MAX_ATTEMPTS"])
    claim_for = dt.timedelta(seconds=int(current_app.config["OUTBOX_CLAIM_SECONDS"]))
    report = SendReport()
    # A sender that stopped after handing a message over: ask, or set it aside for staff.
    report.possibly_sent = len(outbox.recover_in_doubt(transport))
    db.session.commit()
    for message_id in outbox.due_message_ids(limit=batch):
        if not outbox.claim(message_id, claim_for=claim_for):
            db.session.rollback()
            report.skipped += 1
            continue
        db.session.commit()  # the claim is visible to every other sender before delivery starts
        message = db.session.get(OutboxMessage, message_id)
        # handed_over_at is committed just before the point of no return.
        status = outbox.deliver(message, transport, max_attempts=max_attempts, on_handover=db.session.commit)
        db.session.commit()
        report.statuses.append(status)
        if status is OutboxStatus.SENT:
            report.sent += 1
        elif status is OutboxStatus.FAILED:
            report.failed += 1
        else:
            report.retrying += 1
    return report


def housekeeping() -> tuple[int, int]:
    """Expire unconfirmed questions, purge old drafts and shorten the search change log;
    commits. Returns (expired, purged)."""
    expired = submission.expire_unconfirmed()
    purged = drafts.purge_old_drafts()
    pruned = search_index.prune_change_log(utcnow())
    db.session.commit()
    if pruned:
        log.info("Deleted %d search change-log rows every index has had a week to apply", pruned)
    return expired, purged


@outbox_cli.command("send")
@click.option("--watch", is_flag=True, help="Keep running, sending new messages as they arrive.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between checks with --watch.")
def send_command(watch: bool, interval: float) -> None:
    """Send the e-mail waiting in the outbox."""
    try:
        transport = current_transport()
    except ValueError as error:  # a setting is missing: say which, without a traceback
        raise click.ClickException(str(error)) from None
    if not watch:
        click.echo(f"Outbox: {send_outbox_once(transport)}")
        return
    click.echo(f"Sending e-mail by {transport.name} every {interval:g} seconds; Ctrl+C to stop.")
    # A service manager stops it with SIGTERM, and a process started with SIGINT ignored
    # (as some launchers do) would never see Ctrl+C: both end the loop the same way.
    signal.signal(signal.SIGTERM, _stop_watching)
    last_housekeeping = 0.0
    try:
        while True:
            try:
                report = send_outbox_once(transport)
                if report.sent or report.failed or report.retrying:
                    click.echo(f"Outbox: {report}")
                if time.monotonic() - last_housekeeping >= 60:
                    expired, purged = housekeeping()
                    last_housekeeping = time.monotonic()
                    if expired or purged:
                        click.echo(f"Expired {expired} unconfirmed questions; deleted {purged} old drafts")
                    reminded = remind_overdue_actions()
                    if reminded:
                        click.echo(f"Queued {reminded} overdue action alerts")
            except Exception:  # keep the worker alive through a database blip
                db.session.rollback()
                log.exception("The outbox worker hit a problem; trying again shortly")
            finally:
                db.session.remove()
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("Stopped sending e-mail.")


def _stop_watching(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@outbox_cli.command("possibly-sent")
def possibly_sent_command() -> None:
    """List messages that may or may not have been delivered (the sender stopped after
    handing them to the mail server). None is ever sent again without a decision."""
    messages = outbox.possibly_sent_messages()
    if not messages:
        click.echo("No messages are waiting for a decision.")
        return
    for message in messages:
        handed = message.handed_over_at.isoformat(timespec="seconds") if message.handed_over_at else "?"
        click.echo(
            f"{message.id}\t{message.template}\thanded over {handed}\t{outbox.message_id_for(message)}"
        )
    click.echo(
        "Check the mail server's log for each Message-ID, then: "
        "flask outbox resolve ID --sent (it arrived) or --send-again (it did not)."
    )


@outbox_cli.command("resolve")
@click.argument("message_id", type=int)
@click.option("--sent/--send-again", "was_sent", required=True, help="It arrived, or it did not.")
def resolve_command(message_id: int, was_sent: bool) -> None:
    """Decide about a possibly sent message."""
    from portal.domain.errors import Refused

    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        raise click.ClickException(f"There is no message {message_id}")
    try:
        outbox.resolve_possibly_sent(message, was_sent=was_sent)
    except Refused as error:
        raise click.ClickException(str(error)) from None
    db.session.commit()
    click.echo(f"Message {message_id} " + ("marked sent" if was_sent else "will be sent again"))


@outbox_cli.command("requeue")
def requeue_command() -> None:
    """Try every failed message again (after fixing the mail settings)."""
    failed = db.session.scalars(
        db.select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.FAILED).order_by(OutboxMessage.id)
    ).all()
    for message in failed:
        outbox.requeue(message, utcnow())
    db.session.commit()
    click.echo(f"Requeued {len(failed)} failed messages")


@questions_cli.command("expire")
def expire_command() -> None:
    """Expire questions not confirmed within 48 hours, and delete drafts left unfinished."""
    expired, purged = housekeeping()
    click.echo(f"Expired {expired} unconfirmed questions; deleted {purged} old drafts")


@retention_cli.command("purge")
def purge_command() -> None:
    """Apply the retention schedule (the privacy page shows it): contact details, drafts,
    sent e-mail, alert subscriptions, staff sign-in records and data requests."""
    report = retention.purge_everything_due()
    db.session.commit()
    click.echo(str(report))


@publications_cli.command("check")
@click.option("--repair", is_flag=True, help="Write anything missing or wrong again from the database.")
@click.option("--thorough", is_flag=True, help="Compare every file's hash, not only its size.")
def check_publications_command(repair: bool, thorough: bool) -> None:
    """Find published versions whose files are missing or wrong (and put them back)."""
    from portal.domain.record import publishing

    report = publishing.check_published_files(repair=repair, thorough=thorough)
    for label in (report.wrong or [])[:50]:
        click.echo(f"  {label}")
    click.echo(str(report))
    if report.wrong and (not repair or report.unrepaired):
        raise SystemExit(1)


@publications_cli.command("work")
@click.option("--watch", is_flag=True, help="Keep running, publishing each job as clerks ask for it.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between checks with --watch.")
def publication_work_command(watch: bool, interval: float) -> None:
    """Publish the meetings clerks have asked to publish (with PUBLISH_JOB_RUNNER=worker)."""
    from portal.domain.record import jobs

    if not watch:
        click.echo(f"Publication jobs run: {jobs.run_queued()}")
        return
    click.echo(f"Publishing queued meetings every {interval:g} seconds; Ctrl+C to stop.")
    signal.signal(signal.SIGTERM, _stop_watching)
    try:
        while True:
            try:
                ran = jobs.run_queued()
                if ran:
                    click.echo(f"Publication jobs run: {ran}")
            except Exception:  # keep the worker alive through a database blip
                db.session.rollback()
                log.exception("The publication worker hit a problem; trying again shortly")
            finally:
                db.session.remove()
            time.sleep(interval)
    except KeyboardInterrupt:
        click.echo("Stopped publishing.")


def remind_overdue_actions() -> int:
    """Queue an alert to the owner of each overdue action (once per due date); commits."""
    queued = actions.queue_overdue_alerts()
    db.session.commit()
    return queued


@actions_cli.command("remind")
def remind_command() -> None:
    click.echo(f"Queued {remind_overdue_actions()} overdue action alerts")


COMMANDS = (outbox_cli, questions_cli, retention_cli, actions_cli, publications_cli)
