"""Memory of the real server: a worker's RSS is bounded in bytes, whatever bodies it sees."""

import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.conftest import load_stories

BODY_CHARS = 150_000
BOUND_BYTES = 300 * 1000 * 1000
NEW_CONNECTION = {"Connection": "close"}  # so that requests spread over the workers
BATCH = 10
# Several requests in one worker at once, always: how many overlap there otherwise depends on
# the machine's load, and a worker's peak, which its RSS keeps, with it.
CLIENTS = 4


def distinct_body(serial: int, stories: list[dict]) -> str:
    """About 150 KB of fixture stories in an order of its own, with its own serial."""
    rng = random.Random(serial)
    parts, size = [f"Reference {serial}."], 0
    while size < BODY_CHARS:
        parts.append(rng.choice(stories)["body"])
        size += len(parts[-1]) + 1
    return " ".join(parts)


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for {pid}")


LETTERS = bytes(ord("a") + byte % 26 for byte in range(256))
LONG_WORD_CHARS = 10_000


def long_words_body(serial: int, stories: list[dict]) -> str:
    """About 150 KB of random letters in words of 10,000: every word new, as in no real text.

    A cache keyed by words is bounded in bytes only if it leaves such words out: holding each
    one's n-grams, it once grew by 0.6 MB per body.
    """
    letters = random.Random(serial).randbytes(BODY_CHARS).translate(LETTERS).decode()
    return " ".join(
        letters[start : start + LONG_WORD_CHARS] for start in range(0, BODY_CHARS, LONG_WORD_CHARS)
    )


@pytest.mark.parametrize(
    ("body_of", "bodies"),
    [(distinct_body, 2_000), (long_words_body, 1_000)],
    ids=["stories", "long-words"],
)
def test_rss_per_worker_stays_under_300_mb_and_flat_after_distinct_150_kb_bodies(
    start, artifacts_dir, body_of, bodies
):
    service = start(model_dir=artifacts_dir / "current", workers=2, access_log="false")
    service.wait_ready()
    stories = load_stories()

    def score(first: int) -> int:
        items = [
            {"headline": "Council approves budget", "body": body_of(serial, stories)}
            for serial in range(first, first + BATCH)
        ]
        # Without explanations, to keep the test short: the bodies are read all the same.
        response = httpx.post(
            f"{service.url}/v1/score/batch?explain=false",
            json={"items": items},
            headers=NEW_CONNECTION,
            timeout=120,
        )
        return response.status_code

    def send(serials: range) -> None:
        with ThreadPoolExecutor(CLIENTS) as pool:
            assert set(pool.map(score, serials[::BATCH])) == {200}

    def rss_of_workers() -> dict[int, int]:
        found = httpx.get(f"{service.url}/v1/model", timeout=10).json()["workers"]
        return {w["pid"]: rss_bytes(w["pid"]) for w in found}

    send(range(bodies // 2))
    halfway = rss_of_workers()
    send(range(bodies // 2, bodies))
    end = rss_of_workers()
    assert end.keys() == halfway.keys()  # no worker was replaced meanwhile
    figures = {pid: (halfway[pid] // 10**6, end[pid] // 10**6) for pid in end}
    for pid in end:
        assert end[pid] <= BOUND_BYTES, f"MB halfway and at the end: {figures}"
        assert end[pid] <= halfway[pid] * 1.1, f"still growing, MB: {figures}"
