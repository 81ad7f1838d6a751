"""Admin: a committee's procedure for its published record, and a meeting's own."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSubmitInput
from werkzeug.wrappers import Response
from wtforms import BooleanField, RadioField, SubmitField
from wtforms.validators import StopValidation, ValidationError

from portal.domain.entities import (
    Committee,
    Layout,
    Meeting,
    Numbering,
    OnBehalfStyle,
    QuestionerStyle,
    RecordLanguages,
    Role,
)
from portal.domain.meetings import procedure
from portal.domain.meetings.procedure import ProcedureError
from portal.formatting import plural
from portal.web.access import get_or_404, requires_role
from portal.web.admin.forms_common import choices
from portal.web.admin.routes import actor, bp
from portal.web.fields import WholeNumberField
from portal.web.forms import BaseForm, Required, text_input


class ChoiceField(RadioField):
    """GOV.UK radios whose one error, for nothing chosen or a value not offered, says what
    to choose (not WTForms' "Not a valid choice")."""

    def __init__(self, *args: object, choose: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.choose = choose

    def pre_validate(self, form: object) -> None:
        try:
            super().pre_validate(form)
        except ValidationError:
            raise StopValidation(self.choose or "Select one of the options") from None


def _radio(
    label: str,
    enum: type,
    required: str | None = None,
    *,
    committee_option: str | None = None,
    description: str = "",
) -> RadioField:
    options = [(member.value, member.label) for member in enum]
    if committee_option is not None:
        options = [("", committee_option), *options]
    return ChoiceField(
        label,
        choose=required or f"Select one of the options for: {label[0].lower()}{label[1:]}",
        choices=choices(options),
        widget=GovRadioInput(),
        validators=[Required(required)] if required else [],
        default="" if committee_option is not None else None,
        description=description,
    )


LANGUAGES_HINT = (
    "Side by side puts each text beside its translation; one after the other gives the whole "
    "record in English, then in Welsh. A text without a translation is shown in its own "
    "language, marked as such."
)


def _prefix(label: str, hint: str) -> object:
    too_long = "Enter a prefix of 1 to 10 letters, such as PQ or SPQ"
    return text_input(label, None, 10, too_long, description=hint)


ON_BEHALF_LABEL = "How someone asking on behalf of another person or an organisation is shown"
ARRIVAL_LABEL = "Print how each question and supplementary arrived"
ARRIVAL_HINT = (
    "Such as “Received by e-mail” or “Delivered verbally at the meeting”, where the clerk recorded it"
)
PRINTS = [("yes", "Yes, print it where it was recorded"), ("no", "No, leave it out of the record")]


def _arrival_radio(committee_option: str | None = None) -> RadioField:
    options = PRINTS if committee_option is None else [("", committee_option), *PRINTS]
    return ChoiceField(
        ARRIVAL_LABEL,
        choose="Select whether the record prints how each question arrived",
        choices=choices(options),
        widget=GovRadioInput(),
        validators=[Required("Select whether the record prints how each question arrived")]
        if committee_option is None
        else [],
        default="" if committee_option is not None else None,
        description=ARRIVAL_HINT,
    )


def _prints(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class CommitteeProcedureForm(BaseForm):
    layout = _radio("How its questions and answers are published", Layout, "Select a layout")
    numbering = _radio("How questions are numbered", Numbering, "Select how questions are numbered")
    public_prefix = _prefix("Prefix for questions from the public", "For example, PQ or SPQ")
    member_prefix = _prefix("Prefix for questions from councillors", "For example, MQ")
    questioner_style = _radio(
        "How members of the public are named", QuestionerStyle, "Select how members of the public are named"
    )
    on_behalf_style = _radio(
        ON_BEHALF_LABEL, OnBehalfStyle, "Select how someone asking on behalf of another is shown"
    )
    prints_arrival = _arrival_radio()
    on_behalf_counts = BooleanField(
        "Questions asked on behalf of someone else, or of an organisation, count against the "
        "asker's own limit",
        widget=GovCheckboxInput(),
    )
    record_languages = _radio(
        "Languages of the published record",
        RecordLanguages,
        "Select the languages of the published record",
        description=LANGUAGES_HINT,
    )
    submit = SubmitField("Save procedure", widget=GovSubmitInput())


ON_BEHALF_COUNTS_LABEL = (
    "Questions asked on behalf of someone else, or of an organisation, count against the asker's own limit"
)
COUNTS = [
    ("yes", "Yes, they count against the asker's own limit"),
    ("no", "No, only questions people ask for themselves count"),
]


class MeetingProcedureForm(BaseForm):
    layout = _radio(
        "How its questions and answers are published", Layout, committee_option="As the committee does"
    )
    numbering = _radio("How questions are numbered", Numbering, committee_option="As the committee does")
    public_prefix = _prefix(
        "Prefix for questions from the public (optional)", "Leave empty for the committee's"
    )
    member_prefix = _prefix(
        "Prefix for questions from councillors (optional)", "Leave empty for the committee's"
    )
    questioner_style = _radio(
        "How members of the public are named", QuestionerStyle, committee_option="As the committee does"
    )
    on_behalf_style = _radio(ON_BEHALF_LABEL, OnBehalfStyle, committee_option="As the committee does")
    prints_arrival = _arrival_radio(committee_option="As the committee does")
    record_languages = _radio(
        "Languages of the published record",
        RecordLanguages,
        committee_option="As the committee does",
        description=LANGUAGES_HINT,
    )
    questions_per_person = WholeNumberField(
        "Questions one person can ask at this meeting (optional)",
        thing="Questions per person",
        minimum=1,
        maximum=10,
        required_message="",
    )
    on_behalf_counts = ChoiceField(
        ON_BEHALF_COUNTS_LABEL,
        choose="Select whether questions asked on behalf of others count against the asker's limit",
        choices=choices([("", "As the committee does"), *COUNTS]),
        widget=GovRadioInput(),
        default="",
    )
    submit = SubmitField("Save this meeting's procedure", widget=GovSubmitInput())


def _style(value: str | None) -> QuestionerStyle | None:
    return QuestionerStyle(value) if value else None


def _show(form: BaseForm, error: ProcedureError) -> None:
    for name, message in error.errors.items():
        form.add_error(name if name in form._fields else "submit", message)


@bp.route("/committees/<int:committee_id>/procedure", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def committee_procedure(committee_id: int) -> str | Response:
    committee = get_or_404(Committee, committee_id)
    current = procedure.committee_procedure(committee)
    rules = committee.rules
    form = CommitteeProcedureForm(
        data={
            "layout": current.layout.value,
            "numbering": current.numbering.value,
            "public_prefix": current.public_prefix,
            "member_prefix": current.member_prefix,
            "questioner_style": current.questioner_style.value,
            "on_behalf_style": current.on_behalf_style.value,
            "prints_arrival": "yes" if current.prints_arrival else "no",
            "on_behalf_counts": bool(rules.on_behalf_counts) if rules is not None else False,
            "record_languages": current.record_languages.value,
        }
    )
    if form.validate_on_submit():
        try:
            kept = procedure.set_committee_procedure(
                committee,
                by=actor(),
                layout=Layout(form.layout.data),
                numbering=Numbering(form.numbering.data),
                public_prefix=form.public_prefix.data or "",
                member_prefix=form.member_prefix.data or "",
                questioner_style=QuestionerStyle(form.questioner_style.data),
                on_behalf_counts=bool(form.on_behalf_counts.data),
                on_behalf_style=OnBehalfStyle(form.on_behalf_style.data),
                prints_arrival=_prints(form.prints_arrival.data),
                record_languages=RecordLanguages(form.record_languages.data),
            )
        except ProcedureError as error:
            _show(form, error)
        else:
            message = "Procedure saved. It applies to every record not yet published"
            if kept:
                message += f"; {plural(kept, 'meeting')} already published keep what they were published with"
            flash(message + ".", "success")
            return redirect(url_for("admin.committee", committee_id=committee.id))
    return render_template("admin/committees/procedure.html", form=form, committee=committee)


@bp.route("/meetings/<int:meeting_id>/procedure", methods=["GET", "POST"])
@requires_role(Role.ADMIN)
def meeting_procedure(meeting_id: int) -> str | Response:
    meeting = get_or_404(Meeting, meeting_id)
    form = MeetingProcedureForm(
        data={
            "layout": meeting.layout.value if meeting.layout else "",
            "numbering": meeting.numbering.value if meeting.numbering else "",
            "public_prefix": meeting.public_prefix or "",
            "member_prefix": meeting.member_prefix or "",
            "questioner_style": meeting.questioner_style.value if meeting.questioner_style else "",
            "on_behalf_style": meeting.on_behalf_style.value if meeting.on_behalf_style else "",
            "prints_arrival": {True: "yes", False: "no", None: ""}[meeting.prints_arrival],
            "record_languages": meeting.record_languages.value if meeting.record_languages else "",
            "questions_per_person": meeting.questions_per_person,
            "on_behalf_counts": {True: "yes", False: "no", None: ""}[meeting.on_behalf_counts],
        }
    )
    per_person, counts = procedure.committee_limits(meeting.committee)
    form.questions_per_person.description = (
        f"Leave empty for the committee's limit ({per_person}). Questions already received are not affected"
    )
    form.on_behalf_counts.description = (
        "The committee counts them" if counts else "The committee does not count them"
    )
    published = procedure.is_published(meeting)
    if form.validate_on_submit():
        try:
            procedure.override_for_meeting(
                meeting,
                by=actor(),
                layout=Layout(form.layout.data) if form.layout.data else None,
                numbering=Numbering(form.numbering.data) if form.numbering.data else None,
                public_prefix=form.public_prefix.data,
                member_prefix=form.member_prefix.data,
                questioner_style=_style(form.questioner_style.data),
                on_behalf_style=(
                    OnBehalfStyle(form.on_behalf_style.data) if form.on_behalf_style.data else None
                ),
                prints_arrival=_prints(form.prints_arrival.data),
                record_languages=(
                    RecordLanguages(form.record_languages.data) if form.record_languages.data else None
                ),
                questions_per_person=form.questions_per_person.data,
                on_behalf_counts=_prints(form.on_behalf_counts.data),
            )
        except ProcedureError as error:
            _show(form, error)
        else:
            if published:
                flash(
                    "This meeting's procedure is saved. Versions already published stay as they are; "
                    "it applies from the next version you publish.",
                    "success",
                )
            else:
                flash("This meeting's procedure is saved. It applies when its record is published", "success")
            return redirect(url_for("admin.meeting", meeting_id=meeting.id))
    return render_template(
        "admin/meetings/procedure.html",
        form=form,
        meeting=meeting,
        committee_procedure=procedure.committee_procedure(meeting.committee),
        published=published,
    )
