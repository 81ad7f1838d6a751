"""E-mail that may or may not have arrived ("possibly sent"): the sender stopped after the
mail server took the message, so it is never sent again by itself. Staff see each one and
decide, through the same domain function as `flask outbox resolve`."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectChoice, SubmitField

from portal.domain import permissions
from portal.domain.entities import OutboxMessage
from portal.domain.messages import outbox
from portal.web.access import get_or_404, refusal_goes_back, signed_in
from portal.web.forms import BaseForm, Required

bp = Blueprint("mail", __name__, url_prefix="/staff/mail")


class DecisionForm(BaseForm):
    decision = RadioField(
        "Did the message arrive?",
        widget=GovRadioInput(),
        choices=[
            SelectChoice("sent", "It arrived: mark it as sent"),
            SelectChoice("send_again", "It did not arrive: send it again"),
        ],
        validators=[Required("Select whether the message arrived")],
    )
    submit = SubmitField("Confirm decision", widget=GovSubmitInput())


def _may_decide() -> None:
    if not permissions.can_resolve_possibly_sent_mail(current_user):
        abort(403)


@bp.route("/possibly-sent")
@signed_in
def possibly_sent() -> str:
    _may_decide()
    return render_template(
        "mail/possibly-sent.html",
        messages=outbox.possibly_sent_messages(),
        message_id_for=outbox.message_id_for,
        show_recipients=permissions.can_see_mail_recipients(current_user),
    )


@bp.route("/possibly-sent/<int:message_id>", methods=["GET", "POST"])
@signed_in
def decide(message_id: int) -> str | Response | tuple[str, int]:
    message = get_or_404(OutboxMessage, message_id)
    _may_decide()
    form = DecisionForm()
    if form.is_submitted():
        if not form.validate():
            return _decision_page(message, form), 400
        was_sent = form.decision.data == "sent"
        with refusal_goes_back(url_for("mail.possibly_sent")):
            outbox.resolve_possibly_sent(message, was_sent=was_sent)
        flash(
            f"Message {message.id} marked as sent"
            if was_sent
            else f"Message {message.id} will be sent again, with the same Message-ID",
            "success",
        )
        return redirect(url_for("mail.possibly_sent"))
    if not message.possibly_sent:
        flash(f"Message {message.id} is not waiting for a decision", "error")
        return redirect(url_for("mail.possibly_sent"))
    return _decision_page(message, form)


def _decision_page(message: OutboxMessage, form: DecisionForm) -> str:
    return render_template(
        "mail/decide.html",
        message=message,
        form=form,
        message_id=outbox.message_id_for(message),
        show_recipients=permissions.can_see_mail_recipients(current_user),
    )
