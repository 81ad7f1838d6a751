"""Private links are stored as hashes and looked up by hash; links e-mailed before that
keep working; tokens never reach a log line; an expired confirmation link never shows
the tracking link."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.domain.asking import links, submission
from portal.domain.record import alerts
from portal.extensions import db
from portal.logs import RedactingGunicornLogger, redact
from portal.models import AlertSubscription, OutboxMessage, Question, secret_links, utcnow
from tests import factories
from tests.html import heading, page, text


def unconfirmed():
    return submission.submit_draft(factories.make_draft()).question


def confirm_link(question) -> str:
    message = db.session.scalar(
        sa.select(OutboxMessage)
        .where(OutboxMessage.question_id == question.id, OutboxMessage.template == "confirm_question")
        .order_by(OutboxMessage.id.desc())
    )
    return message.body_text.split("http://localhost", 1)[1].split()[0]


def stored_values(table: str, row_id: int) -> list[str]:
    row = db.session.execute(sa.text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row_id}).one()
    return [str(v) for v in row]


def test_no_question_row_holds_its_tracking_or_confirmation_token(client):
    question = unconfirmed()
    values = stored_values("question", question.id)
    assert question.tracking_token not in values
    assert question.confirm_token not in values
    assert secret_links.token_hash(question.tracking_token) in values
    assert client.get(f"/questions/{question.tracking_token}").status_code == 200
    assert client.get(confirm_link(question)).status_code == 200


def test_no_alert_subscription_row_holds_its_token(client):
    committee = factories.make_committee()
    subscription = alerts.subscribe(committee, "reader@example.com")
    db.session.flush()
    assert subscription.token not in stored_values("alert_subscription", subscription.id)
    assert alerts.find_subscription(subscription.token) is subscription
    assert client.get(f"/alerts/{subscription.token}/confirm").status_code == 200


def test_the_same_token_is_worked_out_for_every_email_but_only_with_the_key(app):
    question = unconfirmed()
    assert question.tracking_token == secret_links.derive(secret_links.TRACK, question.link_seed)
    other_key = secret_links.derive(secret_links.TRACK, question.link_seed, key="another key" * 4)
    assert other_key != question.tracking_token  # a copy of the database alone opens nothing


@pytest.mark.parametrize("token", ["", "x" * 101, "not-a-real-token-at-all-0000000000000"])
def test_a_made_up_token_finds_nothing(client, token):
    unconfirmed()
    assert client.get(f"/questions/{token}").status_code in (404, 308)


def test_an_expired_confirmation_link_never_shows_the_tracking_link(client):
    question = unconfirmed()
    path = confirm_link(question)
    assert client.post(path).status_code == 302
    # The browser that confirmed sees the tracking link once...
    shown = client.get(path.replace("/confirm/", "/confirmed/"))
    assert question.tracking_token in shown.get_data(as_text=True)
    # ...anyone else with the confirmation link (a shared computer, a log) never does.
    other = client.application.test_client()
    again = other.get(path.replace("/confirm/", "/confirmed/"))
    assert heading(again) == "Question sent"
    assert question.tracking_token not in again.get_data(as_text=True)
    assert "We have e-mailed you a private link" in text(again)
    # And once the link has expired, not even the browser that confirmed.
    question.created_at = utcnow() - links.CONFIRM_LIFETIME - dt.timedelta(minutes=1)
    db.session.flush()
    late = client.get(path.replace("/confirm/", "/confirmed/"))
    assert question.tracking_token not in late.get_data(as_text=True)
    late_confirm = client.get(path, follow_redirects=True)
    assert question.tracking_token not in late_confirm.get_data(as_text=True)


def test_a_signed_confirmation_link_sent_before_the_change_still_works_until_it_expires(client):
    question = unconfirmed()
    legacy = links.confirm_token(question.id)
    assert heading(client.get(f"/ask/confirm/{legacy}")) == "Confirm your question"
    assert client.post(f"/ask/confirm/{legacy}").status_code == 302
    assert question.received_at is not None


# -- Logs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('"GET /questions/AbC_def-123456789012345678 HTTP/1.1" 200', '"GET /questions/[token] HTTP/1.1" 200'),
        ("/ask/confirm/eyJxIjo1fQ.Z3m9xw.abcDEF123_-xyz", "/ask/confirm/[token]"),
        ("/alerts/AbCdEfGhIjKlMnOpQrStUvWxYz012345/unsubscribe", "/alerts/[token]/unsubscribe"),
        ("/your-data/AbCdEfGhIjKlMnOpQrStUvWxYz012345/download", "/your-data/[token]/download"),
        (
            "/committees/children-and-young-people-scrutiny-committee",
            "/committees/children-and-young-people-scrutiny-committee",
        ),
        ("/meetings/12/questions/v3.pdf", "/meetings/12/questions/v3.pdf"),
        (
            '"GET /ask/confirm/AbCdEfGhIjKlMnOpQrStUvWxYz012345) HTTP/1.1"',
            '"GET /ask/confirm/[token] HTTP/1.1"',
        ),
        ("/questions/AbCdEfGhIjKlMnOpQrStUvWxYz012345,", "/questions/[token]"),
        ("/questions/mine/AbCdEfGhIjKlMnOpQrStUvWxYz012345>", "/questions/mine/[token]"),
        ("Queued confirm_question message 12", "Queued confirm_question message 12"),
    ],
)
def test_tokens_are_taken_out_of_log_lines(line, expected):
    assert redact(line) == expected


def test_the_portals_own_log_lines_never_hold_a_token(app, caplog):
    question = unconfirmed()
    logger = logging.getLogger("portal.anything")
    from portal.logs import RedactTokens

    handler_filter = RedactTokens()
    record = logger.makeRecord(
        "portal.anything",
        logging.INFO,
        __file__,
        1,
        "Opened %s",
        (f"/questions/{question.tracking_token}",),
        None,
    )
    handler_filter.filter(record)
    assert question.tracking_token not in record.getMessage()
    assert "/questions/[token]" in record.getMessage()


def test_the_development_servers_request_lines_are_redacted(app):
    from portal.logs import RedactTokens

    assert any(isinstance(f, RedactTokens) for f in logging.getLogger("werkzeug").filters)


def test_gunicorns_access_log_never_holds_a_token():
    from types import SimpleNamespace

    from gunicorn.config import Config

    token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd"
    cfg = Config()
    cfg.set("logger_class", "portal.logs.RedactingGunicornLogger")
    logger = RedactingGunicornLogger(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/questions/{token}?a=1",
        "PATH_INFO": f"/questions/{token}",
        "QUERY_STRING": "a=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://portal.example/questions/{token}",
    }
    response = SimpleNamespace(status="200 OK", response_length=10, sent=10, headers=[])
    request = SimpleNamespace(
        headers=[],
        method="GET",
        uri=environ["RAW_URI"],
        path=environ["PATH_INFO"],
        query="a=1",
        version=(1, 1),
    )
    atoms = logger.atoms(response, request, environ, dt.timedelta(milliseconds=5))
    for key in ("U", "r", "f"):
        assert token not in str(atoms[key]), key
    assert atoms["U"] == "/questions/[token]"
    conf = open("deploy/gunicorn.conf.py").read()  # noqa: SIM115
    assert 'logger_class = "portal.logs.RedactingGunicornLogger"' in conf


# -- The migration keeps links already e-mailed working -----------------------------------


@pytest.fixture
def migration_database_url():
    from tests.conftest import _TMP, is_postgres

    if is_postgres():
        pytest.skip("the SQLite run covers the data step; the migrations test covers PostgreSQL's schema")
    path = _TMP / "links-migration.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def insert(connection, table: str, **values):
    """A row as it was before the upgrade: every required column filled with a plain value."""
    columns = sa.inspect(connection).get_columns(table)
    row = dict(values)
    for column in columns:
        if column["name"] in row or column["nullable"] or column.get("default") is not None:
            continue
        kind = type(column["type"]).__name__.upper()
        if "INT" in kind:
            row[column["name"]] = 1
        elif "BOOL" in kind:
            row[column["name"]] = False
        elif "DATETIME" in kind or "TIMESTAMP" in kind:
            row[column["name"]] = "2026-03-01 14:00:00"
        elif "DATE" in kind:
            row[column["name"]] = "2026-03-01"
        elif "TIME" in kind:
            row[column["name"]] = "09:30:00"
        elif "JSON" in kind:
            row[column["name"]] = "{}"
        else:
            row[column["name"]] = "x"
    names = ", ".join(row)
    marks = ", ".join(f":{name}" for name in row)
    connection.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), row)


def test_links_emailed_before_tokens_were_hashed_keep_working(migration_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": migration_database_url}, env="test")
    old_tracking = "Old-tracking-token-AAAAAAAAAAAAAAAAAAAAAAAAAA"
    old_alert = "Old-alert-token-BBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
    with app.app_context():
        upgrade(revision="0050")
        with db.engine.begin() as connection:
            insert(
                connection, "committee", id=1, name="Council", slug="council", kind="council", layout="table"
            )
            insert(connection, "meeting", id=1, committee_id=1, status="scheduled")
            insert(
                connection,
                "question",
                id=1,
                reference="Q-2026-000001",
                meeting_id=1,
                kind="public",
                status="unconfirmed",
                tracking_token=old_tracking,
            )
            insert(
                connection,
                "alert_subscription",
                id=1,
                committee_id=1,
                email="a@example.com",
                email_normalised="a@example.com",
                token=old_alert,
                status="pending",
            )
        upgrade()
        with db.engine.connect() as connection:
            row = connection.execute(sa.text("SELECT * FROM question WHERE id = 1")).mappings().one()
            assert "tracking_token" not in row
            assert old_tracking not in [str(v) for v in row.values()]
        session = db.session
        question = session.get(Question, 1)
        subscription = session.get(AlertSubscription, 1)
        from portal.domain.asking.questioner import find_by_tracking_token

        assert find_by_tracking_token(old_tracking) is question  # the link already e-mailed
        assert find_by_tracking_token(question.tracking_token) is question  # the link in new e-mails
        assert question.tracking_token != old_tracking
        assert alerts.find_subscription(old_alert) is subscription
        assert alerts.find_subscription(subscription.token) is subscription
        session.remove()
        downgrade(revision="0050")
        db.engine.dispose()


def test_the_tracking_page_still_offers_its_forms_to_an_old_link(client):
    question = unconfirmed()
    question.earlier_tracking_token_hash = secret_links.token_hash(
        "Old-tracking-token-CCCCCCCCCCCCCCCCCCCCCC"
    )
    db.session.flush()
    response = client.get("/questions/Old-tracking-token-CCCCCCCCCCCCCCCCCCCCCC")
    assert response.status_code == 200
    assert page(response).select_one("h1") is not None
