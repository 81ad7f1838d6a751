"""Welsh and English on the public side: which language a page is in, and the switch.

The public chooses with the "Cymraeg" / "English" link in the header; the choice is kept
in the session for the visit. Staff pages stay in English (the Welsh Language Standards
cover the service to the public), so on them the language is always English.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, g, has_request_context, redirect, request, session, url_for
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
    t = page_translations()
    examples = _PLURAL_EXAMPLES[current_language()]
    return {category: t.ngettext(singular, plural, n) for category, n in examples.items()}


def character_count_words() -> dict[str, Any]:
    """The word counter's messages (GOV.UK Frontend's character count) in the page's language.
    `%{count}` is filled in by the browser, so these go through gettext without formatting."""
    t = page_translations()
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
    translated = page_translations().gettext(text)
    if current_language() != ENGLISH and translated == text:
        return other_language(text)
    return translated


def page_translations() -> Any:
    """The translations for the text being written now, as `flask_babel.get_translations`
    finds them, kept for the request while its locale stays the same. Flask-Babel finds
    them afresh on every call (its state for the request, the locale, the locale's name as
    a key): a sixth of a page's rendering. `force_locale` gives the request another locale
    object while it lasts, so what was kept is found again for it, and again after it."""
    try:
        state = g._flask_babel
        locale = state.babel_locale
    except (AttributeError, RuntimeError):  # nothing looked up yet, or no application context
        return get_translations()
    kept = getattr(state, "portal_translations", None)
    if kept is not None and locale is not None and kept[0] is locale:
        return kept[1]
    found = get_translations()
    state.portal_translations = (state.babel_locale, found)
    return found


def _template_gettext(string: str) -> str:
    return page_translations().ugettext(string)


def _template_ngettext(singular: str, plural: str, n: int) -> str:
    return page_translations().ungettext(singular, plural, n)


def _template_pgettext(message_context: str, string: str) -> str:
    return page_translations().upgettext(message_context, string)


def _template_npgettext(message_context: str, singular: str, plural: str, n: int) -> str:
    return page_translations().unpgettext(message_context, singular, plural, n)


def init_language(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", ENGLISH)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    babel.init_app(app, locale_selector=select_locale)
    # The same words as Flask-Babel's own callables give, with the translations kept.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_template_gettext,
        ngettext=_template_ngettext,
        newstyle=True,
        pgettext=_template_pgettext,
        npgettext=_template_npgettext,
    )
    # {% trans %} blocks are joined onto one line, as babel.cfg extracts them.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(
        language_switch=language_switch,
        current_language=current_language,
        character_count_words=character_count_words,
        public_words=public_words,
        LANGUAGE_NAMES=OWN_NAMES,
    )
