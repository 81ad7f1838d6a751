"""How long publishing a 50-question meeting takes, in every format.

    python -m bench.publish [--questions 50,300] [--runs 3] [--pdf-processes 1]

Builds a meeting of 40 public and 10 member questions (questions of about 110 words,
answers of about 170, every fifth with a list and a data table) in a throwaway SQLite
database, then times publishing, end to end as a clerk's click does it: building the
document model, moving the questions through the lifecycle, rendering HTML, PDF, Word,
CSV and JSON, storing the version and writing its files. The agenda supplement is timed
first from cold (a fresh PDF process) and then warm; then the minutes appendix, with a
supplementary question and answer for every question.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

QUESTION = (
    "Families in {town} have told me that it takes months for a social worker to be allocated after a "
    "referral, and that in the meantime nobody explains what will happen next. Some parents have been "
    "visited by three different workers in a year, and have had to tell their story again each time. "
    "How many children in {town} waited more than four weeks for a social worker last year, how many "
    "had more than two social workers, and what is the council doing to make sure that families know "
    "who their worker is and what to expect while they wait?"
)
ANSWER = (
    "Thank you for your question. Last year 214 children in {town} were referred to children's social "
    "care, and 37 of them waited more than four weeks to be allocated a social worker. We know that "
    "waiting is hard for families, and that telling your story again and again is harder still.\n\n"
    "Since April we have recruited 14 permanent social workers and reduced our use of agency staff from "
    "31% to 22%. Every family now gets a letter within five working days of a referral, naming the team "
    "manager responsible and explaining what happens next.\n\n"
    "We will publish these figures every quarter in the performance report to Cabinet."
)
TABLE = (
    "\n\nThe figures for each quarter are:\n\n"
    "- waiting times are measured from the day the referral is accepted\n"
    "- changes of worker include changes when a family moves between teams\n\n"
    "| Quarter | Children referred | Waited over 4 weeks | More than 2 workers |\n"
    "| --- | --- | --- | --- |\n"
    "| April to June | 58 | 12 | 9 |\n"
    "| July to September | 49 | 10 | 7 |\n"
    "| October to December | 55 | 8 | 6 |\n"
    "| January to March | 52 | 7 | 4 |"
)
TOWNS = ("Kingsmere", "Aldbury", "Westcote", "Hollin Cross", "Brayford")


def build_meeting(questions: int) -> tuple[Any, list[Any], Any]:
    from portal.domain.states import QuestionKind, QuestionStatus
    from portal.extensions import db
    from tests import factories

    drafter = factories.make_user(roles={"officer"})
    approver = factories.make_user(roles={"councillor"})
    clerk = factories.make_user(roles={"clerk"})
    post = factories.make_post("Cabinet member children and families", holders=[approver], drafters=[drafter])
    meeting = factories.make_meeting(
        factories.make_committee("Council", slug="council-bench", posts=[post]),
        starts_at=factories.london(2030, 3, 12, 14, 30),
    )
    members = max(1, questions // 5)
    made = []
    for index in range(questions):
        member = index >= questions - members
        town = TOWNS[index % len(TOWNS)]
        question = factories.make_question(
            meeting,
            status=QuestionStatus.ANSWER_APPROVED,
            kind=QuestionKind.MEMBER if member else QuestionKind.PUBLIC,
            post=post,
            number=index - (questions - members) + 1 if member else index + 1,
            town=town,
            text=QUESTION.format(town=town),
        )
        body = ANSWER.format(town=town) + (TABLE if index % 5 == 0 else "")
        factories.make_approved_answer(question, body, drafter=drafter, approver=approver)
        made.append(question)
    db.session.commit()
    return meeting, made, clerk


def seconds(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def record_the_meeting(meeting: Any, questions: list[Any], clerk: Any) -> None:
    from portal.domain.meetings import proceedings
    from portal.models import PutOutcome
    from tests.factories import london

    for question in questions:
        proceedings.save_outcome(
            question,
            by=clerk,
            changes={
                "put": PutOutcome.PUT_BY_QUESTIONER,
                "supplementary": "Will the council also publish the figures for each team?",
                "supplementary_answered_by": "Cabinet member children and families",
                "supplementary_answer": "Yes. The quarterly report will show each team's figures.",
            },
        )
    proceedings.record_meeting_times(
        meeting, by=clerk, started_at=london(2030, 3, 12, 14, 30), ended_at=london(2030, 3, 12, 17, 0)
    )


def pages(pdf: bytes) -> str:
    """The page count, from poppler's pdfinfo when it is installed."""
    try:
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True, text=False)
    except (OSError, subprocess.CalledProcessError):
        return "?"
    found = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    return found.group(1).decode() if found else "?"


def peak_rss_mb(pid: int | str = "self") -> float | None:
    """The most memory a process has had resident (VmHWM), in MB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return round(int(found.group(1)) / 1024, 1) if found else None


def descendants(pid: int | str = "self") -> list[str]:
    """Every process below this one, children first (the warm PDF processes are
    grandchildren, under multiprocessing's fork server)."""
    found: list[str] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found.append(child)
            found.extend(descendants(child))
    return found


def descendants_peak_rss_mb(pid: int | str = "self") -> dict[str, float]:
    """Peak resident memory of every process below this one."""
    peaks = {child: peak_rss_mb(child) for child in descendants(pid)}
    return {child: peak for child, peak in peaks.items() if peak is not None}


def descendants_cpu_seconds(pid: int | str = "self") -> float:
    """CPU time (user and system) used so far by every process below this one."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for child in descendants(pid):
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time publishing a meeting's record in every format.")
    parser.add_argument("--questions", default="50,300", help="meeting sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf-processes", type=int, default=2)
    parser.add_argument("--alone", action="store_true", help="one size, in this process")
    parser.add_argument("--label", default="", help="a name for this run's figures (with --alone)")
    args = parser.parse_args(argv)
    sizes = [int(n) for n in str(args.questions).split(",") if n.strip()]
    if not args.alone:
        # Each size in a fresh process, so each one's peak memory is its own; a size whose
        # PDF is laid out in parts (decision 0360) first laid out at once, as before, in
        # the same run, for the ratio.
        from portal.domain.record.documents.pdf import SPLIT_FROM

        compared = []
        for size in sizes:
            ways = [("at-once", {"PDF_PARTS_FROM": "0"}), ("", {})] if size > SPLIT_FROM else [("", {})]
            for label, env in ways:
                subprocess.run(
                    [
                        os.sys.executable,
                        "-m",
                        "bench.publish",
                        "--alone",
                        "--questions",
                        str(size),
                        "--runs",
                        str(args.runs),
                        "--pdf-processes",
                        str(args.pdf_processes),
                    ]
                    + (["--label", label] if label else []),
                    check=True,
                    env={**os.environ, **env},
                )
            if len(ways) > 1:
                compared.append(size)
        for size in compared:
            _compare(size)
        return
    args.questions = sizes[0]

    from portal import create_app
    from portal.domain.record import documents, jobs, publishing
    from portal.extensions import db
    from portal.models import DocumentKind
    from tests.factories import london

    started_load = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    settings = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
        "PUBLICATION_DIR": str(folder / "publications"),
        "PDF_RENDER_PROCESSES": args.pdf_processes,
    }
    app = create_app(settings, env="test")
    with app.app_context():
        db.create_all()
        meeting, questions, clerk = build_meeting(args.questions)

        def publish(step: Callable[[], Any]) -> tuple[float, Any]:
            return seconds(lambda: (step(), db.session.commit())[0])

        cold, supplement = publish(
            lambda: publishing.publish_supplement(meeting, by=clerk, now=london(2030, 3, 8, 9))
        )
        correction = lambda: publishing.publish_correction(meeting, by=clerk, change_note="Benchmark")  # noqa: E731
        warm = [publish(correction)[0] for _ in range(args.runs)]
        record_the_meeting(meeting, questions, clerk)
        db.session.commit()
        first_appendix, appendix = publish(
            lambda: publishing.publish_appendix(meeting, by=clerk, now=london(2030, 3, 13, 9))
        )
        appendix_runs = [first_appendix] + [publish(correction)[0] for _ in range(args.runs - 1)]
        # The same appendix as a clerk's job (decision 0330): the request that asks for it,
        # then the job to the end, as its runner does it (here, in this process).
        job_requests, job_runs, job_cpu = [], [], []
        for _ in range(args.runs):
            cpu_here, cpu_below = time.process_time(), descendants_cpu_seconds()
            asked, job = seconds(
                lambda: (
                    jobs.request_publication(
                        meeting, DocumentKind.MINUTES_APPENDIX, by=clerk, seen_version=None
                    ),
                    db.session.commit(),
                )[0]
            )
            ran, finished = seconds(lambda job=job: jobs.run(job.id))
            assert finished.status.value == "published", finished.problem
            job_requests.append(asked)
            job_runs.append(asked + ran)
            job_cpu.append((time.process_time() - cpu_here, descendants_cpu_seconds() - cpu_below))
        # Before the formats are rendered one at a time below, in this process.
        own_peak = peak_rss_mb()
        pdf_peaks = descendants_peak_rss_mb()
        by_format = {}
        for fmt in documents.FORMATS:
            cpu = time.process_time()
            wall, _ = seconds(lambda fmt=fmt: documents.render(supplement.model, fmt))
            by_format[fmt] = (wall, time.process_time() - cpu)
        supplement_pages = pages(supplement.file("pdf").content)
        appendix_pages = pages(appendix.file("pdf").content)

    extra = f"PDF in up to {args.pdf_processes} processes" if args.pdf_processes else "all in one process"
    how = "every PDF laid out at once" if args.label == "at-once" else "a long PDF in parts"
    print(f"Publishing a {args.questions}-question meeting in all five formats ({extra}, {how}):")
    print(
        f"  agenda supplement ({supplement_pages} PDF pages): {cold:.2f}s cold, "
        f"then median {statistics.median(warm):.2f}s warm (best {min(warm):.2f}s)"
    )
    print(
        f"  minutes appendix ({appendix_pages} PDF pages): median {statistics.median(appendix_runs):.2f}s "
        f"(best {min(appendix_runs):.2f}s)"
    )
    print(
        f"  minutes appendix as a job: median {statistics.median(job_runs):.2f}s from the clerk's "
        f"confirmation to published (best {min(job_runs):.2f}s); the confirmation's own request "
        f"median {statistics.median(job_requests) * 1000:.0f} ms; CPU per job: this process "
        f"{statistics.median(c[0] for c in job_cpu):.2f}s, the PDF process "
        f"{statistics.median(c[1] for c in job_cpu):.2f}s (run side by side on two cores)"
    )
    print(
        "  the supplement's formats one at a time, wall (CPU): "
        + ", ".join(f"{fmt} {wall:.2f}s ({cpu:.2f}s)" for fmt, (wall, cpu) in by_format.items())
    )
    pdf_peak = max(pdf_peaks.values()) if pdf_peaks else None
    print(
        f"  peak memory while publishing: this process {own_peak} MB (the data, the database and every"
        f" format but the PDF), the largest process below it (the PDF) {pdf_peak} MB"
    )
    load = os.getloadavg()[0]
    print(f"  load average {started_load:.1f} before, {load:.1f} after, on {os.cpu_count()} cores")
    from bench.__main__ import save

    save(
        f"publish-{args.questions}" + (f"-{args.label}" if args.label else ""),
        {
            "questions": args.questions,
            "runs": args.runs,
            "pdf_processes": args.pdf_processes,
            "supplement_pdf_pages": supplement_pages,
            "appendix_pdf_pages": appendix_pages,
            "supplement_cold_seconds": round(cold, 2),
            "supplement_warm_seconds": [round(w, 2) for w in warm],
            "appendix_seconds": [round(a, 2) for a in appendix_runs],
            "appendix_as_job_seconds": [round(a, 2) for a in job_runs],
            "job_request_seconds": [round(a, 3) for a in job_requests],
            "job_cpu_seconds_here_and_pdf_process": [[round(a, 2), round(b, 2)] for a, b in job_cpu],
            "formats_wall_cpu_seconds": {f: [round(w, 3), round(c, 3)] for f, (w, c) in by_format.items()},
            "peak_rss_mb": {"publishing_process": own_peak, "pdf_process": pdf_peak},
            "load_average_before": round(started_load, 2),
            "load_average_after": round(load, 2),
        },
    )


def _compare(size: int) -> None:
    """The same run's figures for a long record in parts, as ratios to laid out at once."""
    from bench.__main__ import RESULTS

    at_once = json.loads((RESULTS / f"publish-{size}-at-once.json").read_text())
    parts = json.loads((RESULTS / f"publish-{size}.json").read_text())

    def median(figures: dict, key: str) -> float:
        return statistics.median(figures[key])

    print(f"\n{size} questions, in parts against at once (same run):")
    for key, label in (
        ("supplement_warm_seconds", "agenda supplement"),
        ("appendix_seconds", "minutes appendix"),
        ("appendix_as_job_seconds", "minutes appendix as a job"),
    ):
        before, after = median(at_once, key), median(parts, key)
        print(f"  {label}: {after:.2f}s against {before:.2f}s ({after / before:.2f}×)")
    before, after = at_once["peak_rss_mb"]["pdf_process"], parts["peak_rss_mb"]["pdf_process"]
    print(f"  the largest PDF process: {after} MB against {before} MB")


if __name__ == "__main__":
    main()
