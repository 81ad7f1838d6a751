from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from portal.web.ask.forms import questioner_email
from portal.web.forms import BaseForm


class YourDataForm(BaseForm):
    email = questioner_email(_l("The address you used when you asked your questions"))
    submit = SubmitField(_l("Send me a link"), widget=GovSubmitInput())


class DownloadForm(BaseForm):
    submit = SubmitField(_l("Get a copy of your data"), widget=GovSubmitInput())
