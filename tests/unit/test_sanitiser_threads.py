"""The allow-list gives the same answer whichever thread asks: gunicorn runs several
threads per worker, and a published answer must never come out empty or half-cleaned
because another clerk was saving at the same moment."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from portal.domain.sanitise import clean_html, plain_text, render_markdown
from tests import seed_text
from tests.unit.test_sanitiser import PAYLOADS

THREADS = 16
ROUNDS = 6


def seed_answers() -> list[str]:
    """Every question and answer in the seeds, as the Markdown an officer would type."""
    answers: list[str] = []
    for name in dir(seed_text):
        value = getattr(seed_text, name)
        if not name.isupper():
            continue
        if isinstance(value, str):
            answers.append(value)
        elif value and isinstance(value[0], str):
            answers.append("\n\n".join(value))
        elif value and isinstance(value[0], list):
            rows = [" | ".join(row) for row in value]
            answers.append("\n".join([rows[0], " | ".join("---" for _ in value[0]), *rows[1:]]))
        elif value and isinstance(value[0], dict):
            for entry in value:
                answers.append(entry["q"])
                answers.append("\n\n".join(entry["response"] + entry.get("comment", [])))
    return answers


def mixed_inputs() -> list[tuple[str, str]]:
    """(operation, text) pairs: Markdown from the seeds, hostile HTML, Markdown output fed
    back through the cleaner, and the plain-text view of both."""
    answers = seed_answers()
    rendered = [render_markdown(text) for text in answers]
    work: list[tuple[str, str]] = []
    work += [("markdown", text) for text in answers]
    work += [("clean", payload) for payload in PAYLOADS]
    work += [("markdown", payload) for payload in PAYLOADS]
    work += [("clean", html) for html in rendered]
    work += [("plain", html) for html in rendered]
    # Answers with hostile HTML pasted into the middle, as a careless paste from the web would.
    for index, payload in enumerate(PAYLOADS):
        answer = answers[index % len(answers)]
        middle = len(answer) // 2
        work.append(("markdown", answer[:middle] + "\n\n" + payload + "\n\n" + answer[middle:]))
    return work


OPERATIONS = {"markdown": render_markdown, "clean": clean_html, "plain": plain_text}


def run(operation: str, text: str) -> str:
    try:
        return OPERATIONS[operation](text)
    except Exception as error:
        return f"raised {type(error).__name__}: {error}"


def test_the_seeds_give_enough_answers_to_mix():
    assert len(seed_answers()) >= 30
    assert len(mixed_inputs()) * ROUNDS >= 3000


def test_every_thread_gets_what_one_thread_gets():
    work = mixed_inputs()
    expected = [run(operation, text) for operation, text in work]
    assert not any(result.startswith("raised ") for result in expected)

    jobs = [(index, *work[index]) for _ in range(ROUNDS) for index in range(len(work))]
    # Interleave so that neighbouring threads clean different kinds of text at once.
    jobs = jobs[::2] + jobs[1::2]
    start = threading.Barrier(THREADS)

    def worker(share: list[tuple[int, str, str]]) -> list[tuple[int, str]]:
        start.wait()
        return [(index, run(operation, text)) for index, operation, text in share]

    shares = [jobs[number::THREADS] for number in range(THREADS)]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = [item for share in pool.map(worker, shares) for item in share]

    wrong = [(index, got) for index, got in results if got != expected[index]]
    assert len(results) == len(jobs)
    assert not wrong, (
        f"{len(wrong)} of {len(results)} results differ from the single-threaded ones; first: "
        f"input {work[wrong[0][0]]!r:.200} gave {wrong[0][1]!r:.200}, expected {expected[wrong[0][0]]!r:.200}"
    )


def _run_share(share: list[tuple[str, str]]) -> list[str]:
    return [run(operation, text) for operation, text in share]


def test_forked_workers_get_what_the_parent_gets():
    """gunicorn forks its workers after the app is loaded, cleaner and all."""
    import multiprocessing

    work = mixed_inputs()
    expected = [run(operation, text) for operation, text in work]  # the parent's cleaner is now in use
    shares = [work[number::4] for number in range(4)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.map(_run_share, shares)
    for number, got in enumerate(results):
        assert got == expected[number::4]
