"""The rules for a questioner's details: postcodes, e-mail addresses, phone numbers, words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portal.domain.asking.contact_details import (
    email_identity,
    email_problem,
    is_uk_postcode,
    normalise_postcode,
    phone_problem,
    word_count,
    words_over,
)


@pytest.mark.parametrize(
    "postcode",
    [
        "KM1 2AB",
        "km1 2ab",
        "KM12AB",
        " km1  2ab ",
        "SW1A 1AA",
        "EC1A 1BB",
        "W1A 0AX",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "GIR 0AA",
        "HR4 0LE",
    ],
)
def test_real_uk_postcodes_are_accepted(postcode):
    assert is_uk_postcode(postcode)


@pytest.mark.parametrize(
    "postcode",
    ["", "KM1", "12345", "KM1 2A", "QM1 2AB", "KM1 2CI", "KM1-2AB", "AAA 1AA", "KM1 2ABC", "Kingsmere"],
)
def test_other_text_is_not_a_postcode(postcode):
    assert not is_uk_postcode(postcode)


@pytest.mark.parametrize(
    ("typed", "tidy"),
    [("km1 2ab", "KM1 2AB"), ("KM12AB", "KM1 2AB"), ("  sw1a1aa ", "SW1A 1AA"), ("m11ae", "M1 1AE")],
)
def test_postcodes_are_stored_in_one_form(typed, tidy):
    assert normalise_postcode(typed) == tidy


@given(
    st.sampled_from(["KM1 2AB", "SW1A 1AA", "M1 1AE", "DN55 1PT"]), st.sampled_from([str.lower, str.upper])
)
def test_normalising_a_postcode_twice_changes_nothing(postcode, case):
    once = normalise_postcode(case(postcode))
    assert normalise_postcode(once) == once == postcode


@pytest.mark.parametrize("email", ["jo@example.com", "Jo.Bloggs+council@Example.COM", "a@b.co.uk"])
def test_valid_email_addresses_pass(email):
    assert email_problem(email) is None


@pytest.mark.parametrize(
    "email", ["jo", "jo@", "@example.com", "jo@example", "jo example@x.com", "jo@@x.com"]
)
def test_invalid_email_addresses_are_named(email):
    assert email_problem(email) == "Enter an e-mail address in the correct format, like name@example.com"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Jo@Example.com", "jo@example.com"),
        ("jo+council@example.com", "jo@example.com"),
        ("jo+anything@example.com", "JO+other@example.com"),
        ("jo.bloggs@gmail.com", "jobloggs@googlemail.com"),
        (" jo@example.com ", "jo@example.com"),
    ],
)
def test_one_mailbox_has_one_identity(first, second):
    assert email_identity(first) == email_identity(second)


def test_dots_still_matter_where_the_provider_keeps_them():
    assert email_identity("jo.bloggs@example.com") != email_identity("jobloggs@example.com")


@pytest.mark.parametrize("phone", ["", "01632 960 001", "07700 900982", "+44 808 157 0192", "(01632) 960001"])
def test_phone_numbers_that_pass(phone):
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["123", "call me", "01632 960 001 ext 4", "+44 808 157 0192 1234 5678"])
def test_phone_numbers_that_do_not(phone):
    assert phone_problem(phone).startswith("Enter a telephone number")


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("One", 1),
        ("How many, and when?", 4),
        ("  spaced   out\nover\tlines  ", 4),
        ("self-help – now", 3),
    ],
)
def test_words_are_counted_as_the_browser_counts_them(text, count):
    assert word_count(text) == count


def test_words_over_the_limit():
    assert words_over("one two three", 3) == 0
    assert words_over("one two three four five", 3) == 2
