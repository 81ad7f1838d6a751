"""The record's own words with a name or a date in them, in the view's language: the name
stays English and is marked so; words the model has no Welsh for are the English, marked."""

from __future__ import annotations

from portal.domain.record.documents import bilingual

WELSH_VIEW = {
    "view_lang": "cy",
    "labels": {
        "Owner: %(owner)s": "Yn gyfrifol: %(owner)s",
        "Written response sent on %(date)s:": "Ymateb ysgrifenedig a anfonwyd ar %(date)s:",
        "Response (%(answered_by)s):": "Ymateb (%(answered_by)s):",
        "Page %(page)s of %(pages)s": "Tudalen %(page)s o %(pages)s",
    },
}
ENGLISH_VIEW = {"view_lang": "en", "labels": {}}


def test_a_name_in_welsh_words_is_marked_english():
    pieces = bilingual.parts("Owner: %(owner)s", WELSH_VIEW, owner=("Director for Children", "en"))
    assert pieces == [("Yn gyfrifol: ", None), ("Director for Children", "en")]
    assert str(bilingual.parts_html(pieces)) == 'Yn gyfrifol: <span lang="en">Director for Children</span>'


def test_a_date_in_welsh_words_is_the_views_own():
    pieces = bilingual.parts("Written response sent on %(date)s:", WELSH_VIEW, date="20 Mawrth 2030")
    assert pieces == [("Ymateb ysgrifenedig a anfonwyd ar 20 Mawrth 2030:", None)]


def test_english_words_are_printed_as_they_always_were():
    pieces = bilingual.parts("Owner: %(owner)s", ENGLISH_VIEW, owner=("R&D <lead>", "en"))
    assert pieces == [("Owner: R&D <lead>", None)]
    assert str(bilingual.parts_html(pieces)) == "Owner: R&amp;D &lt;lead&gt;"


def test_words_without_welsh_in_the_model_are_the_english_marked_english():
    pieces = bilingual.parts("ACTION:", WELSH_VIEW)
    assert pieces == [("ACTION:", "en")]
    assert str(bilingual.translate_format("ACTION:", WELSH_VIEW)) == '<span lang="en">ACTION:</span>'


def test_an_answer_label_built_from_a_name_is_matched_to_its_welsh():
    item = dict(WELSH_VIEW)
    pieces = bilingual.answer_label(item, "Response (Cabinet member):", "Cabinet member", None)
    assert pieces == [("Ymateb (", None), ("Cabinet member", "en"), ("):", None)]
    # A version published before labels had fields keeps the Welsh it was published with.
    older = {"view_lang": "cy", "labels": {}}
    assert bilingual.answer_label(
        older, "Response (Cabinet member):", "Cabinet member", "Ymateb (Cabinet member):"
    ) == [("Ymateb (Cabinet member):", None)]


def test_the_pdf_page_margin_in_welsh_keeps_its_counters():
    english = bilingual.css_content(
        "Page %(page)s of %(pages)s", ENGLISH_VIEW, page="counter(page)", pages="counter(pages)"
    )
    assert str(english) == '"Page " counter(page) " of " counter(pages)'
    welsh = bilingual.css_content(
        "Page %(page)s of %(pages)s", WELSH_VIEW, page="counter(page)", pages="counter(pages)"
    )
    assert str(welsh) == '"Tudalen " counter(page) " o " counter(pages)'
