"""Reading pages the way a person does: the heading, the error summary, the tags."""

from __future__ import annotations

from bs4 import BeautifulSoup
from werkzeug.test import TestResponse


def page(response: TestResponse) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def heading(response: TestResponse) -> str:
    h1 = page(response).find("h1")
    return " ".join(h1.get_text(" ").split()) if h1 else ""


def title(response: TestResponse) -> str:
    return " ".join(page(response).title.get_text().split())


def error_messages(response: TestResponse) -> list[str]:
    """The error summary's messages, in order."""
    summary = page(response).select_one(".govuk-error-summary")
    if summary is None:
        return []
    return [" ".join(a.get_text().split()) for a in summary.select(".govuk-error-summary__list li")]


def field_errors(response: TestResponse) -> list[str]:
    return [
        " ".join(e.get_text().replace("Error:", "").split())
        for e in page(response).select(".govuk-error-message")
    ]


def banners(response: TestResponse) -> list[str]:
    return [" ".join(b.get_text(" ").split()) for b in page(response).select(".govuk-notification-banner")]


def text(response: TestResponse) -> str:
    main = page(response).select_one("main") or page(response)
    return " ".join(main.get_text(" ").split())


def input_value(response: TestResponse, name: str) -> str | None:
    field = page(response).find(attrs={"name": name})
    if field is None:
        return None
    if field.name == "textarea":
        return field.get_text()
    return field.get("value")
