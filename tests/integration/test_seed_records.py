"""The seeds' published questions and answers, recreated through the portal, appear word
for word, in order and under the right labels, in every format: HTML, PDF, Word, CSV, JSON."""

from __future__ import annotations

import csv
import io
import json

from portal.domain.sanitise import plain_text
from portal.models import DocumentKind
from tests import seed_records
from tests import seed_text as seed
from tests.document_text import (
    docx_headings,
    docx_text,
    find_in_order,
    html_items,
    html_text,
    pdf_catalog_language,
    pdf_info,
    pdf_text,
)


def _files(publication) -> dict[str, bytes]:
    return {f.format: f.content for f in publication.files}


def _running_lines(model: dict) -> list[str]:
    """The PDF's running header: the council, and the committee and date (no weekday)."""
    day = model["meeting"]["date_text"].split(" ", 1)[1]
    return [model["council"]["name"], f"{model['committee']['name']}, {day}"]


def test_seed_002_council_record(app, clerk):
    """One build of the seed's Council meeting (it publishes three versions), then every check."""
    built = seed_records.build_council_2022(clerk)
    check_versions_follow_one_sequence(built)
    check_every_paragraph_in_every_format(built)
    check_supplement_has_no_meeting_record(built)
    check_pq5_tables_are_real_tables_with_header_scopes(built)
    check_the_pdf_is_tagged_for_screen_readers(built)


def test_seed_004_scrutiny_record(app, clerk):
    built = seed_records.build_scrutiny_2022(clerk)
    check_every_supplementary_entry_in_every_format(built)
    check_follow_up_stays_inside_the_response(built)


def check_versions_follow_one_sequence(council_2022):
    versions = [(p.version, p.kind, p.change_note) for p in council_2022.publications]
    assert versions == [
        (1, DocumentKind.AGENDA_SUPPLEMENT, None),
        (2, DocumentKind.MINUTES_APPENDIX, seed_records_appendix_note()),
        (3, DocumentKind.MINUTES_APPENDIX, "Written response sent on 13 October 2022 to PQ 2"),
    ]


def seed_records_appendix_note() -> str:
    from portal.domain.record.publishing import APPENDIX_NOTE

    return APPENDIX_NOTE


def check_every_paragraph_in_every_format(council_2022):
    latest = council_2022.publications[-1]
    files, model = _files(latest), latest.model
    expected = seed_records.expected_council_2022()
    order = ["PQ 1", "PQ 2", "PQ 3", "PQ 4", "PQ 5", "MQ 1"]

    # HTML: each question is its own article, under its agenda item's heading.
    items = html_items(files["html"])
    assert list(items) == order
    for label in order:
        find_in_order(items[label], expected[label])
    body = html_text(files["html"], "main")
    find_in_order(
        body,
        [
            "Agenda item no. 3 - Questions from members of the public",
            "Question Number",
            "Questioner",
            "Question",
            "Question to",
            "PQ 1",
            "Agenda item no. 4 - Questions from members of the Council",
            "MQ 1",
        ],
    )

    # PDF: the same words in the same order (pdftotext, header and footer removed).
    text = pdf_text(files["pdf"], _running_lines(model))
    find_in_order(text, [word for label in order for word in expected[label]], ignore_spaces=True)

    # Word: the same words, with real headings for each agenda item and question.
    find_in_order(docx_text(files["docx"]), [word for label in order for word in expected[label]])
    headings = docx_headings(files["docx"])
    assert ("Heading 2", "Agenda item no. 3 - Questions from members of the public") in headings
    assert [text for style, text in headings if style == "Heading 3"] == order

    # CSV: one row per question, each column holding its paragraphs in order.
    rows = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert [row["number"] for row in rows] == order
    by_label = {row["number"]: row for row in rows}
    pq2 = by_label["PQ 2"]
    find_in_order(pq2["question"], seed.PQ2_QUESTION)
    find_in_order(pq2["response"], seed.PQ2_RESPONSE)
    find_in_order(pq2["supplementary_question"], seed.PQ2_SUPPLEMENTARY)
    find_in_order(pq2["supplementary_response"], seed.PQ2_SUPPLEMENTARY_ANSWER)
    find_in_order(pq2["written_response"], [seed_records.visible(p) for p in seed.PQ2_WRITTEN])
    assert (pq2["written_response_sent"], pq2["supplementary_answered_by"]) == (
        "2022-10-13",
        "cabinet member children and families",
    )
    assert by_label["PQ 5"]["written_response_due"] == "2022-10-28"
    assert by_label["PQ 1"]["questioner"] == "Name and address supplied"
    assert by_label["MQ 1"]["questioner"] == "Cllr Carole Gandy, Mortimer"
    owed_words = ("Written response to follow", "It is due by 28 October 2022.")
    for label in order:
        row = " ".join(row_value for row_value in by_label[label].values())
        find_in_order(row, [w for w in expected[label] if not w.endswith(":") and w not in owed_words])

    # JSON: the document model itself.
    data = json.loads(files["json"])
    assert data == model
    json_items = {item["label"]: item for section in data["sections"] for item in section["items"]}
    for label in order:
        item = json_items[label]
        words = " ".join(
            [
                item["label"],
                item["questioner"],
                item["question_text"],
                item["question_to"],
                plain_text(item["response_html"]),
                plain_text(item["supplementary"]["question_html"]),
                item["supplementary"]["label"],
                plain_text(item["supplementary"]["answer_html"]),
                (item["written_answer"] or {}).get("label", ""),
                plain_text((item["written_answer"] or {}).get("html", "")),
            ]
        )
        labels = ("Response:", "Supplementary Question:", *owed_words)
        find_in_order(words, [w for w in expected[label] if w not in labels])


def check_supplement_has_no_meeting_record(council_2022):
    supplement = council_2022.publications[0]
    items = html_items(_files(supplement)["html"])
    expected = seed_records.expected_council_2022(appendix=False)
    for label, words in expected.items():
        find_in_order(items[label], words)
        assert "Supplementary Question:" not in items[label]
    model = supplement.model
    assert model["meeting"]["actual"] == {
        "started_at": None,
        "ended_at": None,
        "started_text": None,
        "ended_text": None,
    }


def check_pq5_tables_are_real_tables_with_header_scopes(council_2022):
    html = _files(council_2022.publications[-1])["html"].decode()
    from bs4 import BeautifulSoup

    article = BeautifulSoup(html, "html.parser").select_one("article[aria-labelledby='pq-5']")
    tables = article.select(".app-answer table")
    assert len(tables) == 2
    first = tables[0]
    assert [th.get_text() for th in first.select("thead th")] == seed.PQ5_TABLE_1[0]
    assert {th.get("scope") for th in first.select("thead th")} == {"col"}
    assert [[td.get_text() for td in tr.select("td")] for tr in first.select("tbody tr")] == seed.PQ5_TABLE_1[
        1:
    ]
    assert [td.get_text() for td in tables[1].select("tbody td")] == seed.PQ5_TABLE_2[1]


def check_the_pdf_is_tagged_for_screen_readers(council_2022):
    """PDF/UA-1: marked as such, tagged, titled, in English, A4, and its tags give the
    headings, tables (with header cells) and lists a screen reader navigates by."""
    latest = council_2022.publications[-1]
    pdf = _files(latest)["pdf"]
    info = pdf_info(pdf)
    assert "Tagged:          yes" in info
    assert "(A4)" in info
    assert f"Title:           Questions and answers – {latest.model['committee']['name']}" in info
    assert 'pdfuaid:part="1"' in pdf_info(pdf, "-meta")
    assert pdf_catalog_language(pdf) == "en-GB"
    tree = pdf_info(pdf, "-struct")
    tags = {line.split()[0].rstrip(":") for line in tree.splitlines() if line.strip()}
    assert {"H1", "H2", "H3", "H4", "Table", "TR", "TH", "TD", "L", "LI", "P"} <= tags
    assert "/Headers" in tree  # each data cell names its header cells


def check_every_supplementary_entry_in_every_format(scrutiny_2022):
    appendix = scrutiny_2022.publications[-1]
    files, model = _files(appendix), appendix.model
    expected = seed_records.expected_scrutiny_2022()
    order = [f"PQ {n}" for n in range(1, 8)]

    items = html_items(files["html"])
    assert list(items) == order
    for label in order:
        find_in_order(items[label], expected[label])
    # The member questions' section says there were none, in the seed's words.
    find_in_order(
        html_text(files["html"], "main"),
        [
            "Agenda item no. 5 - Questions from members of the public",
            "Agenda item no. 6 - Questions from members of the Council",
            "There were no questions received from Councillors.",
        ],
    )
    sequence = [word for label in order for word in expected[label]]
    find_in_order(pdf_text(files["pdf"], _running_lines(model)), sequence, ignore_spaces=True)
    find_in_order(docx_text(files["docx"]), sequence)

    rows = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert [row["questioner"] for row in rows] == [
        seed_records.questioner_004(n) for n in range(1, len(seed.SEED_004) + 1)
    ]
    first, last = rows[0], rows[-1]
    assert first["actions"].splitlines() == [
        f"{letter}) {text}" + " (owner: The Committee)"
        for letter, text in zip("ab", seed.SEED_004[0]["actions"], strict=True)
    ]
    find_in_order(
        last["supplementary_response"], [seed_records.visible(p) for p in seed.SEED_004[6]["response"]]
    )
    find_in_order(
        last["noted_comments"],
        [seed.SEED_004[6]["comment_heading"], *map(seed_records.visible, seed.SEED_004[6]["comment"])],
    )
    assert rows[2]["put_at_meeting"] == "Read out on the questioner's behalf (Chair)"

    data = json.loads(files["json"])
    entry = data["sections"][0]["items"][0]
    assert [a["letter"] for a in entry["actions"]] == ["a", "b"]
    assert data["sections"][1]["items"] == []
    assert data["sections"][1]["empty_text"] == "There were no questions received from Councillors."


def check_follow_up_stays_inside_the_response(scrutiny_2022):
    """'Cllr J Hewitt enquired…' sits between the Director's answers, within the one Response."""
    items = html_items(_files(scrutiny_2022.publications[-1])["html"])
    response = seed.SEED_004[1]["response"]
    answer = f"Response ({seed_records.DIRECTOR}):"
    find_in_order(items["PQ 2"], ["Supplementary question at the meeting", "Q:", answer, *response])
    assert "Cllr J Hewitt enquired whether the impediment to close it was resource?" in response
