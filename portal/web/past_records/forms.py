"""Forms for entering the record of a meeting that has already happened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSelect, GovSubmitInput
from wtforms import BooleanField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import ValidationError

from portal.domain.entities import Arrival, PutOutcome, QuestionKind
from portal.domain.meetings.proceedings import ActionEntry, CommentEntry, FollowUpEntry
from portal.formatting import london_to_utc
from portal.web.admin.forms_common import choices, optional_int
from portal.web.fields import DateInputField, TimeInputField
from portal.web.forms import BaseForm, Required, text_area, text_input

LONG = 20_000
TOO_LONG = "The text is too long; split it or shorten it"


def optional_line(label: str, limit: int, **kwargs: Any) -> StringField:
    """A one-line box the record may leave empty, up to `limit` characters."""
    return text_input(label, None, limit, f"Enter {limit} characters or fewer", **kwargs)


def optional_text(label: str, **kwargs: Any) -> StringField:
    """A box for longer text the record may leave empty."""
    return text_area(label, None, LONG, TOO_LONG, **kwargs)


NOT_SAID = ("", "The record does not say")


def _optional_time(label: str, thing: str, hint: str) -> TimeInputField:
    return TimeInputField(label, thing=thing, required_message=None, description=hint)


class PastMeetingForm(BaseForm):
    committee = SelectField(
        "Committee", coerce=optional_int, widget=GovSelect(), validators=[Required("Select a committee")]
    )
    title = text_input(
        "Title (optional)",
        None,
        200,
        "Title must be 200 characters or fewer",
        description="Only if the record gives one, for example, Extraordinary meeting",
    )
    day = DateInputField(
        "Date of the meeting",
        thing="Date of the meeting",
        required_message="Enter the date of the meeting",
        description="For example, 30 9 2022",
    )
    time = TimeInputField(
        "Time the meeting was called for",
        thing="Time the meeting was called for",
        required_message="Enter the time the meeting was called for, as the record gives it",
        description="UK time, for example, 3pm or 14:00",
    )
    venue = text_input(
        "Venue",
        "Enter where the meeting was held, as the record gives it",
        300,
        "Venue must be 300 characters or fewer",
    )
    public_questions_item = text_input(
        "Agenda item for questions from the public (optional)",
        None,
        20,
        "Agenda item must be 20 characters or fewer",
        description="For example, 3",
    )
    member_questions_item = text_input(
        "Agenda item for questions from councillors (optional)",
        None,
        20,
        "Agenda item must be 20 characters or fewer",
        description="For example, 4",
    )
    public_questions_minute = text_input(
        "Minute for questions from the public (optional)",
        None,
        30,
        "Enter the minute number in 30 characters or fewer",
        description=(
            "Only if the minutes number it differently from the agenda item, for example 45/22 or C.123"
        ),
    )
    member_questions_minute = text_input(
        "Minute for questions from councillors (optional)",
        None,
        30,
        "Enter the minute number in 30 characters or fewer",
        description="Only if the minutes number it differently from the agenda item, for example 46/22",
    )
    public_questions_heading = optional_line(
        "Heading of the public questions, as the record prints it (optional)",
        300,
        description="Only if it is not 'Questions from members of the public'",
    )
    member_questions_heading = optional_line(
        "Heading of the councillors' questions, as the record prints it (optional)",
        300,
        description="Only if it is not 'Questions from members of the Council'",
    )
    started = _optional_time(
        "Time the meeting started (optional)",
        "Time the meeting started",
        "Only if the record gives it",
    )
    ended = _optional_time(
        "Time the meeting ended (optional)",
        "Time the meeting ended",
        "Only if the record gives it. Leave it empty if the record says 'Time Not Specified'",
    )
    submit = SubmitField("Save and add questions", widget=GovSubmitInput())

    def starts_at(self) -> dt.datetime:
        return london_to_utc(self.day.data, self.time.data)

    def actual(self, field: TimeInputField) -> dt.datetime | None:
        return london_to_utc(self.day.data, field.data) if field.data is not None else None


def _arrival_field(label: str) -> RadioField:
    return RadioField(
        label,
        choices=choices([NOT_SAID, *((a.value, a.label) for a in Arrival)]),
        widget=GovRadioInput(),
        default="",
    )


def _whole_number(form: BaseForm, field: StringField) -> None:
    text = (field.data or "").strip()
    if text and (not text.isdigit() or int(text) < 1):
        raise ValidationError("Enter the number as a whole number, 1 or more, or leave it empty")


class PastExchangeForm(BaseForm):
    kind = RadioField(
        "Kind of question",
        choices=choices(
            [
                (QuestionKind.PUBLIC.value, "Question from a member of the public"),
                (QuestionKind.MEMBER.value, "Question from a councillor"),
            ]
        ),
        widget=GovRadioInput(),
        default=QuestionKind.PUBLIC.value,
        validators=[Required("Select the kind of question")],
    )
    number = text_input(
        "Number (optional)",
        None,
        6,
        "Enter the number as a whole number, 1 or more, or leave it empty",
        _whole_number,
        description="As the record numbers it. Leave it empty to use the next number",
    )
    unnamed = BooleanField(
        "The record does not name them: it says 'Name and address supplied'", widget=GovCheckboxInput()
    )
    title = text_input("Title (optional)", None, 100, "Title must be 100 characters or fewer")
    first_name = text_input("First name (optional)", None, 100, "First name must be 100 characters or fewer")
    last_name = text_input("Surname", None, 100, "Surname must be 100 characters or fewer")
    town = text_input("Town (optional)", None, 100, "Town must be 100 characters or fewer")
    ward = text_input(
        "Ward (optional)", None, 100, "Ward must be 100 characters or fewer", description="For councillors"
    )
    on_behalf_of = optional_line(
        "Asked on behalf of (optional)",
        300,
        description="A person or an organisation, as the record names them",
    )
    arrival = _arrival_field("How the question arrived (optional)")
    question = optional_text(
        "Question",
        description="Leave it empty if the record holds only the supplementary question",
    )
    question_to = optional_line(
        "Question to (optional)",
        300,
        description="As the record prints it, for example, Cabinet member children and families",
    )
    response = optional_text("Response (optional)")
    answered_by = optional_line(
        "Who gave the response (optional)",
        300,
        description=(
            "As the record names them, for example, Councillor A B, Cabinet Member for Resources, "
            "or the post alone. Leave it empty if the record names nobody"
        ),
    )
    put = RadioField(
        "At the meeting (optional)",
        choices=choices([NOT_SAID, *((p.value, p.label) for p in PutOutcome)]),
        widget=GovRadioInput(),
        default="",
    )
    read_by = optional_line(
        "Who read it out (optional)",
        300,
        description="For example, Chair",
    )
    supplementary = optional_text("Supplementary question (optional)")
    supplementary_arrival = _arrival_field("How the supplementary question arrived (optional)")
    supplementary_answered_by = optional_line(
        "Who answered the supplementary question (optional)",
        300,
        description="As the record names them. Leave it empty if the record names nobody",
    )
    supplementary_answer = optional_text("Response to the supplementary question (optional)")
    follow_up_asked_by = optional_line(
        "Who asked a follow-up question (optional)",
        200,
        description="A committee member's question inside the exchange, for example Cllr J Hewitt",
    )
    follow_up = optional_text("Follow-up question (optional)")
    follow_up_answered_by = optional_line("Who answered the follow-up question (optional)", 300)
    follow_up_answer = optional_text("Answer to the follow-up question (optional)")
    written_answer_to_follow = BooleanField(
        "The record promises a written response and gives no date: “A written response will be provided”",
        widget=GovCheckboxInput(),
    )
    written_answer_sent_on = DateInputField(
        "Date the written response was sent (optional)",
        thing="Date the written response was sent",
        required_message=None,
        description="For example, 13 10 2022",
    )
    written_answer = optional_text("Written response (optional)")
    actions = optional_text(
        "Actions arising (optional)",
        description="One action on each line, in the record's order: they are lettered a), b) and so on",
    )
    comment_heading = optional_line(
        "Heading of a comment noted at someone's request (optional)",
        300,
        description="For example, COMMENT FROM PARENT CARER VOICE",
    )
    comment = optional_text("Comment (optional)")
    submit = SubmitField("Save question", widget=GovSubmitInput())

    def action_entries(self) -> list[ActionEntry]:
        return [ActionEntry(line.strip()) for line in (self.actions.data or "").splitlines() if line.strip()]

    def follow_up_entries(self) -> list[FollowUpEntry]:
        parts = [
            (getattr(self, name).data or "").strip()
            for name in ("follow_up_asked_by", "follow_up", "follow_up_answered_by", "follow_up_answer")
        ]
        return [FollowUpEntry(*parts)] if any(parts) else []

    def comment_entries(self) -> list[CommentEntry]:
        heading, body = (self.comment_heading.data or "").strip(), (self.comment.data or "").strip()
        return [CommentEntry(heading, body)] if heading or body else []
