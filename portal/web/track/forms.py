"""Forms on the questioner's tracking pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from wtforms import HiddenField, RadioField, SubmitField

from portal.domain.asking.feedback import REASON_LIMIT
from portal.domain.entities import Verdict
from portal.domain.questions.reviews import GROUNDS_LIMIT
from portal.web.admin.forms_common import choices
from portal.web.ask.forms import question_text, questioner_email
from portal.web.forms import BaseForm, Required, text_area


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


# How each answer reads to the questioner, in their language.
VERDICT_WORDS = {
    Verdict.ANSWERED: _l("Yes, it answered my question"),
    Verdict.PARTLY: _l("It partly answered my question"),
    Verdict.NOT_ANSWERED: _l("No, it did not answer my question"),
}


class FeedbackForm(BaseForm):
    verdict = RadioField(
        _l("Did the answer answer your question?"),
        choices=choices((v.value, VERDICT_WORDS[v]) for v in Verdict),
        widget=GovRadioInput(),
        validate_choice=False,
        validators=[Required(_l("Select whether the answer answered your question"))],
    )
    reason = text_area(
        _l("Tell us why (optional)"),
        None,
        REASON_LIMIT,
        _l("Your reason must be 1,000 characters or fewer"),
        description=_l(
            "Only the council sees this. It is not published, and your name is never shown with it"
        ),
    )
    # "new" on a first response, "change" when changing one: a second first response is refused.
    mode = HiddenField(default="new")
    submit = SubmitField(_l("Send"), widget=GovSubmitInput())


class ReviewRequestForm(BaseForm):
    grounds = text_area(
        _l("Why should the decision be reviewed?"),
        _l("Enter why the decision should be reviewed"),
        GROUNDS_LIMIT,
        _l("Your reasons must be 2,000 characters or fewer"),
        description=_l(
            "For example, why your question is about the council’s business. "
            "The person who decides reviews reads this. It is not published"
        ),
    )
    submit = SubmitField(_l("Ask for a review"), widget=GovSubmitInput())
