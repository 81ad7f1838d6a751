"""The one allow-list: officers get the formatting answers need; nothing hostile survives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.domain.sanitise import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    answer_markup,
    clean_html,
    render_markdown,
)

CORPUS = Path(__file__).resolve().parent.parent / "data" / "xss_payloads.txt"


def load_payloads() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.startswith("#")]


PAYLOADS = load_payloads()
DANGEROUS_SCHEMES = re.compile(r"^\s*(javascript|data|vbscript|livescript|jar|file)\s*:", re.IGNORECASE)


def assert_harmless(output: str) -> None:
    soup = BeautifulSoup(output, "html.parser")
    for element in soup.find_all(True):
        assert element.name in ALLOWED_TAGS, f"<{element.name}> survived: {output!r}"
        for attribute, value in element.attrs.items():
            assert not attribute.lower().startswith("on"), f"event handler survived: {output!r}"
            assert attribute.lower() != "style", f"style attribute survived: {output!r}"
            assert attribute in ALLOWED_ATTRIBUTES.get(element.name, []), f"{attribute} survived: {output!r}"
            # The parser has decoded the attribute once, as a browser does.
            text = " ".join(value) if isinstance(value, list) else value
            assert not DANGEROUS_SCHEMES.match(re.sub(r"[\s\x00-\x1f]", "", text)), output
        if element.name == "a" and element.get("href"):
            scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", element["href"])
            assert scheme is None or scheme.group(1).lower() in {"http", "https", "mailto", "tel"}, output
    lowered = output.lower()
    assert "<script" not in lowered
    assert "<style" not in lowered
    assert "<iframe" not in lowered


def test_the_corpus_has_at_least_a_hundred_payloads():
    assert len(PAYLOADS) >= 100


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_clean_html(payload):
    assert_harmless(clean_html(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_render_markdown(payload):
    assert_harmless(render_markdown(payload))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_cleaning_is_idempotent(payload):
    once = render_markdown(payload)
    assert clean_html(once) == once


def test_officers_can_write_everything_an_answer_needs():
    source = (
        "Thank you for your question.\n\n"
        "This is **bold**, this is *italic* and this is ++underlined++.\n\n"
        "- first bullet\n- second bullet\n\n"
        "1. first step\n2. second step\n\n"
        "Read the [improvement plan](https://www.kingsmere.gov.uk/plan).\n\n"
        "| Measure | Quarter 4 | Quarter 1 |\n| --- | --- | --- |\n| Unallocated cases | 30 | 27\\* |\n\n"
        "\\* For clarity, these are not the same cases."
    )
    soup = BeautifulSoup(render_markdown(source), "html.parser")
    assert next(p.get_text() for p in soup.find_all("p")) == "Thank you for your question."
    assert soup.find("strong").get_text() == "bold"
    assert soup.find("em").get_text() == "italic"
    assert soup.find("u").get_text() == "underlined"
    assert [li.get_text() for li in soup.select("ul li")] == ["first bullet", "second bullet"]
    assert [li.get_text() for li in soup.select("ol li")] == ["first step", "second step"]
    assert soup.find("a")["href"] == "https://www.kingsmere.gov.uk/plan"
    assert [th.get_text() for th in soup.select("thead th")] == ["Measure", "Quarter 4", "Quarter 1"]
    assert all(th["scope"] == "col" for th in soup.select("thead th"))
    assert [td.get_text() for td in soup.select("tbody td")] == ["Unallocated cases", "30", "27*"]
    assert soup.find_all("p")[-1].get_text() == "* For clarity, these are not the same cases."


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("C++ and C++ are languages", "<p>C++ and C++ are languages</p>"),
        ("++ spaced ++", "<p>++ spaced ++</p>"),
        ("++one++ and ++two++", "<p><u>one</u> and <u>two</u></p>"),
        ("++**bold underline**++", "<p><u><strong>bold underline</strong></u></p>"),
        ("<u>typed tag</u>", "<p><u>typed tag</u></p>"),
    ],
)
def test_underline_syntax(source, expected):
    assert render_markdown(source) == expected


def test_word_paste_keeps_the_words_and_structure_but_not_the_styling():
    pasted = (
        "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->"
        "<p class=MsoNormal style='mso-margin-top-alt:auto'><span lang=EN-GB style='font-family:Arial'>"
        "Thank you for your <b>question</b>.<o:p></o:p></span></p>"
        "<table class=MsoTableGrid style='border-collapse:collapse'><tr><td style='border:solid 1pt'>"
        "<p class=MsoNormal>30<o:p></o:p></p></td></tr></table>"
    )
    cleaned = clean_html(pasted)
    assert "mso" not in cleaned.lower()
    assert "class=" not in cleaned
    assert "style=" not in cleaned
    soup = BeautifulSoup(cleaned, "html.parser")
    assert soup.find("b").get_text() == "question"
    assert soup.find("td").get_text(strip=True) == "30"


def test_answer_markup_cleans_again_on_the_way_out():
    assert str(answer_markup('<p onclick="x()">Hi<script>alert(1)</script></p>')) == "<p>Hi</p>"


def test_answer_html_is_cleaned_on_the_way_out_every_time_it_is_shown():
    from portal.domain.sanitise import answer_markup, clean_html

    dirty = '<p onclick="steal()">We have <script>alert(1)</script>41 agency social workers.</p>'
    for _ in range(3):  # the second and third are remembered, and as clean as the first
        shown = answer_markup(dirty)
        assert str(shown) == clean_html(dirty)
        assert "script" not in shown
        assert "onclick" not in shown
    assert str(answer_markup("")) == ""


def test_a_text_too_long_to_remember_is_cleaned_all_the_same():
    from portal.domain.sanitise import REMEMBERED_LENGTH, plain_text

    rows = "".join(f"<tr><td>Ward {n}</td><td>{n * 3}</td></tr>" for n in range(REMEMBERED_LENGTH // 30))
    dirty = f'<p onclick="steal()">Placements by ward<script>alert(1)</script></p><table>{rows}</table>'
    assert len(dirty) > REMEMBERED_LENGTH
    for _ in range(2):
        cleaned = clean_html(dirty)
        assert "script" not in cleaned
        assert "onclick" not in cleaned
        assert cleaned.count("<tr>") == REMEMBERED_LENGTH // 30
        text = plain_text(cleaned)
        assert text.startswith("Placements by ward\n")
        assert "Ward 12 36" in text
        assert "<" not in text


def test_the_words_of_an_answer_are_the_same_however_often_they_are_asked_for():
    from portal.domain.sanitise import plain_text

    answer = "<p>We have 41 agency social workers.</p><ul><li>12 in Westcote</li><li>29 elsewhere</li></ul>"
    first = plain_text(answer)
    assert [line for line in first.splitlines() if line] == [
        "We have 41 agency social workers.",
        "12 in Westcote",
        "29 elsewhere",
    ]
    assert plain_text(answer) == first
    assert plain_text("") == ""
    assert plain_text(None) == ""
