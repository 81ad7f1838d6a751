"""Publishing files every version with the archive and alerts the committee's followers:
search, the open data API and feeds show what was published, in the same transaction."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from portal.domain.archive.search import SearchQuery, search
from portal.domain.meetings import proceedings
from portal.domain.questions import moderation
from portal.domain.record import alerts, publishing
from portal.domain.record.index import index_publication
from portal.extensions import db
from portal.models import ArchiveEntry, OutboxMessage, PutOutcome
from tests import factories
from tests.record_factories import clerk_user, ready_meeting


def _alerts() -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.template == "alert_new_answers")
            .order_by(OutboxMessage.id)
        )
    )


def _found(words: str) -> list[str]:
    return sorted(f"{h.entry.kind.prefix} {h.entry.number}" for h in search(SearchQuery(text=words)).hits)


def _follow(committee, email: str) -> None:
    subscription = alerts.subscribe(committee, email)
    alerts.confirm_subscription(subscription)


def test_each_published_version_reaches_search_the_api_and_followers(client):
    meeting, (pq1, pq2, mq1) = ready_meeting(
        starts_at=factories.london(2030, 3, 10, 14, 30), slug="cabinet-archive"
    )
    clerk = clerk_user()
    for email in ("first.follower@example.com", "second.follower@example.com"):
        _follow(meeting.committee, email)

    supplement = publishing.publish_supplement(meeting, by=clerk, now=factories.london(2030, 3, 5, 9, 0))

    assert _found("agency staff") == ["MQ 1", "PQ 1", "PQ 2"]
    assert _found("Westcote Youth Centre") == ["MQ 1"]
    listed = client.get(f"/api/v1/questions?meeting={meeting.id}").get_json()
    assert sorted(q["label"] for q in listed["data"]) == ["MQ 1", "PQ 1", "PQ 2"]
    assert {q["questioner"] for q in listed["data"]} >= {"Ms Carter, Aldbury", "Mr Patel, Westcote"}
    assert len(_alerts()) == 2, "one alert per follower"
    assert {m.to_address for m in _alerts()} == {"first.follower@example.com", "second.follower@example.com"}
    # Filing the same version again changes nothing and alerts nobody twice.
    index_publication(supplement)
    alerts.queue_alerts_for_publication(supplement)
    assert len(_alerts()) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ArchiveEntry)) == 3

    # PQ 2 is withdrawn before the meeting; PQ 1 is promised a written answer.
    moderation.withdraw_on_behalf(pq2, by=clerk, reason="Phoned democratic services")
    at = factories.london(2030, 3, 10, 16, 0)
    proceedings.save_outcome(
        pq1,
        by=clerk,
        now=at,
        changes={
            "put": PutOutcome.PUT_BY_QUESTIONER,
            "supplementary": "Will the council publish the figures by team?",
            "supplementary_answered_by": "Cabinet member children and families",
            "supplementary_answer": "Yes, every quarter.",
            "written_answer_promised": True,
            "written_answer_due_on": dt.date(2030, 4, 7),
        },
    )
    proceedings.save_outcome(mq1, by=clerk, now=at, changes={"put": PutOutcome.NOT_PUT})
    proceedings.record_meeting_times(
        meeting,
        by=clerk,
        started_at=factories.london(2030, 3, 10, 14, 30),
        ended_at=factories.london(2030, 3, 10, 16, 30),
        now=at,
    )
    publishing.publish_appendix(meeting, by=clerk, now=factories.london(2030, 3, 12, 9, 0))

    assert _found("agency staff") == ["MQ 1", "PQ 1"], "the withdrawn question has left the archive"
    assert _found("figures by team") == ["PQ 1"], "supplementary questions are searchable"
    entry = db.session.scalar(
        sa.select(ArchiveEntry).where(ArchiveEntry.question_id == pq1.id).order_by(ArchiveEntry.id)
    )
    assert (entry.version, entry.document, entry.written_answer_owed) == (2, "minutes", True)
    assert entry.post_id == pq1.answering_post_id
    owed = client.get("/api/v1/written-answers-owed").get_json()
    assert [q["label"] for q in owed["data"]] == ["PQ 1"]
    assert len(_alerts()) == 4, "each follower is alerted to the minutes too"

    # The written answer is sent: a new version, found by a word in it.
    publishing.record_sent_written_answer(
        pq1,
        by=clerk,
        sent_on=dt.date(2030, 4, 2),
        body_source="The quarterly figures by team show eleven vacancies in the assessment team.",
        now=factories.london(2030, 4, 2, 16, 0),
    )
    assert _found("eleven vacancies") == ["PQ 1"]
    db.session.refresh(entry)
    assert (entry.version, entry.written_answer_owed) == (3, False)
    assert entry.written_answer_sent_on == dt.date(2030, 4, 2)
    assert client.get("/api/v1/written-answers-owed").get_json()["data"] == []
    assert len(_alerts()) == 6
    page = client.get("/search?q=vacancies").get_data(as_text=True)
    assert f"/meetings/{meeting.id}/questions#pq-1" in page


def test_a_refused_publication_files_nothing(app):
    meeting, _ = ready_meeting(answered=False)
    with pytest.raises(publishing.RecordIncomplete):
        publishing.publish_supplement(meeting, by=clerk_user())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ArchiveEntry)) == 0
    assert _alerts() == []
