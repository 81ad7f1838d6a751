"""Feeds to follow the council: Atom (feedgen) of newly published questions and answers,
for a committee, for everything, or for any search; iCalendar (icalendar) of meetings
and question deadlines, for a committee or for all."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import Response, current_app, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.domain.archive import browse
from portal.domain.archive import search as search_domain
from portal.domain.archive.search import clean_text
from portal.domain.entities import ArchiveEntry, Committee, Meeting, MeetingChangeKind, MeetingStatus, utcnow
from portal.web.access import public
from portal.web.archive.forms import SearchForm
from portal.web.archive.routes import bp, committee_or_404, published_record_url, query_from, search_form

if TYPE_CHECKING:
    from icalendar import Event

FEED_SIZE = 50
ATOM = "application/atom+xml; charset=utf-8"
ICS = "text/calendar; charset=utf-8"
MEETING_LENGTH = dt.timedelta(hours=2)
EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def _base() -> str:
    return current_app.config["BASE_URL"].rstrip("/")


def _host() -> str:
    return urlsplit(_base()).hostname or "localhost"


def absolute(path: str) -> str:
    return _base() + path


def conditional(response: Response) -> Response:
    """An ETag from the body, and 304 Not Modified when the client already has it."""
    response.add_etag()
    return response.make_conditional(request)


# Atom ----------------------------------------------------------------------------------


def _entry_html(entry: ArchiveEntry) -> str:
    label = Markup("<strong>{}</strong>").format(entry.label)
    heading = (
        _(
            "%(label)s from %(who)s, to the %(post)s",
            label=label,
            who=escape(entry.questioner),
            post=escape(entry.question_to),
        )
        if entry.question_to
        else _("%(label)s from %(who)s", label=label, who=escape(entry.questioner))
    )
    parts = [
        f"<p>{heading}</p>",
        "".join(f"<p>{escape(p)}</p>" for p in entry.question_text.split("\n") if p.strip()),
    ]
    if entry.answer_html:
        by = f" ({escape(entry.answered_by)})" if entry.answered_by else ""
        # The answer's HTML was sanitised at indexing.
        parts.append(f"<p><strong>{_('Response')}{by}</strong></p>{entry.answer_html}")
    if entry.supplementary_question:
        parts.append(
            f"<p><strong>{_('Supplementary question')}</strong></p>"
            f"<p>{escape(entry.supplementary_question)}</p>"
        )
    if entry.supplementary_answer_html:
        parts.append(
            f"<p><strong>{_('Response to supplementary question')}</strong></p>"
            f"{entry.supplementary_answer_html}"
        )
    if entry.written_answer_html:
        parts.append(f"<p><strong>{_('Written response')}</strong></p>{entry.written_answer_html}")
    return "".join(parts)


def atom_feed(
    title: str, self_url: str, html_url: str, entries: list[ArchiveEntry], feed_key: str
) -> Response:
    from feedgen.feed import FeedGenerator  # with lxml, 5 MB: loaded by the worker that first serves a feed

    from portal.formatting import current_language, format_date

    council = current_app.config["COUNCIL_NAME"]
    fg = FeedGenerator()
    fg.id(f"tag:{_host()},2020:{feed_key}")
    fg.title(title)
    fg.subtitle(_("Questions to %(council)s and the answers given, as they are published.", council=council))
    fg.author({"name": council})
    fg.link(href=absolute(self_url), rel="self", type="application/atom+xml")
    fg.link(href=absolute(html_url), rel="alternate", type="text/html")
    fg.language("cy-GB" if current_language() == "cy" else "en-GB")
    fg.rights(f"© {council}")
    fg.updated(max((e.published_at for e in entries), default=EPOCH))
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(f"tag:{_host()},2020:archive-entry/{entry.id}")
        words = entry.question_text.split()
        summary = " ".join(words[:14]) + (" …" if len(words) > 14 else "")
        when = format_date(entry.meeting_starts_at, weekday=False)
        fe.title(f"{entry.label}, {entry.committee.name}, {when}: {summary}")
        fe.link(
            href=absolute(published_record_url(entry.meeting_id, entry.anchor)),
            rel="alternate",
            type="text/html",
        )
        fe.published(entry.first_published_at)
        fe.updated(entry.published_at)
        fe.author({"name": council})
        fe.content(_entry_html(entry), type="html")
    return conditional(Response(fg.atom_str(pretty=True), mimetype="application/atom+xml", content_type=ATOM))


@bp.route("/answers.atom")
@public
def answers_feed() -> Response:
    return atom_feed(
        _("New answers from %(council)s", council=current_app.config["COUNCIL_NAME"]),
        url_for("archive.answers_feed"),
        url_for("archive.search"),
        browse.latest_entries(limit=FEED_SIZE),
        "answers",
    )


@bp.route("/committees/<slug>/answers.atom")
@public
def committee_feed(slug: str) -> Response:
    committee = committee_or_404(slug)
    return atom_feed(
        _("New answers: %(committee)s", committee=committee.name),
        url_for("archive.committee_feed", slug=slug),
        url_for("archive.committee_record", slug=slug),
        browse.latest_entries(committee, limit=FEED_SIZE),
        f"committee/{committee.id}/answers",
    )


@bp.route("/search.atom")
@public
def search_feed() -> Response:
    form: SearchForm = search_form(request.args)
    entries: list[ArchiveEntry] = []
    if form.validate():
        query = query_from(form, per_page=FEED_SIZE)
        query.sort = "newest"
        entries = [hit.entry for hit in search_domain.search(query).hits]
    args = {k: clean_text(v) for k, v in request.args.items() if v and k not in ("page", "sort")}
    words = " ".join(clean_text(request.args.get("q", "")).split())[:200]
    return atom_feed(
        _("Answers matching “%(words)s”", words=words) if words else _("Answers matching your search"),
        url_for("archive.search_feed", **args),
        url_for("archive.search", **args),
        entries,
        "search?" + "&".join(f"{k}={v}" for k, v in sorted(args.items())),
    )


# iCalendar -----------------------------------------------------------------------------


def _sequence(meeting: Meeting) -> int:
    significant = (MeetingChangeKind.MOVED, MeetingChangeKind.CANCELLED, MeetingChangeKind.REINSTATED)
    return sum(1 for change in meeting.changes if change.kind in significant)


def _deadline_sequence(meeting: Meeting) -> int:
    return _sequence(meeting) + sum(
        1
        for change in meeting.changes
        if change.kind in (MeetingChangeKind.DEADLINE_OVERRIDDEN, MeetingChangeKind.DEADLINE_RECOMPUTED)
    )


def meeting_events(meeting: Meeting) -> list[Event]:
    """A VEVENT for the meeting and, where it takes public questions, one for the deadline."""
    from icalendar import Event

    from portal.domain.meetings.scheduling import deadline_working
    from portal.formatting import format_date

    committee: Committee = meeting.committee
    name = committee.name + (f" ({meeting.title})" if meeting.title else "")
    cancelled = meeting.status is MeetingStatus.CANCELLED
    url = absolute(url_for("public.meeting", meeting_id=meeting.id))
    stamp = meeting.updated_at or utcnow()

    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{_host()}")
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.actual_ended_at or meeting.starts_at + MEETING_LENGTH)
    event.add("summary", _("Cancelled: %(name)s", name=name) if cancelled else name)
    if meeting.venue:
        event.add("location", meeting.venue)
    event.add("url", url)
    description = [_("Meeting of %(committee)s.", committee=committee.name), url]
    if cancelled and meeting.status_reason:
        description.insert(1, _("Cancelled: %(name)s", name=meeting.status_reason))
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("sequence", _sequence(meeting))
    event.add("categories", [_("Meeting")])
    events = [event]

    if committee.takes_public_questions and meeting.takes_public_questions:
        deadline = Event()
        deadline.add("uid", f"meeting-{meeting.id}-question-deadline@{_host()}")
        deadline.add("dtstamp", stamp)
        deadline.add("last-modified", stamp)
        deadline.add("dtstart", meeting.question_deadline_at)
        deadline.add("dtend", meeting.question_deadline_at + dt.timedelta(minutes=15))
        summary = _(
            "Deadline for questions to %(name)s, %(day)s",
            name=name,
            day=format_date(meeting.starts_at, weekday=False),
        )
        deadline.add("summary", _("Cancelled: %(name)s", name=summary) if cancelled else summary)
        working, _language = deadline_working(meeting)
        deadline.add(
            "description",
            _("Questions from the public must arrive by this time.") + f" {working}\n{url}",
        )
        deadline.add("url", url)
        deadline.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        deadline.add("sequence", _deadline_sequence(meeting))
        deadline.add("transp", "TRANSPARENT")
        deadline.add("categories", [_("Question deadline")])
        events.append(deadline)
    return events


def calendar_response(name: str, meetings: list[Meeting]) -> Response:
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", f"-//{current_app.config['COUNCIL_NAME']}//Questions to the council//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for meeting in meetings:
        for event in meeting_events(meeting):
            calendar.add_component(event)
    return conditional(Response(calendar.to_ical(), content_type=ICS))


def _since() -> dt.datetime:
    return utcnow() - dt.timedelta(days=365)


@bp.route("/calendar.ics")
@public
def calendar_ics() -> Response:
    return calendar_response(
        _("%(council)s meetings and question deadlines", council=current_app.config["COUNCIL_NAME"]),
        browse.meetings_for_feed(since=_since()),
    )


@bp.route("/committees/<slug>/calendar.ics")
@public
def committee_calendar_ics(slug: str) -> Response:
    committee = committee_or_404(slug)
    return calendar_response(
        _("%(committee)s: meetings and question deadlines", committee=committee.name),
        browse.meetings_for_feed(committee, since=_since()),
    )
