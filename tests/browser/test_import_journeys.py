"""A clerk imports seed 004's record of supplementary questions as a PDF, by the pages'
labels: upload, check, correct a field, drop a record, file; the public then find it.
Every page is checked with axe and photographed at 1280 and 320 pixels wide."""

from __future__ import annotations

import itertools
from pathlib import Path

from playwright.sync_api import Page, expect

from tests import import_fixtures as fx
from tests.browser.test_sign_in_journeys import shoot

_runs = itertools.count(1)


def _clerk_and_minutes(data, tmp_path: Path, mailbox: str, slug: str, tag: str) -> tuple[str, Path]:
    """A clerk, the scrutiny committee, and seed 004's minutes as a PDF to upload: the
    first questioner's name carries the run's number, so each run's file is new to the
    archive."""
    run = next(_runs)
    with data() as f:
        clerk = f.make_user(roles={"clerk"}, email=f"{mailbox}.{run}@example.gov.uk")
        f.make_committee("Children and Young People Scrutiny Committee", slug=f"{slug}-{run}")
        email = clerk.email
    minutes = tmp_path / "minutes-13-december-2022.pdf"
    records = fx.scrutiny_004_records()
    records[0].questioner = f"Hanna Currie {tag}{run}"
    minutes.write_bytes(fx.pdf_of(fx.scrutiny_html(records)))
    return email, minutes


def test_a_clerk_imports_old_minutes_and_the_public_find_them(
    page: Page, live_server: str, data, axe, sign_in, tmp_path
):
    email, minutes = _clerk_and_minutes(data, tmp_path, "import.clerk", "cyp-import", "")

    sign_in(page, email)
    page.goto(f"{live_server}/staff/import/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Import the council's published questions and answers"
    )
    axe(page)
    shoot(page, "import-upload")
    page.get_by_label("Documents", exact=True).set_input_files(str(minutes))
    page.get_by_label("Committee").select_option(label="Children and Young People Scrutiny Committee")
    page.get_by_role("button", name="Read the documents").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the records read from minutes-13-december-2022.pdf"
    )
    expect(page.locator(".govuk-notification-banner")).to_contain_text("7 records found")
    expect(page.locator("section.app-import-record")).to_have_count(7)
    axe(page)
    shoot(page, "import-review")

    # Correct the first record's questioner, as the clerk would after checking the source.
    page.get_by_role("link", name="Correct Record 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Correct the record")
    axe(page)
    shoot(page, "import-record")
    page.get_by_label("Questioner").fill("Hanna Currie")
    page.get_by_role("button", name="Save the record").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("The record saved")
    expect(page.locator("section.app-import-record").first.locator("[data-field=questioner]")).to_have_text(
        "Hanna Currie"
    )

    # Drop the sixth record, then file the rest.
    page.get_by_role("button", name="Drop Record 6").click()
    expect(page.locator(".app-import-record--dropped")).to_have_count(1)
    page.get_by_label("I have checked every record against the document it came from").check()
    page.get_by_role("button", name="File the records").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "6 records filed for the meeting of 13 December 2022"
    )
    axe(page)

    page.get_by_role("link", name="The meeting of Tuesday 13 December 2022").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Imported from the council's published minutes of 13 December 2022"
    )
    expect(page.get_by_role("heading", name="Hanna Currie", exact=True)).to_be_visible()
    axe(page)
    shoot(page, "import-public-record")

    page.goto(f"{live_server}/search?q=foster+carers+consulted")
    expect(page.locator(".app-results__item").first).to_contain_text(
        "Imported from the council's published minutes"
    )
    axe(page)


def test_a_correction_refused_because_another_clerk_discarded_the_document_keeps_the_text(
    page: Page, live_server: str, data, axe, sign_in, tmp_path
):
    email, minutes = _clerk_and_minutes(data, tmp_path, "import.refused", "cyp-refused", "refused ")

    sign_in(page, email)
    page.goto(f"{live_server}/staff/import/")
    page.get_by_label("Documents", exact=True).set_input_files(str(minutes))
    page.get_by_label("Committee").select_option(label="Children and Young People Scrutiny Committee")
    page.get_by_role("button", name="Read the documents").click()
    review = page.url
    page.get_by_role("link", name="Correct Record 1").click()
    page.get_by_label("Questioner").fill("Hanna Currie, Kingsmere Parents' Forum")

    # Meanwhile, in another tab, the document is discarded.
    other = page.context.new_page()
    other.goto(review)
    other.on("dialog", lambda dialog: dialog.accept())
    other.get_by_role("button", name="Discard the document").click()
    expect(other.locator(".govuk-notification-banner").first).to_contain_text("discarded")
    other.close()

    page.get_by_role("button", name="Save the record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "‘minutes-13-december-2022.pdf’ has already been discarded"
    )
    expect(page.get_by_label("Questioner")).to_have_value("Hanna Currie, Kingsmere Parents' Forum")
    axe(page)
    shoot(page, "import-record-refused")
