"""The meeting console's own form fields give the markup GOV.UK Frontend's macros give for
the same field, with and without an error, so the console looks and reads out the same
while drawing a 300-question meeting in a fraction of the time."""

from __future__ import annotations

import re

import pytest
from flask import Flask, render_template_string

GOVUK = """
{%- from "govuk_frontend_jinja/components/input/macro.html" import govukInput -%}
{%- from "govuk_frontend_jinja/components/textarea/macro.html" import govukTextarea -%}
{%- from "govuk_frontend_jinja/components/radios/macro.html" import govukRadios -%}
{%- from "govuk_frontend_jinja/components/checkboxes/macro.html" import govukCheckboxes -%}
{%- from "govuk_frontend_jinja/components/date-input/macro.html" import govukDateInput -%}
{%- from "govuk_frontend_jinja/components/fieldset/macro.html" import govukFieldset -%}
{%- from "govuk_frontend_jinja/components/details/macro.html" import govukDetails -%}
"""
OURS = '{%- import "console/_fields.html" as field -%}'

ERROR = "Enter a time like 1:05:30"

PAIRS = {
    "input with a hint": (
        """{{ govukInput({'label': {'text': 'Read out by', 'classes': 'govuk-label--s'},
            'hint': {'text': 'For example, Chair'}, 'id': 'q1-read_by', 'name': 'read_by',
            'classes': 'govuk-!-width-one-half', 'value': 'Cllr <Ames>', 'errorMessage': error,
            'autocomplete': 'off'}) }}""",
        """{{ field.input('q1-read_by', 'read_by', 'Read out by', value='Cllr <Ames>',
            hint='For example, Chair', error=error.text if error else none,
            classes='govuk-!-width-one-half', label_classes='govuk-label--s', autocomplete='off') }}""",
    ),
    "input with a list and no spellcheck": (
        """{{ govukInput({'label': {'text': 'Question begins at'}, 'id': 'q1-at', 'name': 'at',
            'classes': 'govuk-input--width-5', 'value': '1:05', 'errorMessage': error,
            'autocomplete': 'off', 'spellcheck': false, 'attributes': {'list': 'answerers-1'}}) }}""",
        """{{ field.input('q1-at', 'at', 'Question begins at', value='1:05',
            error=error.text if error else none, classes='govuk-input--width-5',
            autocomplete='off', spellcheck=false, list='answerers-1') }}""",
    ),
    "textarea": (
        """{{ govukTextarea({'label': {'text': 'Supplementary question', 'classes': 'govuk-label--s'},
            'hint': {'text': 'Leave empty if there was none'}, 'id': 'q1-s', 'name': 's', 'rows': 5,
            'value': 'Line one\\n<b>two</b>', 'errorMessage': error,
            'attributes': {'spellcheck': 'true'}}) }}""",
        """{{ field.textarea('q1-s', 's', 'Supplementary question', value='Line one\\n<b>two</b>', rows=5,
            hint='Leave empty if there was none', error=error.text if error else none,
            label_classes='govuk-label--s', spellcheck=true) }}""",
    ),
    "radios": (
        """{{ govukRadios({'idPrefix': 'q1-put', 'name': 'put', 'classes': 'govuk-radios--small',
            'fieldset': {'legend': {'text': 'The question was', 'classes': 'govuk-fieldset__legend--s'}},
            'errorMessage': error,
            'items': [{'value': 'a', 'text': 'Put', 'checked': false, 'id': 'q1-put'},
                      {'value': 'b', 'text': 'Not put', 'checked': true, 'id': 'q1-put-not'}]}) }}""",
        """{{ field.choices('radios', 'q1-put', 'put', 'The question was',
            [('a', 'Put', false, 'q1-put'), ('b', 'Not put', true, 'q1-put-not')],
            classes='govuk-radios--small', error=error.text if error else none) }}""",
    ),
    "radios with a hint": (
        """{{ govukRadios({'idPrefix': 'q1-arr', 'name': 'arr', 'classes': 'govuk-radios--small',
            'fieldset': {'legend': {'text': 'How it arrived', 'classes': 'govuk-fieldset__legend--s'}},
            'hint': {'text': 'Printed in the record'}, 'errorMessage': error,
            'items': [{'value': '', 'text': 'Not recorded', 'checked': true, 'id': 'q1-arr'}]}) }}""",
        """{{ field.choices('radios', 'q1-arr', 'arr', 'How it arrived',
            [('', 'Not recorded', true, 'q1-arr')], classes='govuk-radios--small',
            error=error.text if error else none, hint='Printed in the record') }}""",
    ),
    "checkboxes": (
        """{{ govukCheckboxes({'idPrefix': 'q1-w', 'name': 'w', 'classes': 'govuk-checkboxes--small',
            'fieldset': {'legend': {'text': 'Written answer', 'classes': 'govuk-fieldset__legend--s'}},
            'errorMessage': error,
            'items': [{'value': 'y', 'text': 'A written answer was promised', 'checked': true,
                       'id': 'q1-w'}]}) }}""",
        """{{ field.choices('checkboxes', 'q1-w', 'w', 'Written answer',
            [('y', 'A written answer was promised', true, 'q1-w')],
            classes='govuk-checkboxes--small', error=error.text if error else none) }}""",
    ),
    "date": (
        """{{ govukDateInput({'id': 'q1-due', 'namePrefix': 'due',
            'fieldset': {'legend': {'text': 'Written answer due by', 'classes': 'govuk-fieldset__legend--s'}},
            'hint': {'text': 'If empty, 28 days after'}, 'errorMessage': error,
            'items': [{'name': 'day', 'classes': 'govuk-input--width-2', 'value': 3},
                      {'name': 'month', 'classes': 'govuk-input--width-2', 'value': ''},
                      {'name': 'year', 'classes': 'govuk-input--width-4', 'value': 2027}]}) }}""",
        """{{ field.date('q1-due', 'due', 'Written answer due by',
            [('day', 'govuk-input--width-2', 3), ('month', 'govuk-input--width-2', ''),
             ('year', 'govuk-input--width-4', 2027)],
            hint='If empty, 28 days after', error=error.text if error else none) }}""",
    ),
    "fieldset and details": (
        """{% call govukFieldset({'legend': {'text': 'Webcast', 'classes': 'govuk-fieldset__legend--s'},
            'describedBy': 'q1-hint'}) %}<p>inside</p>{% endcall %}
           {% set inner %}<p>Q &amp; A</p>{% endset %}
           {{ govukDetails({'summaryText': 'The question and its answer', 'html': inner}) }}""",
        """{% call field.fieldset('Webcast', 'q1-hint') %}<p>inside</p>{% endcall %}
           {% call field.details('The question and its answer') %}<p>Q &amp; A</p>{% endcall %}""",
    ),
}


def _normalised(html: str) -> str:
    html = re.sub(r"\s+", " ", html)
    return re.sub(r"\s*(<|>)\s*", r"\1", html).strip()


@pytest.mark.parametrize("with_error", [False, True], ids=["no error", "error"])
@pytest.mark.parametrize("name", list(PAIRS))
def test_console_field_is_the_govuk_markup(app: Flask, name: str, with_error: bool) -> None:
    govuk, ours = PAIRS[name]
    error = {"text": ERROR} if with_error else None
    with app.test_request_context("/"):
        expected = render_template_string(GOVUK + govuk, error=error)
        actual = render_template_string(OURS + ours, error=error)
    assert _normalised(actual) == _normalised(expected)
    if with_error and name != "fieldset and details":
        assert ERROR in actual
