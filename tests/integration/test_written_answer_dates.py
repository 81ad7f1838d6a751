"""The written-answer form, given a date that is missing or only partly typed, says what
to put right in the GOV.UK way and keeps the answer typed, instead of failing."""

from __future__ import annotations

import pytest

from tests.html import error_messages, page
from tests.record_factories import written_answer_promised

BODY = "The figures are attached, as promised at the meeting."


@pytest.mark.parametrize(
    ("sent_on", "message"),
    [
        (["", "", ""], "Enter the date the written answer was sent"),
        (None, "Enter the date the written answer was sent"),
        (["3", "", ""], "must include a month and year"),
        (["3", "2", ""], "must include a year"),
        (["", "2", "2025"], "must include a day"),
        (["31", "2", "2025"], "must be a real date"),
        (["3", "February", "2025"], "must be a real date"),
        (["3", "2", "25"], "year must include 4 numbers"),
    ],
)
def test_a_missing_or_partial_date_is_an_error_on_the_form(clerk_client, clerk, sent_on, message):
    _, question = written_answer_promised(clerk)
    url = f"/staff/publishing/questions/{question.id}/written-answer"
    data = {"body": BODY}
    if sent_on is not None:
        data["sent_on"] = sent_on
    response = clerk_client.post(url, data=data)
    assert response.status_code == 422
    errors = " ".join(error_messages(response))
    assert message.lower() in errors.lower(), errors
    # What the clerk typed is still there.
    assert BODY in page(response).select_one("textarea[name=body]").get_text()
    if sent_on:
        shown = [field.get("value", "") for field in page(response).select("input[name=sent_on]")]
        assert shown == sent_on
