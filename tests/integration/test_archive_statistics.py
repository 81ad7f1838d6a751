"""The statistics are right: counts by year and ground, medians from events, written answers."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from portal.domain.archive import statistics
from portal.domain.questions import moderation
from portal.domain.states import QuestionStatus
from portal.models import QuestionEvent
from portal.web.archive.charts import Series, grouped_bars, horizontal_bars
from tests import factories
from tests.html import page


def _with_events(question, **days):
    for verb, offset in days.items():
        question.events.append(
            QuestionEvent(verb=verb, at=question.received_at + dt.timedelta(days=offset), title=verb)
        )


def test_counts_medians_and_written_answers(client):
    meeting = factories.make_meeting(
        factories.make_committee(slug="stats"), starts_at=factories.london(2025, 3, 20)
    )
    received = dt.datetime(2025, 3, 3, 10, 0, tzinfo=dt.UTC)
    clerk, post = factories.make_user(roles={"clerk"}), factories.make_post()
    published = []
    for offset in (1, 2, 6):
        q = factories.make_question(meeting, received_at=received)
        moderation.accept(q, by=clerk, post=post, now=received + dt.timedelta(days=offset))
        _with_events(q, publish=offset + 10)
        published.append(q)
    rejected = factories.make_question(meeting, received_at=received)
    ground = factories.ground()
    moderation.reject(
        rejected,
        by=clerk,
        ground=ground,
        explanation=ground.public_wording,
        now=received + dt.timedelta(days=4),
    )
    factories.make_question(meeting, status=QuestionStatus.WITHDRAWN, received_at=received)
    factories.make_question(meeting, status=QuestionStatus.UNCONFIRMED)

    due = dt.date(2025, 4, 1)
    factories.publish_meeting(
        meeting,
        published,
        document="minutes",
        extras={
            published[0].id: {"written_answer": {"due_on": due, "sent_on": due - dt.timedelta(days=2)}},
            published[1].id: {"written_answer": {"due_on": due, "sent_on": due + dt.timedelta(days=5)}},
            published[2].id: {"written_answer": {"due_on": due}},
        },
        published_at=factories.london(2025, 3, 25, 10, 0),
    )
    report = statistics.build_report(committee_slug="stats", now=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    year = next(c for c in report.by_year if c.year == 2025)
    assert (year.received, year.rejected, year.withdrawn) == (5, 1, 1)
    assert year.accepted == 3
    assert report.grounds == [(rejected.rejection_ground.title, 1)]
    timing = next(t for t in report.timings_by_year if t.label == "2025")
    assert timing.to_decision == 3.0  # accepted after 1, 2 and 6 days, rejected after 4
    assert timing.to_answer == 12.0  # published after 11, 12 and 16 days
    written = report.written[0]
    assert (written.on_time, written.late, written.overdue) == (1, 1, 1)
    # The page shows the same, from the meeting record of the published minutes.
    response = client.get("/statistics?committee=stats")
    caption = next(c for c in page(response).select("caption") if "Written answers" in c.get_text())
    row = caption.find_parent("table").select_one("tbody tr")
    cells = [cell.get_text(strip=True) for cell in row.select("th, td")]
    assert cells == ["2025", "1", "1", "1", "0"]


def test_charts_escape_their_words_and_describe_their_numbers():
    chart = grouped_bars("c", "A <title>", "Bar chart: 3 & 4.", ["2025"], [Series("<b>x</b>", [3])])
    assert isinstance(chart, Markup)
    assert "<b>" not in chart
    assert "&lt;title&gt;" in chart
    assert 'role="img"' in chart
    assert 'aria-labelledby="c-title c-desc"' in chart
    bars = horizontal_bars("h", "T", "D", [("Names a member of staff", 4)], "hatch")
    assert 'fill="url(#h-hatch)"' in bars
    assert ">4</text>" in bars
