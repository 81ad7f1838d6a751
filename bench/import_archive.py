"""How long importing ten years of one committee's appendices takes, and how accurately
each reader reads them.

    python -m bench.import_archive [--documents 200] [--pdf-share 4]

Generates the documents first (not timed): ten years of meetings, each an appendix in
the table layout (seed 002's words) or the reported layout (seed 004's), as Word, web
pages and PDFs (every `--pdf-share`th document), with the mess real papers have
(flattened tables, a split "Question Number" header, page numbers inside answers, other
numbering schemes), each with its own date and questioners. Then times
`archive import --file-certain` over the folder, in a throwaway SQLite database with the
search structures, and prints per-format accuracy: records found against records
published, and fields read exactly (whitespace aside) against fields published.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from portal.domain.importing.readers import read_document
from portal.domain.importing.records import ImportedRecord
from tests import import_fixtures as fx

KINDS = (
    "docx table",
    "docx reported",
    "html table",
    "docx flattened",
    "html reported",
    "docx table, other numbering",
)


def _variant(records: list[ImportedRecord], index: int, numbering: bool) -> list[ImportedRecord]:
    out = copy.deepcopy(records)
    for position, record in enumerate(out, start=1):
        record.questioner = f"{record.questioner.split(' (')[0]} {index}" + (
            f" ({record.questioner.split(' (')[1]}" if " (" in record.questioner else ""
        )
        if numbering and record.number_label:
            record.number_label = f"11.{position}"
    return out


def generate(folder: Path, count: int, pdf_share: int) -> dict[Path, tuple[str, list[ImportedRecord]]]:
    """The documents, and for each: its kind and the records it publishes."""
    council, scrutiny = fx.council_002_records(), fx.scrutiny_004_records()
    start = dt.date(2013, 1, 15)
    made: dict[Path, tuple[str, list[ImportedRecord]]] = {}
    for index in range(count):
        day = start + dt.timedelta(days=index * 18)
        date_text = f"{day:%A} {day.day} {day:%B %Y}"
        council_title = fx.COUNCIL_TITLE.replace("Friday 30 September 2022", date_text)
        scrutiny_title = fx.SCRUTINY_TITLE.replace("13 DECEMBER 2022", f"{day.day} {day:%B %Y}".upper())
        if pdf_share and index % pdf_share == pdf_share - 1:
            reported = (index // pdf_share) % 2 == 0
            records = _variant(scrutiny if reported else council, index, numbering=False)
            page = (
                fx.scrutiny_html(records, title=scrutiny_title)
                if reported
                else fx.council_html(records, title=council_title)
            )
            kind, data = ("pdf reported" if reported else "pdf table"), fx.pdf_of(page)
        else:
            kind = KINDS[index % len(KINDS)]
            reported = "reported" in kind
            records = _variant(scrutiny if reported else council, index, numbering="other" in kind)
            if kind == "docx reported":
                data = fx.scrutiny_docx(records, title=scrutiny_title, bullets="• ")
            elif kind == "html reported":
                data = fx.scrutiny_html(records, title=scrutiny_title).encode("utf-8")
            elif kind == "html table":
                data = fx.council_html(records, title=council_title).encode("utf-8")
            else:
                flattened = kind == "docx flattened"
                data = fx.council_docx(
                    records,
                    title=council_title,
                    flattened=flattened,
                    split_header=flattened,
                    page_numbers=True,
                )
        suffix = kind.split()[0]
        path = folder / f"{day:%Y-%m-%d}-appendix.{suffix}"
        path.write_bytes(data)
        made[path] = (kind, records)
    return made


def accuracy(made: dict[Path, tuple[str, list[ImportedRecord]]]) -> dict[str, list[int]]:
    """kind -> [documents, records found, records published, fields exact, fields published]."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for path, (kind, expected) in made.items():
        found = read_document(path.name, path.read_bytes()).records
        row = table[kind]
        row[0] += 1
        row[1] += len(found)
        row[2] += len(expected)
        for got, want in zip(found, expected, strict=False):
            a, b = fx.fields_of(got, joined=True), fx.fields_of(want, joined=True)
            row[3] += sum(1 for name in b if a[name] == b[name])
        row[4] += len(expected) * len(fx.FIELDS)
    return table


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time importing ten years of appendices.")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--pdf-share", type=int, default=4, help="every Nth document is a PDF (0: none)")
    args = parser.parse_args(argv)

    from portal import create_app
    from portal.domain.archive.search import create_search_structures
    from portal.domain.importing import bulk
    from portal.extensions import db
    from portal.models import ArchiveEntry
    from tests import factories

    folder = Path(tempfile.mkdtemp(prefix="portal-bench-import-"))
    documents = folder / "documents"
    documents.mkdir()
    print(f"Generating {args.documents} documents in {documents} ...", flush=True)
    made = generate(documents, args.documents, args.pdf_share)

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SEARCH_INDEX_DIR": str(folder / "idx"),
        },
        env="test",
    )
    with app.app_context():
        db.create_all()
        create_search_structures(db.engine)
        committee = factories.make_committee("Council", slug="council")
        db.session.commit()
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        report = bulk.import_paths([documents], committee, file_certain=True, workers=os.cpu_count() or 1)
        elapsed = time.perf_counter() - started
        load_after = os.getloadavg()[0]
        entries = db.session.query(ArchiveEntry).count()

    print(
        f"\nImported {report.documents} documents ({report.records:,} records, "
        f"{report.needing_review} needing review; {report.filed_documents} filed at once, "
        f"{report.waiting} left for review, "
        f"{len(report.refused)} refused) in {elapsed:.1f} s; {entries:,} archive entries. "
        f"Load average {load_before:.2f} before, {load_after:.2f} after, on {os.cpu_count()} cores."
    )
    print("\nReader accuracy on the generated documents (fields compared with whitespace collapsed):\n")
    print(f"{'format':<30} {'documents':>9} {'records found':>15} {'fields exact':>18}")
    totals = [0, 0, 0, 0, 0]
    for kind, row in sorted(accuracy(made).items()):
        totals = [t + r for t, r in zip(totals, row, strict=True)]
        print(f"{kind:<30} {row[0]:>9} {row[1]:>7}/{row[2]:<7} {row[3]:>8}/{row[4]:<9}")
    print(f"{'all':<30} {totals[0]:>9} {totals[1]:>7}/{totals[2]:<7} {totals[3]:>8}/{totals[4]:<9}")


if __name__ == "__main__":
    main()
