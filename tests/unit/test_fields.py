"""Dates and times typed into forms, read the way people write them."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from portal.web.fields import DateInputField, TimeInputField, WholeNumberField, parse_time
from portal.web.forms import BaseForm


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2pm", dt.time(14, 0)),
        ("2 PM", dt.time(14, 0)),
        ("2:30pm", dt.time(14, 30)),
        ("2.30 p.m.", dt.time(14, 30)),
        ("12pm", dt.time(12, 0)),
        ("12am", dt.time(0, 0)),
        ("9:30am", dt.time(9, 30)),
        ("09:30", dt.time(9, 30)),
        ("14:30", dt.time(14, 30)),
        ("0:00", dt.time(0, 0)),
        ("midday", dt.time(12, 0)),
        ("noon", dt.time(12, 0)),
        ("midnight", dt.time(0, 0)),
    ],
)
def test_times_people_write(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize(
    "typed", ["2", "3:00", "9:30", "13pm", "0am", "24:00", "14:60", "half two", "2:3pm", "", "14:30:00"]
)
def test_times_that_are_not_times(typed):
    with pytest.raises(ValueError):  # noqa: PT011 (the message is chosen by the field)
        parse_time(typed)


class DemoForm(BaseForm):
    class Meta:
        csrf = False

    day = DateInputField(
        "Date", thing="Date of the meeting", required_message="Enter the date of the meeting"
    )
    time = TimeInputField("Time", thing="Start time", required_message="Enter the time")
    count = WholeNumberField(
        "Count", thing="The count", minimum=1, maximum=10, required_message="Enter the count"
    )


def validate(app, **data):
    with app.test_request_context():
        form = DemoForm(formdata=MultiDict([(k, v) for k, values in data.items() for v in values]))
        form.validate()
        return form


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (["", "", ""], "Enter the date of the meeting"),
        (["", "3", "2027"], "Date of the meeting must include a day"),
        (["1", "", ""], "Date of the meeting must include a month and year"),
        (["31", "4", "2027"], "Date of the meeting must be a real date"),
        (["x", "4", "2027"], "Date of the meeting must be a real date"),
        (["1", "4", "227"], "Year must include 4 numbers"),
    ],
)
def test_date_messages(app, day, message):
    form = validate(app, day=day, time=["2pm"], count=["1"])
    assert form.errors == {"day": [message]}
    assert form.day.raw_data == day


def test_a_date_sent_with_parts_missing_is_treated_as_partly_empty(app):
    form = validate(app, day=["17"], time=["2pm"], count=["1"])
    assert form.errors == {"day": ["Date of the meeting must include a month and year"]}


def test_a_good_date_time_and_number(app):
    form = validate(app, day=[" 7 ", "3", "2027"], time=["10:30am"], count=["1,0"])
    assert form.errors == {}
    assert form.day.data == dt.date(2027, 3, 7)
    assert form.time.data == dt.time(10, 30)
    assert form.count.data == 10


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ([""], "Enter the count"),
        (["ten"], "The count must be a whole number, like 2"),
        (["11"], "The count must be between 1 and 10"),
    ],
)
def test_number_messages(app, count, message):
    form = validate(app, day=["1", "3", "2027"], time=["2pm"], count=count)
    assert form.errors == {"count": [message]}
