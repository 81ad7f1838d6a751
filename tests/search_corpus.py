"""Published questions for the search tests, filed the way publishing files them.

`file_meeting()` hands `record.index.index_publication()` a frozen document model of the
shape publishing freezes (the items a record prints), so entries reach the archive,
and from there the search index, by the one path every published or imported record
takes, without rendering five documents for each meeting.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from demo.archive_text import compose, person
from portal.domain.record import index as record_index
from portal.models import ArchiveEntry, Committee, DocumentKind, Meeting, utcnow
from tests import factories


@dataclass
class Item:
    question: str
    answer: str = "<p>Thank you for your question.</p>"
    questioner: str = "Ms Carter, Kingsmere"
    kind: str = "public"
    supplementary: str | None = None
    supplementary_answer: str | None = None


@dataclass
class _Publication:
    meeting_id: int
    version: int
    published_at: dt.datetime
    model: dict[str, Any]


def _model(items: list[Item], *, minutes: bool) -> dict[str, Any]:
    numbers = {"public": 0, "member": 0}
    raw = []
    for item in items:
        numbers[item.kind] += 1
        raw.append(
            {
                "kind": item.kind,
                "number": numbers[item.kind],
                "question_id": None,
                "questioner": item.questioner,
                "question_text": item.question,
                "question_to": "Cabinet member children and families",
                "response_html": item.answer,
                "withdrawn": False,
                "put": {"how": "put"} if minutes else None,
                "supplementary": {
                    "question_html": f"<p>{item.supplementary}</p>",
                    "answer_html": item.supplementary_answer or "",
                    "answered_by": "Cabinet member children and families",
                }
                if item.supplementary
                else None,
                "written_answer": None,
            }
        )
    kind = DocumentKind.MINUTES_APPENDIX if minutes else DocumentKind.AGENDA_SUPPLEMENT
    return {"document": {"kind": kind.value}, "sections": [{"items": raw}]}


def file_meeting(
    items: list[Item],
    *,
    committee: Committee | None = None,
    starts_at: dt.datetime | None = None,
    meeting: Meeting | None = None,
    version: int = 1,
    minutes: bool = False,
) -> list[ArchiveEntry]:
    """Publish `items` as one meeting's record (a new version if `meeting` is given)."""
    meeting = meeting or factories.make_meeting(
        committee, starts_at=starts_at or factories.london(2024, 3, 5)
    )
    publication = _Publication(meeting.id, version, utcnow(), _model(items, minutes=minutes))
    return record_index.index_publication(publication)


def filler(count: int, *, seed: int = 11, committee: Committee | None = None, year: int = 2020) -> None:
    """`count` believable published questions and answers about everything a council
    is asked, spread over meetings, so that common words match many entries."""
    rng = random.Random(seed)
    for start in range(0, count, 10):
        items = []
        for _ in range(min(10, count - start)):
            _topic, question, answer, _supplementary = compose(rng)
            title, _first, last, town = person(rng)
            items.append(Item(question, f"<p>{answer}</p>", f"{title} {last}, {town}"))
        day = dt.date(year, 1, 6) + dt.timedelta(days=7 * (start // 10))
        file_meeting(items, committee=committee, starts_at=factories.london(day.year, day.month, day.day))
