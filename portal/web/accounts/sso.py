"""Single sign-on with the council's identity provider (OpenID Connect, through Authlib).

Off unless OIDC_ISSUER is set. The provider's discovery document gives its endpoints
and keys; Authlib checks the ID token's signature, issuer, audience, expiry and nonce,
and the state in the session. The person the provider vouches for is matched to a
staff account an administrator created (portal/domain/people/single_sign_on.py): nobody gets
an account by signing in.
"""

from __future__ import annotations

import logging
import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from werkzeug.wrappers import Response

from portal.domain.people import single_sign_on
from portal.domain.people.sign_in_settings import second_factor_required
from portal.extensions import limiter
from portal.web.access import public
from portal.web.accounts import auth
from portal.web.accounts.auth import PENDING
from portal.web.accounts.routes import bp, finish_sign_in
from portal.web.boundary import writes_on_get

log = logging.getLogger(__name__)

PROVIDER = "council"
NEXT_KEY = "sso_next"
NOT_SET_UP = (
    "You cannot sign in with {name}: there is no staff account for you on the portal, or it is"
    " disabled. Ask a portal administrator in democratic services."
)


def init_single_sign_on(app: Flask) -> None:
    issuer = app.config.get("OIDC_ISSUER")
    if not issuer:
        return
    # Authlib and what it brings (requests, joserfc) take some 7 MB a worker: only loaded
    # where single sign-on is on.
    from authlib.integrations.flask_client import OAuth

    oauth = OAuth(app)
    oauth.register(
        PROVIDER,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256", "timeout": 10},
    )


def _client():
    oauth = current_app.extensions.get("authlib.integrations.flask_client")
    return getattr(oauth, PROVIDER, None) if oauth is not None else None


def _callback_url() -> str:
    return current_app.config["BASE_URL"].rstrip("/") + url_for("accounts.sso_callback")


@bp.route("/sign-in/sso")
@limiter.limit("10 per minute;60 per hour")
@public
def sso_start() -> Response:
    """A link, not a form: the page's policy lets forms post only to this site, and the
    provider is another site. It writes nothing but the state and nonce in the browser's
    own session, which the callback checks."""
    client = _client()
    if client is None:
        flash("Single sign-on is not set up. Sign in with your e-mail address and password.", "info")
        return redirect(url_for("accounts.sign_in"))
    session[NEXT_KEY] = request.args.get("next", "")[:500]
    try:
        return client.authorize_redirect(_callback_url())
    except Exception:  # the provider cannot be reached: say so, never a stack trace
        log.exception("Could not reach the identity provider")
        flash(
            f"{current_app.config['OIDC_NAME']} cannot be reached. Try again, or use your password.", "info"
        )
        return redirect(url_for("accounts.sign_in"))


@bp.route("/sign-in/sso/callback")
@public
@writes_on_get  # the provider sends people back with a GET; signing in writes a session
def sso_callback() -> Response:
    client = _client()
    if client is None:
        return redirect(url_for("accounts.sign_in"))
    from authlib.integrations.base_client import OAuthError

    name = current_app.config["OIDC_NAME"]
    try:
        token = client.authorize_access_token()
    except (OAuthError, ValueError, KeyError) as error:
        log.info("Single sign-on was not completed: %s", type(error).__name__)
        flash(f"Signing in with {name} did not work. Try again, or use your password.", "info")
        return redirect(url_for("accounts.sign_in"))
    except Exception:
        log.exception("Could not reach the identity provider")
        flash(f"{name} cannot be reached. Try again, or use your password.", "info")
        return redirect(url_for("accounts.sign_in"))
    claims = dict(token.get("userinfo") or {})
    user = single_sign_on.match_staff_account(claims, source=auth.client_address())
    target = session.pop(NEXT_KEY, None)
    if user is None:
        flash(NOT_SET_UP.format(name=name), "info")
        return redirect(url_for("accounts.sign_in"))
    if not current_app.config["OIDC_SATISFIES_SECOND_FACTOR"] and (
        user.has_second_factor or second_factor_required(user)
    ):
        session[PENDING] = {"user": user.id, "at": time.time(), "next": target or ""}
        endpoint = "accounts.second_factor" if user.has_second_factor else "accounts.set_up_second_factor"
        return redirect(url_for(endpoint))
    return finish_sign_in(user, auth.SSO, target)
