"""The public archive's pages: search, the register of questions received, statistics,
the calendar and each committee's record. Feeds and alerts are in their own modules."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from wtforms.fields.choices import SelectChoice

from portal.domain.archive import browse, statistics
from portal.domain.archive import search as search_domain
from portal.domain.asking import feedback
from portal.domain.entities import Committee, utcnow
from portal.domain.questions import register as register_domain
from portal.domain.questions import reviews
from portal.domain.states import QuestionKind
from portal.web.access import public
from portal.web.archive.charts import statistics_charts
from portal.web.archive.forms import SearchForm, parse_filter_date
from portal.web.page_cache import cached_page

bp = Blueprint("archive", __name__)

FILTER_ARGS = ("committee", "post", "kind", "date_from", "date_to", "owed")


def committee_or_404(slug: str) -> Committee:
    found = browse.committee_by_slug(slug)
    if found is None:
        abort(404)
    return found


def page_number() -> int:
    try:
        return max(1, min(int(request.args.get("page", "1")), search_domain.MAX_PAGES))
    except ValueError:
        return 1


def search_form(args: MultiDict) -> SearchForm:
    form = SearchForm(args)
    form.committee.choices = [SelectChoice("", _("All committees"))] + [
        SelectChoice(c.slug, c.name) for c in browse.active_committees()
    ]
    form.post.choices = [SelectChoice("", _("Anyone"))] + [
        SelectChoice(str(p.id), p.title) for p in browse.answering_posts()
    ]
    return form


def query_from(form: SearchForm, *, page: int = 1, per_page: int = 20) -> search_domain.SearchQuery:
    post = form.post.data or ""
    return search_domain.SearchQuery(
        text=form.q.data or "",
        committee=form.committee.data or None,
        post_id=int(post) if post.isdigit() else None,
        kind=QuestionKind(form.kind.data) if form.kind.data in ("public", "member") else None,
        date_from=parse_filter_date(form.date_from.data or "", end=False),
        date_to=parse_filter_date(form.date_to.data or "", end=True),
        owed=bool(form.owed.data),
        sort=form.sort.data or "relevance",
        page=page,
        per_page=per_page,
    )


def _args_without(*names: str, **changes: Any) -> dict[str, Any]:
    args = {k: v for k, v in request.args.items() if k not in names and v}
    args.update({k: v for k, v in changes.items() if v})
    return args


@bp.route("/search")
@public
@cached_page
def search() -> str:
    form = search_form(request.args)
    results = None
    asked = any(request.args.get(k) for k in ("q", *FILTER_ARGS))
    if asked and form.validate():
        results = search_domain.search(query_from(form, page=page_number()))
    elif not asked:
        form = search_form(MultiDict())
    pagination = None
    if results and results.pages > 1:
        pagination = _pagination(results)
    return render_template(
        "archive/search.html",
        form=form,
        results=results,
        pagination=pagination,
        has_filters=any(request.args.get(k) for k in FILTER_ARGS),
        without_filters=url_for("archive.search", q=request.args.get("q", "")),
        feed_url=url_for("archive.search_feed", **_args_without("page", "sort")) if results else None,
        committees=browse.active_committees(),
    )


def _pagination(results: search_domain.SearchResults) -> dict[str, Any]:
    page, pages = results.query.page, results.pages

    def href(n: int) -> str:
        return url_for("archive.search", **_args_without("page", page=str(n) if n > 1 else ""))

    shown = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    items: list[dict[str, Any]] = []
    for n in shown:
        if items and n - items[-1].get("number", n) > 1:
            items.append({"ellipsis": True})
        items.append({"number": n, "href": href(n), "current": n == page})
    # Ellipsis items carry no number; keep the numbers for the gaps check above.
    return {
        "items": [{k: (str(v) if k == "number" else v) for k, v in item.items()} for item in items],
        "previous": {"href": href(page - 1)} if page > 1 else None,
        "next": {"href": href(page + 1)} if page < pages else None,
    }


@bp.route("/register")
@public
@cached_page
def register() -> str:
    now = utcnow()
    return render_template("archive/register.html", meetings=register_domain.upcoming_register(now), now=now)


@bp.route("/statistics", endpoint="statistics")
@public
@cached_page
def statistics_view() -> str:
    committee = request.args.get("committee") or None
    if committee is not None and browse.committee_by_slug(committee) is None:
        committee = None
    report = statistics.build_report(committee_slug=committee)
    shown = [c for c in browse.active_committees() if committee is None or c.slug == committee]
    answered_counts = feedback.counts_by_committee([c.id for c in shown])
    review_counts = reviews.counts_by_committee([c.id for c in shown])
    return render_template(
        "archive/statistics.html",
        feedback_rows=[(c, answered_counts[c.id]) for c in shown if c.id in answered_counts],
        review_rows=[(c, review_counts[c.id]) for c in shown if c.id in review_counts],
        report=report,
        charts=statistics_charts(report),
        committees=browse.active_committees(),
        chosen=committee,
    )


@bp.route("/calendar")
@public
@cached_page
def calendar() -> str:
    now = utcnow()
    return render_template(
        "archive/calendar.html",
        months=browse.group_by_month(browse.upcoming_for_calendar(now)),
        committees=browse.active_committees(),
        now=now,
    )


@bp.route("/committees/<slug>/questions")
@public
@cached_page
def committee_record(slug: str) -> str:
    committee = committee_or_404(slug)
    now = utcnow()
    return render_template(
        "archive/committee_record.html",
        committee=committee,
        summaries=browse.meeting_summaries(browse.committee_meetings(committee)),
        now=now,
    )


@bp.app_template_global()
def archive_follow_links(committee: Committee | None = None) -> dict[str, str]:
    """Where to follow a committee (or everything): feeds, calendar, alerts."""
    if committee is None:
        return {
            "atom": url_for("archive.answers_feed"),
            "ics": url_for("archive.calendar_ics"),
            "calendar": url_for("archive.calendar"),
        }
    return {
        "atom": url_for("archive.committee_feed", slug=committee.slug),
        "ics": url_for("archive.committee_calendar_ics", slug=committee.slug),
        "alerts": url_for("archive.subscribe", slug=committee.slug),
        "record": url_for("archive.committee_record", slug=committee.slug),
        "search": url_for("archive.search", committee=committee.slug),
    }


def published_record_url(meeting_id: int, anchor: str | None = None) -> str:
    """The meeting's published questions and answers (served from the publication files)."""
    path = f"/meetings/{meeting_id}/questions"
    return f"{path}#{anchor}" if anchor else path


bp.add_app_template_global(published_record_url, "published_record_url")
