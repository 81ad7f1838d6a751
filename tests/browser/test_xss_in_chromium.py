"""Every hostile payload, after the allow-list, rendered in Chromium: none runs.

The page has no Content Security Policy on purpose, so this shows the allow-list is
enough on its own. Payloads that would run call window.__xssFired() or alert(); a
dialog listener, an error listener and a global counter watch for either. Every
surviving link is clicked and every element is sent the events its handlers listen
for, so handlers that need a person to act would have their chance too. A control
renders the same payloads without the allow-list, to show the watch does see them.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from playwright.sync_api import Page

from portal.domain.sanitise import clean_html, render_markdown
from tests.unit.test_sanitiser import PAYLOADS

WATCH = "window.__xss = 0; window.__xssFired = function () { window.__xss += 1; };"

ACT_ON_EVERYTHING = """() => {
    // Follow no ordinary link away from the page; a javascript: link would still run.
    document.addEventListener('click', (event) => {
        const link = event.target.closest('a');
        if (link && link.protocol !== 'javascript:') { event.preventDefault(); }
    }, true);
    const events = ['mouseover', 'mouseenter', 'focus', 'click', 'toggle', 'animationstart'];
    for (const element of document.querySelectorAll('section *')) {
        if (element.tagName === 'A') { element.click(); }
        for (const type of events) { element.dispatchEvent(new Event(type, {bubbles: true})); }
    }
}"""


def allow_listed(payload: str) -> str:
    return render_markdown(payload) + clean_html(payload)


def document(render: Callable[[str], str] = allow_listed) -> str:
    sections = "".join(
        f'<section data-payload="{index}"><h2>{escape(payload[:60])}</h2>{render(payload)}</section>'
        for index, payload in enumerate(PAYLOADS)
    )
    head = f"<title>Allow-list</title><script>{WATCH}</script>"
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{sections}</body></html>"


def exercise(page: Page, html: str) -> tuple[int, list[str], list[str]]:
    """Load the page, act on every element, and report (calls, dialogs, errors)."""
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/*", lambda route: route.abort())  # nothing may load or navigate away
    page.set_content(html, wait_until="load")
    page.evaluate(ACT_ON_EVERYTHING)
    page.wait_for_timeout(0)  # let queued handlers run before looking
    return page.evaluate("window.__xss"), dialogs, errors


def test_no_payload_runs_in_chromium(page: Page):
    calls, dialogs, errors = exercise(page, document())
    assert page.locator("section").count() == len(PAYLOADS)
    dangerous = "section :is(script, style, iframe, object, embed, svg, math, img, form, input, textarea)"
    assert page.locator(dangerous).count() == 0
    assert calls == 0
    assert dialogs == []
    assert errors == []


def test_the_watch_sees_payloads_run_without_the_allow_list(page: Page):
    calls, dialogs, _ = exercise(page, document(render=lambda payload: payload))
    assert calls > 0
    assert dialogs
