"""Jinja set-up: the project's templates first, then the GOV.UK macro libraries."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request, url_for
from flask.templating import Environment
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader, Template, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

from portal import formatting
from portal.config import council_words
from portal.domain.numbers import question_anchor, question_label
from portal.domain.sanitise import answer_markup
from portal.domain.states import PUBLIC_STATUS_WORDS, STAFF_STATUS_LABELS, STATUS_TAG_CLASSES

_asset_versions: dict[str, str] = {}


def asset_url(name: str) -> str:
    """URL of a built asset with a content hash, so browsers can cache it for a year."""
    version = _asset_versions.get(name)
    if version is None:
        path = Path(current_app.static_folder or "") / "dist" / name
        try:
            version = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        except OSError:
            version = "missing"
        if not current_app.debug:
            _asset_versions[name] = version
    return url_for("static", filename=f"dist/{name}", v=version)


def other_language(text: Any, language: str = "en") -> Any:
    """Text that stays in `language` (names the council entered once, in English), marked
    with its own `lang` when the page is in the other language, so it is read out right."""
    if not text or formatting.current_language() == language:
        return text
    return Markup('<span lang="{}">{}</span>').format(language, text)


def _per_page(function: Any) -> Any:
    """`function` as a filter whose result depends on the page being written (its language).
    Jinja works a filter out once, when the template is compiled, where what it is given
    is a constant (`'en' | lang_unless_page`): outside any request, so always as English.
    A filter that takes the template's context is worked out on every page instead: every
    filter here that a template may give a literal string to goes through this."""

    @pass_context
    def on_the_page(context: Context, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    on_the_page.__doc__ = function.__doc__
    return on_the_page


def _in_page_language(english: Any, welsh: Any) -> Any:
    """Words the council gave in English and perhaps in Welsh: the Welsh on a Welsh page
    where there is one, otherwise the English, marked as English on a Welsh page."""
    if welsh and formatting.current_language() == "cy":
        return escape(welsh)
    return escape(other_language(english))


def committee_name(committee: Any) -> Any:
    """The committee's name in the page's language (`name_cy` on a Welsh page)."""
    if committee is None:
        return ""
    return _in_page_language(committee.name, getattr(committee, "name_cy", None))


def post_title(post: Any) -> Any:
    """A post's title in the page's language (`title_cy` on a Welsh page)."""
    if post is None:
        return ""
    return _in_page_language(post.title, getattr(post, "title_cy", None))


def post_title_text(post: Any) -> str:
    """A post's title in the language of a plain-text message, unmarked."""
    if post is None:
        return ""
    welsh = getattr(post, "title_cy", None)
    return welsh if welsh and formatting.current_language() == "cy" else post.title


def venue(meeting: Any) -> Any:
    """Where a meeting is held, in the page's language (`venue_cy` on a Welsh page)."""
    if meeting is None or not meeting.venue:
        return ""
    return _in_page_language(meeting.venue, getattr(meeting, "venue_cy", None))


def lang_unless_page(language: str) -> Markup:
    """` lang="en"` on an element whose words are in `language` when the page is not."""
    if not language or formatting.current_language() == language:
        return Markup("")
    return Markup(' lang="{}"').format(language)


def change_note(note: Any) -> Any:
    """A version's change note on a page: a note the portal wrote, in the page's language;
    a clerk's own note as typed, in English, marked so on a Welsh page."""
    from portal.domain.record.languages import change_note_in

    language = formatting.current_language()
    words = change_note_in(note, language) if language != "en" else None
    return words or other_language(note)


def deadline_working_text(meeting: Any) -> Any:
    """How a meeting's deadline was worked out, in the page's language where it can be,
    otherwise in English marked as such."""
    from portal.domain.meetings.scheduling import deadline_working

    text, language = deadline_working(meeting)
    return other_language(text, language)


class PortalTemplate(Template):
    """Jinja's template, with a cheaper check when one template imports another.

    The GOV.UK macros import their helper macros inside each macro, so every call of
    `govukInput` imports four templates again. Each import checks whether the importing
    page has globals the imported template lacks; Jinja does that one key at a time
    through a ChainMap (about 40 lookups per import, a third of a long form's rendering).
    Here the same question is answered with one set operation; the answer, and so the
    module used, is the same.
    """

    def _get_default_module(self, ctx: Context | None = None) -> Any:
        if ctx is not None and not ctx.globals_keys.difference(self.globals):
            ctx = None
        return super()._get_default_module(ctx)


# What a plain dict has as attributes: for any other name, `params.name` in a template
# is the item, which is what Jinja finds after trying the attribute and failing.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class PortalEnvironment(Environment):
    """Flask's Jinja environment, with `PortalTemplate` and a quicker `params.name`.

    The GOV.UK macros read every option as `params.name` on a dict. Jinja first asks the
    dict for an attribute of that name, which raises and is caught, then reads the item:
    over half a million failed attribute lookups for one long form. For a plain dict and a
    name that is not one of dict's own attributes, the item is read straight away, with the
    same result.
    """

    template_class = PortalTemplate

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def init_templates(app: Flask) -> None:
    if not isinstance(app.jinja_env, PortalEnvironment):
        raise RuntimeError("create_app sets app.jinja_environment before the environment is made")
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)

    app.jinja_env.filters.update(
        date=formatting.format_date,
        short_date=formatting.format_short_date,
        month_year=formatting.format_month_year,
        time=formatting.format_time,
        datetime=formatting.format_datetime,
        on_date=formatting.format_on_date,
        other_language=_per_page(other_language),
        committee_name=committee_name,
        post_title=post_title,
        change_note=_per_page(change_note),
        lang_unless_page=_per_page(lang_unless_page),
        post_title_text=post_title_text,
        venue=venue,
        london=formatting.to_london,
        plural=formatting.plural,
        # The only way answer HTML reaches a page: through the one allow-list.
        answer_html=answer_markup,
    )

    from portal.formatting import current_language

    app.jinja_env.globals["deadline_working_text"] = deadline_working_text
    app.jinja_env.globals["question_label"] = question_label
    app.jinja_env.globals["question_anchor"] = question_anchor
    app.jinja_env.globals["has_endpoint"] = lambda name: name in current_app.view_functions

    @app.context_processor
    def council() -> dict[str, Any]:
        cfg = current_app.config
        return {
            **council_words(cfg, current_language()),
            "council_url": cfg["COUNCIL_URL"],
            "council_phone": cfg["COUNCIL_PHONE"],
            "council_email": cfg["COUNCIL_EMAIL"],
            "show_dev_mailbox": cfg.get("SHOW_DEV_MAILBOX", False),
            "asset_url": asset_url,
            "status_words": PUBLIC_STATUS_WORDS,
            "status_labels": STAFF_STATUS_LABELS,
            "status_tags": STATUS_TAG_CLASSES,
            "current_endpoint": request.endpoint if request else None,
        }


def compile_templates(app: Flask) -> int:
    """Compile every template the app renders, now. gunicorn's master calls this before it
    forks its workers (deploy/gunicorn.conf.py), so each worker, and each one started in
    place of a recycled one, begins with them compiled: otherwise every new worker spent
    up to a second compiling on its first pages. The published record's templates are
    left out: they are compiled with the documents' own filters (portal/domain/record)."""
    names = app.jinja_env.list_templates(filter_func=lambda name: not name.startswith("documents/"))
    for name in names:
        app.jinja_env.get_template(name)
    return len(names)
