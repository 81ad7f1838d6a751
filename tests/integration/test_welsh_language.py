"""Cymraeg: the language switch, the page's language, and staff pages left in English."""

from __future__ import annotations

from tests.html import page


def switch_link(response):
    return page(response).select_one(".app-header__language")


def test_every_public_page_offers_welsh_and_the_choice_lasts_the_visit(client):
    english = client.get("/")
    assert page(english).html["lang"] == "en"
    link = switch_link(english)
    assert link.get_text(strip=True) == "Cymraeg"
    assert link["lang"] == "cy"
    assert link["hreflang"] == "cy"

    switched = client.get(link["href"])
    assert switched.status_code == 302
    assert switched.headers["Location"] == "/"

    welsh = client.get("/")
    assert page(welsh).html["lang"] == "cy"
    assert "Neidio i'r prif gynnwys" in page(welsh).select_one(".govuk-skip-link").get_text()
    back = switch_link(welsh)
    assert back.get_text(strip=True) == "English"
    assert back["lang"] == "en"

    # Still Welsh on the next page of the visit.
    assert page(client.get("/ask")).html["lang"] == "cy"

    client.get(back["href"])
    assert page(client.get("/")).html["lang"] == "en"


def test_the_switch_returns_to_the_same_page_and_query(client):
    response = client.get("/ask")
    href = switch_link(response)["href"]
    assert client.get(href).headers["Location"] == "/ask"
    response = client.get("/search?q=school+transport")
    href = switch_link(response)["href"]
    assert client.get(href).headers["Location"] == "/search?q=school+transport"


def test_the_switch_never_sends_people_to_another_site(client):
    for target in ("https://example.com/", "//example.com/", "/\\example.com"):
        response = client.get("/language/cy", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_an_unknown_language_is_not_found(client):
    assert client.get("/language/fr").status_code == 404


def test_staff_pages_stay_in_english_without_a_switch(client):
    client.get("/language/cy")
    sign_in = client.get("/staff/sign-in")
    assert page(sign_in).html["lang"] == "en"
    assert switch_link(sign_in) is None
