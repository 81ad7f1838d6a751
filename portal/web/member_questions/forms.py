"""The member question form."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import HiddenField, SubmitField

from portal.web.ask.forms import QuestionForm


class MemberQuestionForm(QuestionForm):
    """The public question and whom it is for, sent in one step (so with its submission key)."""

    submission_key = HiddenField()
    submit = SubmitField("Send question", widget=GovSubmitInput())
