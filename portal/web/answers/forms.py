"""Forms for drafting, approving and returning answers, and for answer templates."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import BooleanField, HiddenField, StringField, SubmitField

from portal.web.forms import BaseForm, MaxLength, NoControlCharacters, Required

ANSWER_LIMIT = 50_000


class AnswerForm(BaseForm):
    expected_revision = HiddenField()
    body = StringField(
        "Answer",
        widget=GovTextArea(),
        validators=[
            Required("Enter the answer"),
            MaxLength(ANSWER_LIMIT, "The answer must be 50,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    note = StringField(
        "What changed in this version (optional)",
        widget=GovTextInput(),
        validators=[MaxLength(300, "The note must be 300 characters or fewer"), NoControlCharacters()],
    )
    save = SubmitField("Save draft", widget=GovSubmitInput())
    preview = SubmitField("Preview", widget=GovSubmitInput())


class RevisionForm(BaseForm):
    """A step on the saved version the person was looking at."""

    expected_revision = HiddenField()


class SubmitAnswerForm(RevisionForm):
    submit = SubmitField("Send for approval", widget=GovSubmitInput())


class ApproveForm(RevisionForm):
    submit = SubmitField("Approve answer", widget=GovSubmitInput())


class ReturnForm(RevisionForm):
    comment = StringField(
        "What needs to change?",
        description="The officers who draft for this post see your comment.",
        widget=GovTextArea(),
        validators=[
            Required("Enter what needs to change"),
            MaxLength(3000, "The comment must be 3,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField("Return for changes", widget=GovSubmitInput())


class ReopenForm(BaseForm):
    reason = StringField(
        "Why does the approved answer need to change?",
        widget=GovTextArea(),
        validators=[
            Required("Enter why the answer needs to change"),
            MaxLength(1000, "The reason must be 1,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    submit = SubmitField("Reopen the answer", widget=GovSubmitInput())


class TemplateForm(BaseForm):
    title = StringField(
        "Name",
        description="For example, \u201cSocial worker recruitment: current position\u201d.",
        widget=GovTextInput(),
        validators=[
            Required("Enter a name for the template"),
            MaxLength(200, "The name must be 200 characters or fewer"),
        ],
    )
    body = StringField(
        "Template text",
        description="Written the same way as an answer: see \u201cHow to format an answer\u201d.",
        widget=GovTextArea(),
        validators=[
            Required("Enter the template text"),
            MaxLength(ANSWER_LIMIT, "The template must be 50,000 characters or fewer"),
            NoControlCharacters(),
        ],
    )
    is_active = BooleanField("Offer this template to officers", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Save template", widget=GovSubmitInput())
