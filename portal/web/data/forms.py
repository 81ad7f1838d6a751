from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from portal.web.ask.forms import questioner_email
from portal.web.forms import BaseForm


class YourDataForm(BaseForm):
    email = questioner_email("The address you used when you asked your questions")
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


class DownloadForm(BaseForm):
    submit = SubmitField("Get a copy of your data", widget=GovSubmitInput())
