"""Signed links in e-mails: they work for their lifetime, then expire, and cannot be forged."""

from __future__ import annotations

import datetime as dt

import pytest

from portal.domain.asking import links
from portal.models import utcnow


def test_a_confirmation_link_works_for_48_hours(app):
    made = utcnow()
    token = links.confirm_token(42, made)
    assert links.read_confirm_token(token, made + dt.timedelta(hours=47, minutes=59)) == 42
    with pytest.raises(links.LinkExpired) as expired:
        links.read_confirm_token(token, made + dt.timedelta(hours=48, minutes=1))
    assert expired.value.question_id == 42


def test_a_tampered_link_is_invalid(app):
    token = links.confirm_token(42)
    with pytest.raises(links.LinkInvalid):
        links.read_confirm_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with pytest.raises(links.LinkInvalid):
        links.read_confirm_token("not-a-token")


def test_links_for_one_purpose_do_not_work_for_another(app):
    with pytest.raises(links.LinkInvalid):
        links.read_my_questions_token(links.confirm_token(7))


def test_the_list_link_lasts_a_day(app):
    made = utcnow()
    token = links.my_questions_token(7, made)
    assert links.read_my_questions_token(token, made + dt.timedelta(hours=23)) == 7
    with pytest.raises(links.LinkExpired):
        links.read_my_questions_token(token, made + dt.timedelta(hours=25))


def test_links_never_carry_an_email_address(app):
    import base64

    token = links.my_questions_token(7)
    payload = token.split(".")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert decoded == b'{"q":7}'
