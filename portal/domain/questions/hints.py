"""Moderation hints: where a question's text seems to name a child, a member of staff
or an individual case (rules the seeds show: 002:147, 002:182, 004:2742).

Deliberately simple: a handful of patterns, each with a plain reason, and the exact
words that matched, so a clerk can see why a hint appeared and judge it. A hint
never decides anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

CHILD = "child"
STAFF = "staff"
CASE = "case"

KIND_LABELS = {
    CHILD: "May name or identify a child",
    STAFF: "May name a member of staff",
    CASE: "May be about an individual case",
}

# Capitalised words that start sentences rather than names.
_NOT_NAME = (
    r"(?!(?:The|This|That|These|Those|His|Her|Hers|My|Our|Their|Your|It|Its|A|An|As|At|In|On|Of|For|And|But"
    r"|Or|If|When|Why|How|What|Who|Which|Where|Is|Are|Was|Were|Will|Would|Can|Could|Does|Do|Did|Has|Have"
    r"|Please|Thank|Thanks|Council|Kingsmere|Cabinet|Cllr|Councillor)\b)"
)
_NAME = rf"{_NOT_NAME}[A-Z][a-z'’-]+(?:\s+{_NOT_NAME}[A-Z][a-z'’-]+)?"
_TITLE = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"
_RELATIVE = (
    r"son|daughter|child|children|kids?|grandson|granddaughter|grandchild(?:ren)?|stepson|stepdaughter"
    r"|nephew|niece|baby|boy|girl|foster (?:child|son|daughter)|twins?"
)
_STAFF_ROLE = (
    r"social worker|team manager|service manager|head ?teacher|teacher|case ?worker|key ?worker"
    r"|family support worker|personal adviser|independent reviewing officer|IRO|SENCO|health visitor"
    r"|practitioner|officer|director|manager|solicitor|nurse|therapist|psychologist"
)


@dataclass(frozen=True)
class Rule:
    kind: str
    reason: str
    pattern: re.Pattern[str]


RULES: tuple[Rule, ...] = (
    Rule(
        CHILD,
        "a child of the questioner's family, followed by a name",
        re.compile(rf"\b(?i:my|our|her|his|their)\s+(?i:{_RELATIVE})\b,?\s+(?:(?i:called|named)\s+)?{_NAME}"),
    ),
    Rule(CHILD, "a child of the questioner's family", re.compile(rf"\b(?:my|our)\s+(?:{_RELATIVE})\b", re.I)),
    Rule(CHILD, "a name followed by an age", re.compile(rf"\b{_NAME}\s*\(\s*(?:aged\s*)?\d{{1,2}}\s*\)")),
    Rule(
        CHILD,
        "a child's age",
        re.compile(r"\b(?:aged\s+\d{1,2}|\d{1,2}[- ]years?[- ]old|\d{1,2}[- ]month[- ]old)\b", re.I),
    ),
    Rule(CHILD, "a date of birth", re.compile(r"\b(?:date of birth|d\.?o\.?b\.?|born on)\b", re.I)),
    Rule(
        STAFF,
        "a job title followed by a name",
        re.compile(rf"\b(?i:{_STAFF_ROLE}),?\s+(?:(?i:called|named)\s+)?(?:{_TITLE}\s+)?{_NAME}"),
    ),
    Rule(
        STAFF,
        "a name followed by a job title",
        re.compile(rf"\b(?:{_TITLE}\s+)?{_NAME},?\s+(?:(?i:the|our|my|a)\s+)?(?i:{_STAFF_ROLE})\b"),
    ),
    Rule(
        STAFF,
        "a particular member of staff the questioner deals with",
        re.compile(rf"\b(?:my|our|her|his|their)\s+(?:{_STAFF_ROLE})\b", re.I),
    ),
    Rule(
        STAFF,
        "a title and surname (a member of staff, or another person)",
        re.compile(rf"\b{_TITLE}\s+{_NAME}"),
    ),
    Rule(
        CASE,
        "the questioner's own case, complaint or plan",
        re.compile(
            r"\b(?:my|our)\s+(?:(?:son's|daughter's|child's|children's|family's)\s+)?"
            r"(?:case|complaint|appeal|tribunal|assessment|EHCP|EHC plan|education,? health and care plan"
            r"|child protection plan|care plan|plan|application|claim|situation|circumstances|file)\b",
            re.I,
        ),
    ),
    Rule(
        CASE,
        "a case or complaint reference number",
        re.compile(
            r"\b(?:case|complaint|ref(?:erence)?)\s*(?:no\.?|number|ref\.?)?\s*[:#]?\s*[A-Z]{0,4}[-/]?\d{3,}",
            re.I,
        ),
    ),
    Rule(
        CASE,
        "court or tribunal proceedings",
        re.compile(
            r"\b(?:court|tribunal|care proceedings|court proceedings|care order|placement order)s?\b", re.I
        ),
    ),
)


@dataclass(frozen=True)
class Hint:
    kind: str
    reason: str
    matched: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


@dataclass(frozen=True)
class Segment:
    """A piece of the question's text, highlighted when a hint matched it."""

    text: str
    hint: Hint | None = None


def find_hints(text: str, *, staff_names: Iterable[str] = ()) -> list[Hint]:
    """Every rule that matched, in the order the words appear; overlapping matches of
    the same kind are reported once (the longest)."""
    found: list[Hint] = []
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            found.append(Hint(rule.kind, rule.reason, match.group(0), match.start(), match.end()))
    for name in sorted({n.strip() for n in staff_names if len(n.strip()) > 4}):
        for match in re.finditer(rf"\b{re.escape(name)}\b", text, re.I):
            found.append(
                Hint(
                    STAFF,
                    "the name of someone with a staff account",
                    match.group(0),
                    match.start(),
                    match.end(),
                )
            )
    found.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Hint] = []
    for hint in found:
        if any(k.kind == hint.kind and k.start <= hint.start and hint.end <= k.end for k in kept):
            continue
        kept.append(hint)
    return kept


def highlight(text: str, hints: list[Hint]) -> list[Segment]:
    """The text cut into plain and highlighted pieces (overlaps merged), for a template
    to show with every piece escaped."""
    spans: list[tuple[int, int, Hint]] = []
    for hint in sorted(hints, key=lambda h: h.start):
        if spans and hint.start < spans[-1][1]:
            start, end, first = spans[-1]
            spans[-1] = (start, max(end, hint.end), first)
        else:
            spans.append((hint.start, hint.end, hint))
    segments: list[Segment] = []
    position = 0
    for start, end, hint in spans:
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], hint))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments
