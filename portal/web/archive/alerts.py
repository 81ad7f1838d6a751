"""E-mail alerts: ask, confirm from the e-mail, and stop them in one click."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from portal.domain.entities import AlertSubscription, SubscriptionStatus
from portal.domain.permissions import subscriber_can_confirm
from portal.domain.record import alerts
from portal.extensions import csrf, limiter
from portal.web.access import public
from portal.web.archive.forms import ConfirmForm, SubscribeForm, UnsubscribeForm
from portal.web.archive.routes import bp, committee_or_404


def subscription_or_404(token: str) -> AlertSubscription:
    found = alerts.find_subscription(token)
    if found is None:
        abort(404)
    return found


@bp.route("/committees/<slug>/alerts", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
@public
def subscribe(slug: str) -> str | BaseResponse:
    committee = committee_or_404(slug)
    form = SubscribeForm()
    if form.validate_on_submit():
        alerts.subscribe(committee, form.email.data)
        return redirect(url_for("archive.check_email", slug=slug))
    return render_template("archive/alerts/subscribe.html", committee=committee, form=form)


@bp.route("/committees/<slug>/alerts/check-your-email")
@public
def check_email(slug: str) -> str:
    return render_template("archive/alerts/check_email.html", committee=committee_or_404(slug))


@bp.route("/alerts/<token>/confirm", methods=["GET", "POST"])
@public
def confirm(token: str) -> str | BaseResponse:
    subscription = subscription_or_404(token)
    form = ConfirmForm()
    if subscription.status is SubscriptionStatus.CONFIRMED:
        return render_template("archive/alerts/confirmed.html", subscription=subscription)
    if not subscriber_can_confirm(subscription):
        return render_template("archive/alerts/expired.html", subscription=subscription), 410
    if form.validate_on_submit():
        alerts.confirm_subscription(subscription)
        return redirect(url_for("archive.confirm", token=token))
    return render_template("archive/alerts/confirm.html", subscription=subscription, form=form)


@bp.route("/alerts/<token>/unsubscribe", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail programs post here in one click, with no form to carry a token
@public
def unsubscribe(token: str) -> str | Response | BaseResponse:
    subscription = subscription_or_404(token)
    if request.method == "POST":
        alerts.unsubscribe(subscription)
        if request.form.get("List-Unsubscribe") == "One-Click":
            return Response("Unsubscribed\n", mimetype="text/plain")
        return redirect(url_for("archive.unsubscribe", token=token))
    form = UnsubscribeForm()
    return render_template("archive/alerts/unsubscribe.html", subscription=subscription, form=form)
