"""The seeds' meetings, built through the portal's own steps, and what their record must say.

Everything goes through the domain functions: residents' questions are submitted and
confirmed, the member question submitted, each accepted onto the numbered list, drafted,
sent for approval and approved, the meeting recorded in the console, and published.

`build_council_2022` recreates seed 002's Council meeting of 30 September 2022 (PQ 1–5
and MQ 1, table layout): answers approved, the supplement published, the meeting
recorded in the console, the appendix published, and PQ 2's written response of
13 October 2022 recorded (which publishes version 3). `build_scrutiny_2022` recreates
seed 004's scrutiny committee of 13 December 2022 (reported layout) with its seven
supplementary questions, its actions and the comment asked to be noted.

`expected_*` give, per question, the words the record must show in order: labels and
every paragraph of the seed, as a reader sees them (Markdown syntax removed).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from portal.domain.asking import member_questions
from portal.domain.meetings import proceedings
from portal.domain.meetings.proceedings import ActionEntry, CommentEntry
from portal.domain.questions import moderation
from portal.domain.record import publishing
from portal.models import Layout, Meeting, Post, Publication, PutOutcome, Question, User
from scenarios import asking as scenarios
from tests import factories
from tests import seed_text as seed
from tests.factories import london

CABINET_MEMBER = "Cabinet member children and families"
DIRECTOR = "Director for Children and Young People"
VENUE = "Herefordshire Council Offices, Plough Lane, Hereford, HR4 0LE"


@dataclass
class SeedMeeting:
    meeting: Meeting
    questions: dict[str, Question]
    publications: list[Publication] = field(default_factory=list)


def md(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def table(rows: list[list[str]]) -> str:
    head, *body = rows
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(cell.replace("*", "\\*") for cell in row) + " |" for row in body]
    return "\n".join(lines)


PQ5_RESPONSE_MARKDOWN = "\n\n".join(
    [
        seed.PQ5_RESPONSE_INTRO,
        table(seed.PQ5_TABLE_1),
        seed.PQ5_AFTER_TABLE_1[0].replace("* ", "\\* ", 1),
        seed.PQ5_AFTER_TABLE_1[1],
        table(seed.PQ5_TABLE_2),
    ]
)


def visible(text: str) -> str:
    """What a reader sees of a line of Markdown: no link targets, emphasis marks or bullets."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^- ", "", text)
    text = text.replace("**", "").replace("\\*", "*")
    text = text.replace("*“", "“").replace("”.*", "”.")
    return text


def visible_markdown(source: str) -> list[str]:
    return [visible(line) for line in source.split("\n") if line.strip()]


def _officers() -> tuple[User, User]:
    return factories.make_user(roles={"officer"}), factories.make_user(roles={"councillor"})


def _ask(meeting: Meeting, *, at: dt.datetime, text: str, key: str, asker: scenarios.Asker) -> Question:
    """A resident's question as the asking journey makes it: a complete draft submitted,
    then confirmed from the e-mail a few minutes later (the scenario the demo uses too)."""
    return scenarios.ask(meeting, asker, text, at=at, key=key, confirmed_after=dt.timedelta(minutes=7))


def _answer(
    question: Question, body: str, *, clerk: User, post: Post, drafter: User, approver: User, at: dt.datetime
) -> None:
    """Accepted onto the numbered list, then drafted, sent for approval and approved."""
    scenarios.accept_and_answer(
        question,
        body,
        clerk=clerk,
        post=post,
        drafter=drafter,
        approver=approver,
        accepted_at=at - dt.timedelta(days=3),
        drafted_at=at - dt.timedelta(hours=4),
        sent_at=at - dt.timedelta(hours=3),
        approved_at=at,
    )


# Seed 002: Council, 30 September 2022 ---------------------------------------------------

PQ_SPECS = (
    # key, title, first, last, publish_name, question paragraphs, response markdown
    ("PQ 1", None, "Withheld", "Withheld", False, seed.PQ1_QUESTION, md(seed.PQ1_RESPONSE)),
    ("PQ 2", "Ms", "Hanna", "Currie", True, seed.PQ2_QUESTION, md(seed.PQ2_RESPONSE)),
    ("PQ 3", "Ms", "Rachel", "Gallagher", True, seed.PQ3_QUESTION, md(seed.PQ3_RESPONSE)),
    ("PQ 4", "Mr", "J", "Griffiths", True, seed.PQ4_QUESTION, md(seed.PQ4_RESPONSE)),
    ("PQ 5", "Ms", "Fiona", "Reid", True, seed.PQ5_QUESTION, PQ5_RESPONSE_MARKDOWN),
)

SUPPLEMENTARIES_002 = {
    "PQ 1": (
        md(seed.PQ1_SUPPLEMENTARY),
        md(seed.PQ1_SUPPLEMENTARY_ANSWER),
        "cabinet member children and families",
    ),
    "PQ 2": (
        md(seed.PQ2_SUPPLEMENTARY),
        md(seed.PQ2_SUPPLEMENTARY_ANSWER),
        "cabinet member children and families",
    ),
    "PQ 3": (
        md(seed.PQ3_SUPPLEMENTARY),
        md(seed.PQ3_SUPPLEMENTARY_ANSWER),
        "cabinet member children and families",
    ),
    "PQ 4": (
        md(seed.PQ4_SUPPLEMENTARY),
        md(seed.PQ4_SUPPLEMENTARY_ANSWER),
        "cabinet member children and families",
    ),
    "PQ 5": (
        seed.PQ5_SUPPLEMENTARY_MARKDOWN,
        md(seed.PQ5_SUPPLEMENTARY_ANSWER),
        "cabinet member children and families",
    ),
    "MQ 1": (
        md(seed.MQ1_SUPPLEMENTARY),
        md(seed.MQ1_SUPPLEMENTARY_ANSWER),
        "Cabinet member children and families",
    ),
}


def council_2022_questions(clerk: User, *, with_answers: bool = True) -> SeedMeeting:
    """Seed 002's meeting with its six questions asked, confirmed, accepted and (by
    default) answered, each through the portal's own steps."""
    drafter, approver = _officers()
    post = factories.make_post(CABINET_MEMBER, holders=[approver], drafters=[drafter])
    committee = factories.make_committee(
        "Council",
        slug="council-seed-002",
        layout=Layout.TABLE,
        posts=[post],
        written_answer_due_days=28,
        word_limit=1000,
    )
    meeting = factories.make_meeting(
        committee,
        starts_at=london(2022, 9, 30, 15, 0),
        venue=VENUE,
        by=clerk,
        public_questions_item="3",
        member_questions_item="4",
        contact_name="Democratic Services Officer",
    )
    approved_at = london(2022, 9, 26, 12, 0)
    asked_at = london(2022, 9, 19, 9, 0)
    questions: dict[str, Question] = {}
    for number, (key, title, first, last, named, paragraphs, _) in enumerate(PQ_SPECS, start=1):
        questions[key] = _ask(
            meeting,
            at=asked_at + dt.timedelta(hours=number),
            text="\n\n".join(paragraphs),
            key=f"seed-002-pq-{number}",
            asker=scenarios.Asker(
                first,
                last,
                f"{first}.{last}.{number}@example.com".lower(),
                title=title,
                town="Hereford",
                publish_name=named,
            ),
        )
    councillor = factories.make_user(
        roles={"councillor"}, first_name="Carole", last_name="Gandy", ward="Mortimer"
    )
    questions["MQ 1"] = member_questions.submit_member_question(
        councillor,
        meeting,
        text="\n\n".join(seed.MQ1_QUESTION),
        post=post,
        submission_key="seed-002-mq-1",
        now=asked_at + dt.timedelta(hours=8),
    )
    responses = {key: response for key, *_, response in PQ_SPECS} | {"MQ 1": md(seed.MQ1_RESPONSE)}
    for key, question in questions.items():
        if with_answers:
            _answer(
                question,
                responses[key],
                clerk=clerk,
                post=post,
                drafter=drafter,
                approver=approver,
                at=approved_at,
            )
        else:
            moderation.accept(question, by=clerk, post=post, now=approved_at)
    return SeedMeeting(meeting, questions)


def record_council_2022_meeting(built: SeedMeeting, clerk: User) -> None:
    """What the clerk typed into the console during and after the meeting."""
    at = london(2022, 9, 30, 16, 50)
    for key, question in built.questions.items():
        supplementary, answer, answered_by = SUPPLEMENTARIES_002[key]
        proceedings.save_outcome(
            question,
            by=clerk,
            now=at,
            changes={
                "put": PutOutcome.PUT_BY_QUESTIONER,
                "supplementary": supplementary,
                "supplementary_answered_by": answered_by,
                "supplementary_answer": answer,
                "written_answer_promised": key in ("PQ 2", "PQ 5"),
            },
        )
    proceedings.record_meeting_times(
        built.meeting,
        by=clerk,
        started_at=london(2022, 9, 30, 15, 0),
        ended_at=london(2022, 9, 30, 16, 45),
        now=at,
    )


def build_council_2022(clerk: User) -> SeedMeeting:
    """Seed 002 end to end: v1 supplement, v2 appendix, v3 with PQ 2's written response."""
    built = council_2022_questions(clerk)
    built.publications.append(
        publishing.publish_supplement(built.meeting, by=clerk, now=london(2022, 9, 27, 10, 0))
    )
    record_council_2022_meeting(built, clerk)
    built.publications.append(
        publishing.publish_appendix(built.meeting, by=clerk, now=london(2022, 10, 3, 11, 0))
    )
    version = publishing.record_sent_written_answer(
        built.questions["PQ 2"],
        by=clerk,
        sent_on=dt.date(2022, 10, 13),
        body_source=md(seed.PQ2_WRITTEN),
        now=london(2022, 10, 13, 16, 0),
    )
    assert version is not None
    built.publications.append(version)
    return built


def expected_council_2022(*, appendix: bool = True) -> dict[str, list[str]]:
    """Per question, the words of seed 002 in the order the record shows them."""
    out: dict[str, list[str]] = {}
    displays = {
        "PQ 1": "Name and address supplied",
        "PQ 2": "Ms Currie, Hereford",
        "PQ 3": "Ms Gallagher, Hereford",
        "PQ 4": "Mr Griffiths, Hereford",
        "PQ 5": "Ms Reid, Hereford",
    }
    responses = {
        "PQ 1": seed.PQ1_RESPONSE,
        "PQ 2": seed.PQ2_RESPONSE,
        "PQ 3": seed.PQ3_RESPONSE,
        "PQ 4": seed.PQ4_RESPONSE,
        "PQ 5": [
            seed.PQ5_RESPONSE_INTRO,
            *[cell for row in seed.PQ5_TABLE_1 for cell in row],
            *seed.PQ5_AFTER_TABLE_1,
            *[cell for row in seed.PQ5_TABLE_2 for cell in row],
        ],
    }
    for key, _, _, _, _, paragraphs, _ in PQ_SPECS:
        out[key] = [
            key,
            displays[key],
            *paragraphs,
            CABINET_MEMBER,
            "Response:",
            *map(visible, responses[key]),
        ]
    out["MQ 1"] = [
        "MQ 1",
        "Cllr Carole Gandy, Mortimer",
        *seed.MQ1_QUESTION,
        CABINET_MEMBER,
        "Response:",
        *seed.MQ1_RESPONSE,
    ]
    if appendix:
        for key, (supplementary, answer, answered_by) in SUPPLEMENTARIES_002.items():
            out[key] += [
                "Supplementary Question:",
                *visible_markdown(supplementary),
                f"Response to supplementary question ({answered_by}):",
                *visible_markdown(answer),
            ]
        out["PQ 2"] += ["Written response sent on 13 October 2022:", *map(visible, seed.PQ2_WRITTEN)]
        out["PQ 5"] += ["Written response to follow", "It is due by 28 October 2022."]
    return out


# Seed 004: Children and Young People Scrutiny Committee, 13 December 2022 --------------

PEOPLE_004 = (
    # title, first, last, on behalf of, read out by
    ("Ms", "Hanna", "Currie", None, None),
    ("Ms", "Hanna", "Currie", "Teresa Fenner", None),
    ("Ms", "Rachel", "Gallagher", None, "Chair"),
    ("Ms", "Fiona", "Reid", None, "Chair"),
    ("Mr", "David", "Barratt", None, None),
    ("Ms", "Maggie", "Steel", None, None),
    ("Ms", "Melissa", "Portman-Lewis", None, None),
)


def original_question(number: int) -> str:
    return f"Question {number} as received before the meeting (its text is in appendix 1 to the minutes)."


def original_answer(number: int) -> str:
    return f"Answer {number} as published before the meeting (its text is in appendix 1 to the minutes)."


def build_scrutiny_2022(clerk: User, *, end_time: bool = True) -> SeedMeeting:
    """Seed 004's committee: supplement, the meeting recorded, then the minutes appendix."""
    drafter, approver = _officers()
    post = factories.make_post(DIRECTOR, holders=[approver], drafters=[drafter])
    committee = factories.make_committee(
        "Children and Young People Scrutiny Committee",
        slug="cyp-scrutiny-seed-004",
        layout=Layout.REPORTED,
        posts=[post],
        questions_per_person=2,  # Ms Currie asked twice: once for herself, once for Ms Fenner
    )
    meeting = factories.make_meeting(
        committee,
        starts_at=london(2022, 12, 13, 14, 0),
        venue=VENUE,
        by=clerk,
        public_questions_item="5",
        member_questions_item="6",
        contact_name="Simon Cann, Democratic Services Officer",
    )
    built = SeedMeeting(meeting, {})
    asked_at = london(2022, 12, 1, 9, 0)
    for number, (title, first, last, on_behalf_of, _) in enumerate(PEOPLE_004, start=1):
        question = _ask(
            meeting,
            at=asked_at + dt.timedelta(hours=number),
            text=original_question(number),
            key=f"seed-004-pq-{number}",
            asker=scenarios.Asker(
                first,
                last,
                f"{first}.{last}@example.com".lower(),
                title=title,
                town="Hereford",
                on_behalf_of=on_behalf_of or None,
            ),
        )
        _answer(
            question,
            original_answer(number),
            clerk=clerk,
            post=post,
            drafter=drafter,
            approver=approver,
            at=london(2022, 12, 7, 12, 0),
        )
        built.questions[f"PQ {number}"] = question
    built.publications.append(
        publishing.publish_supplement(meeting, by=clerk, now=london(2022, 12, 8, 10, 0))
    )
    at = london(2022, 12, 13, 17, 30)
    for number, entry in enumerate(seed.SEED_004, start=1):
        read_by = PEOPLE_004[number - 1][4]
        changes = {
            "put": PutOutcome.READ_ON_BEHALF if read_by else PutOutcome.PUT_BY_QUESTIONER,
            "read_by": read_by or "",
            "supplementary": entry["q"],
            "supplementary_answered_by": DIRECTOR,
            "supplementary_answer": md(entry["response"]),
            "actions": [ActionEntry(text, "The Committee") for text in entry["actions"]],
        }
        if "comment" in entry:
            changes["noted_comments"] = [CommentEntry(entry["comment_heading"], md(entry["comment"]))]
        proceedings.save_outcome(built.questions[f"PQ {number}"], by=clerk, now=at, changes=changes)
    proceedings.record_meeting_times(
        meeting,
        by=clerk,
        started_at=london(2022, 12, 13, 14, 0),
        ended_at=london(2022, 12, 13, 17, 15) if end_time else None,
        now=at,
    )
    if end_time:
        built.publications.append(
            publishing.publish_appendix(meeting, by=clerk, now=london(2022, 12, 20, 9, 0))
        )
    return built


def questioner_004(number: int) -> str:
    """Seed 004 prints "Hanna Currie" and "Chair (on behalf of Rachel Gallagher)"; the
    portal shows what the questioner agreed to (DESIGN §2): "Ms Currie, Hereford"."""
    title, _, last, on_behalf_of, read_by = PEOPLE_004[number - 1]
    name = f"{title} {last}, Hereford" + (f" (on behalf of {on_behalf_of})" if on_behalf_of else "")
    return f"{read_by} (on behalf of {name})" if read_by else name


def expected_scrutiny_2022() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for number, entry in enumerate(seed.SEED_004, start=1):
        words = [
            f"PQ {number}",
            f"From: {questioner_004(number)}",
            "Q:",
            original_question(number),
            "Response:",
            original_answer(number),
            "Supplementary question at the meeting",
            "Q:",
            entry["q"],
            f"Response ({DIRECTOR}):",
            *map(visible, entry["response"]),
        ]
        if entry["actions"]:
            words.append("ACTION:")
            for letter, text in zip("ab", entry["actions"], strict=False):
                words += [f"{letter})", text]
        if "comment" in entry:
            words += [entry["comment_heading"], *map(visible, entry["comment"])]
        out[f"PQ {number}"] = words
    return out
