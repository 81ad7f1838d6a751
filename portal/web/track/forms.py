"""Forms on the questioner's tracking pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from portal.web.ask.forms import question_text, questioner_email
from portal.web.forms import BaseForm, text_area


class WithdrawForm(BaseForm):
    reason = text_area(
        _l("Why are you withdrawing your question? (optional)"),
        None,
        1000,
        _l("Your reason must be 1,000 characters or fewer"),
        description=_l("This helps democratic services. It is not published"),
    )
    submit = SubmitField(_l("Withdraw my question"), widget=GovSubmitInput())


class ClarifyForm(BaseForm):
    text = question_text()
    submit = SubmitField(_l("Send my changed question"), widget=GovSubmitInput())


class ResubmitForm(BaseForm):
    submit = SubmitField(_l("Fix and send again"), widget=GovSubmitInput())


class MyQuestionsForm(BaseForm):
    email = questioner_email(_l("The address you used when you asked your questions"))
    submit = SubmitField(_l("Send me a link"), widget=GovSubmitInput())
