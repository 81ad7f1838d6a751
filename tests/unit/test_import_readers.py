"""The readers find the seeds' published records field for field, in every format and
through the mess real documents bring; a bad file gets a clear reason."""

from __future__ import annotations

import io
import zipfile

import pytest

from portal.domain.importing import layout
from portal.domain.importing.readers import read_document
from portal.domain.importing.records import UnreadableDocument, without_contact_details
from tests import import_fixtures as fx

COUNCIL = fx.council_002_records()
SCRUTINY = fx.scrutiny_004_records()


def assert_same(found, expected, *, joined=False):
    assert [r.number_label or r.questioner for r in found] == [
        r.number_label or r.questioner for r in expected
    ]
    for got, want in zip(found, expected, strict=True):
        assert fx.fields_of(got, joined=joined) == fx.fields_of(want, joined=joined)


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("appendix.docx", lambda: fx.council_docx(COUNCIL)),
        ("mgAi.aspx.html", lambda: fx.council_html(COUNCIL).encode("utf-8")),
    ],
)
def test_seed_002_in_the_table_layout_is_read_field_for_field(name, make):
    result = read_document(name, make())
    assert result.meeting_date.isoformat() == "2022-09-30"
    assert result.layout == "table"
    assert_same(result.records, COUNCIL)
    assert result.records[1].written_answer_on.isoformat() == "2022-10-13"
    assert result.records[-1].section == "member"


def test_seed_002_as_a_pdf_keeps_every_word_in_order():
    result = read_document("appendix.pdf", fx.pdf_of(fx.council_html(COUNCIL)))
    assert result.reader == "PDF"
    assert result.meeting_date.isoformat() == "2022-09-30"
    assert_same(result.records, COUNCIL, joined=True)
    # The running header and the page numbers never reach an answer.
    for record in result.records:
        assert "Herefordshire Council\n" not in record.response
        assert not any(line.strip().isdigit() for line in record.response.split("\n"))


@pytest.mark.parametrize(
    ("name", "make", "joined"),
    [
        ("minutes.docx", lambda: fx.scrutiny_docx(SCRUTINY), False),
        ("minutes.html", lambda: fx.scrutiny_html(SCRUTINY).encode("utf-8"), False),
        ("minutes.pdf", lambda: fx.pdf_of(fx.scrutiny_html(SCRUTINY)), True),
    ],
)
def test_seed_004_in_the_reported_layout_is_read_as_supplementary_questions(name, make, joined):
    result = read_document(name, make())
    assert result.meeting_date.isoformat() == "2022-12-13"
    assert_same(result.records, SCRUTINY, joined=joined)
    first = result.records[0]
    assert first.is_supplementary_only
    assert first.actions[0].startswith("The Committee to request, look at and report the range")
    assert result.records[-1].noted_comments[0].startswith("**COMMENT FROM PARENT CARER VOICE")


def test_a_flattened_table_with_a_split_header_and_page_numbers_is_still_read():
    data = fx.council_docx(COUNCIL, flattened=True, split_header=True, page_numbers=True)
    result = read_document("flattened.docx", data)
    assert_same(result.records, COUNCIL)


def test_bullets_other_numbering_and_mixed_quotes():
    tokens = [
        layout.Line("Questions from members of the public"),
        layout.Line("SPQ 1 – Mr Jones, Leominster"),
        layout.Line("Question to: Cabinet Member for Resources"),
        layout.Line('Question: Will the council publish ‘the list’ of "closed" centres?'),
        layout.Line("Response (Councillor A B, Cabinet Member for Resources): Yes. It will list:"),
        layout.Line("• Leominster"),
        layout.Line("● Ross-on-Wye"),
        layout.Line("11.2"),
        layout.Line("Ms Green, Ledbury"),
        layout.Line("What is the plan?"),
        layout.Line("Leader of the Council"),
        layout.Line("Answer: A plan."),
        layout.Line("b)"),
        layout.Line("Questioner: Mr Brown, Kington"),
        layout.Line("Supplementary question: Only this?"),
        layout.Line("Supplementary response (Chair): Only this."),
    ]
    records = layout.parse(tokens).records
    assert [r.number_label for r in records] == ["SPQ 1", "11.2", "b)"]
    first, second, third = records
    assert first.questioner == "Mr Jones, Leominster"
    assert first.question == 'Will the council publish ‘the list’ of "closed" centres?'
    assert first.answered_by == "Councillor A B, Cabinet Member for Resources"
    assert first.response == "Yes. It will list:\n\n• Leominster\n\n• Ross-on-Wye"
    assert (second.questioner, second.question, second.question_to, second.response) == (
        "Ms Green, Ledbury",
        "What is the plan?",
        "Leader of the Council",
        "A plan.",
    )
    assert third.is_supplementary_only
    assert third.supplementary_answered_by == "Chair"
    assert "question" not in third.flags


def test_what_the_reader_cannot_find_is_flagged_never_invented():
    records = layout.parse([layout.Line("From: Maggie Steel"), layout.Line("Q: Is anyone looking?")]).records
    (record,) = records
    assert record.response == ""
    assert record.flags["response"] == "Not found in the document"
    assert record.flags["number_label"].startswith("No number in the document")


def test_contact_details_never_come_in_with_the_questioner():
    assert (
        without_contact_details(
            "Ms Currie, 12 High Street, Hereford HR4 0LE, hanna@example.com, 01432 261699"
        )
        == "Ms Currie, 12 High Street, Hereford"
    )
    (record,) = layout.parse(
        [
            layout.Line("From: Mr Barratt (david.barratt@example.org)"),
            layout.Line("Q: Why?"),
            layout.Line("Response: Because."),
        ]
    ).records
    assert record.questioner == "Mr Barratt"
    assert "Contact details were removed" in record.flags["questioner"]


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.docx", b"", "‘empty.docx’ is empty"),
        ("blank.html", b"  \n ", "‘blank.html’ is empty"),
        (
            "minutes.docx",
            b"%PDF-1.7\n%...",
            "‘minutes.docx’ is not a Word document (.docx): it may be damaged",
        ),
        ("minutes.pdf", b"PK\x03\x04 not a pdf", "‘minutes.pdf’ is not a PDF: it may be damaged"),
        ("page.html", b"%PDF-1.4 binary", "‘page.html’ is not a web page: it may be damaged"),
        ("notes.txt", b"hello", "‘notes.txt’ is not a kind of file the import reads"),
        (
            "locked.pdf",
            b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<</Encrypt 2 0 R>>\n%%EOF",
            "‘locked.pdf’ is password-protected",
        ),
        (
            "locked.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64,
            "‘locked.docx’ is password-protected",
        ),
        (
            "old.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "‘old.docx’ is an older Word format",
        ),
        ("big.html", b"<p>" + b"x" * (20 * 1024 * 1024) + b"</p>", "‘big.html’ must be smaller than 20 MB"),
        (
            "bomb.docx",
            _zip({"word/document.xml": b"<w/>", "word/media/a.bin": b"\x00" * (150 * 1024 * 1024)}),
            "‘bomb.docx’ expands to far more than a document would",
        ),
        ("broken.docx", _zip({"hello.txt": b"hi"}), "‘broken.docx’ is not a Word document (.docx)"),
        ("broken.pdf", b"%PDF-1.7\nthis is not really a pdf", "‘broken.pdf’ could not be opened as a PDF"),
        ("data.json", b'{"hello": 1}', "‘data.json’ is not a record of questions downloaded from the portal"),
        ("data.csv", b"a,b\n1,2\n", "‘data.csv’ is not a record of questions downloaded from the portal"),
    ],
)
def test_a_bad_file_gets_a_clear_reason(name, data, message):
    with pytest.raises(UnreadableDocument) as refused:
        read_document(name, data)
    assert str(refused.value).startswith(message)
    assert refused.value.field == "files"
