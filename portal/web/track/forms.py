"""Forms on the questioner's tracking pages."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from portal.web.ask.forms import question_text, questioner_email
from portal.web.forms import BaseForm, text_area


class WithdrawForm(BaseForm):
    reason = text_area(
        "Why are you withdrawing your question? (optional)",
        None,
        1000,
        "Your reason must be 1,000 characters or fewer",
        description="This helps democratic services. It is not published",
    )
    submit = SubmitField("Withdraw my question", widget=GovSubmitInput())


class ClarifyForm(BaseForm):
    text = question_text()
    submit = SubmitField("Send my changed question", widget=GovSubmitInput())


class ResubmitForm(BaseForm):
    submit = SubmitField("Fix and send again", widget=GovSubmitInput())


class MyQuestionsForm(BaseForm):
    email = questioner_email("The address you used when you asked your questions")
    submit = SubmitField("Send me a link", widget=GovSubmitInput())
