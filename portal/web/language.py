"""Welsh and English on the public side: which language a page is in, and the switch.

The public chooses with the "Cymraeg" / "English" link in the header; the choice is kept
in the session for the visit. Staff pages stay in English (the Welsh Language Standards
cover the service to the public), so on them the language is always English.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, has_request_context, redirect, request, session, url_for
from flask_babel import Babel, get_translations
from werkzeug.wrappers import Response

from portal.formatting import current_language
from portal.templating import other_language
from portal.web.access import public
from portal.web.accounts.auth import is_safe_next

ENGLISH = "en"
WELSH = "cy"
LANGUAGES = (ENGLISH, WELSH)
# What each language calls itself: the words of the switch, never translated.
OWN_NAMES = {ENGLISH: "English", WELSH: "Cymraeg"}
SESSION_KEY = "language"
LANGUAGE_COOKIE = "portal_language"

# Blueprints whose pages are for staff only: always English.
STAFF_BLUEPRINTS = frozenset(
    {
        "accounts",
        "admin",
        "answers",
        "audit",
        "console",
        "dev",
        "member_questions",
        "moderation",
        "publishing",
        "staff",
    }
)

bp = Blueprint("language", __name__)
babel = Babel()


def is_staff_page() -> bool:
    return has_request_context() and (request.blueprint or "") in STAFF_BLUEPRINTS


def chosen_language() -> str:
    """The language the visitor chose this visit, English until they choose."""
    if not has_request_context():
        return ENGLISH
    chosen = session.get(SESSION_KEY)
    return chosen if chosen in LANGUAGES else ENGLISH


def select_locale() -> str:
    if is_staff_page():
        return ENGLISH
    return chosen_language()


@bp.route("/language/<code>")
@public
def switch(code: str) -> Response:
    """The header link: remember the language for the visit and go back to the same page."""
    if code not in LANGUAGES:
        abort(404)
    session[SESSION_KEY] = code
    target = request.args.get("next", "")
    response = redirect(target if is_safe_next(target) else url_for("public.home"))
    # The same choice where nginx can read it: published record pages served from disk
    # go to the portal for a Welsh reader (decision 0302). For the visit only.
    response.set_cookie(
        LANGUAGE_COOKIE,
        code,
        secure=request.is_secure,
        httponly=True,
        samesite="Lax",
    )
    return response


def language_switch() -> dict[str, Any] | None:
    """The other language's link for the header, or None on staff pages."""
    if is_staff_page():
        return None
    other = WELSH if current_language() == ENGLISH else ENGLISH
    here = request.full_path.rstrip("?") if request.endpoint else "/"
    return {
        "code": other,
        "text": OWN_NAMES[other],
        "href": url_for("language.switch", code=other, next=here),
    }


# A number in each plural category of CLDR, which the browser's Intl.PluralRules uses to
# pick GOV.UK Frontend's message: Welsh has six, English two.
_PLURAL_EXAMPLES = {
    WELSH: {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 4},
    ENGLISH: {"one": 1, "other": 2},
}


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """A message in each plural category the page's language has, for the browser to fill in
    (`make translations` extracts these calls like ngettext)."""
    t = get_translations()
    examples = _PLURAL_EXAMPLES[current_language()]
    return {category: t.ngettext(singular, plural, n) for category, n in examples.items()}


def character_count_words() -> dict[str, Any]:
    """The word counter's messages (GOV.UK Frontend's character count) in the page's language.
    `%{count}` is filled in by the browser, so these go through gettext without formatting."""
    t = get_translations()
    return {
        "textareaDescriptionText": t.gettext("You can enter up to %{count} words"),
        "wordsUnderLimitText": plural_forms(
            "You have %{count} word remaining", "You have %{count} words remaining"
        ),
        "wordsAtLimitText": t.gettext("You have 0 words remaining"),
        "wordsOverLimitText": plural_forms(
            "You have %{count} word too many", "You have %{count} words too many"
        ),
    }


def public_words(text: str | None) -> Any:
    """Words kept in English in the database (the lifecycle's words for what happened),
    in the page's language where the catalogue has them; otherwise as stored, marked as
    English so a Welsh page never shows a blank and screen readers say them right."""
    if not text:
        return text
    translated = get_translations().gettext(text)
    if current_language() != ENGLISH and translated == text:
        return other_language(text)
    return translated


def init_language(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", ENGLISH)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
    # {% trans %} blocks are joined onto one line, as babel.cfg extracts them.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(
        language_switch=language_switch,
        current_language=current_language,
        character_count_words=character_count_words,
        public_words=public_words,
        LANGUAGE_NAMES=OWN_NAMES,
    )
