"""The audit log's filters: a GET form, so links to a filtered view can be shared."""

from __future__ import annotations

import datetime as dt

from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import SelectField, StringField

from portal.web.fields import DateProblem, read_date
from portal.web.forms import BaseForm, MaxLength


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    reference = StringField(
        "Question reference",
        description="For example, Q-2026-000123",
        widget=GovTextInput(),
        validators=[MaxLength(20, "A question reference is 20 characters or fewer")],
    )
    meeting = SelectField("Meeting", widget=GovSelect(), coerce=str, validate_choice=False)
    person = SelectField("Who", widget=GovSelect(), coerce=str, validate_choice=False)
    from_day = StringField()
    from_month = StringField()
    from_year = StringField()
    to_day = StringField()
    to_month = StringField()
    to_year = StringField()

    def _date(self, prefix: str, label: str) -> dt.date | None:
        day, month, year = (getattr(self, f"{prefix}_{part}") for part in ("day", "month", "year"))
        try:
            return read_date([day.data or "", month.data or "", year.data or ""], thing=label)
        except DateProblem as problem:
            day.errors = [f"{problem}, for example 27 3 2026"]
            return None

    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        """(from, to), recording an error on the field for any date that is not real."""
        start = self._date("from", "The date from")
        end = self._date("to", "The date to")
        if start and end and end < start:
            self.to_day.errors = ["The date to must be the same as or after the date from"]
            return start, None
        return start, end
