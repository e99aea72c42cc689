"""Nothing acknowledged is lost: verdicts through two workers, a kill -9 mid-stream, a restart.

16 clients send 100 verdicts each, every one with its own Idempotency-Key. Once a third of
them have been acknowledged the whole service is killed (SIGKILL: no shutdown code runs).
After a restart every verdict that got a 201 must be stored, exactly once; then each client
resends what it had no answer for, with the same keys, as a real client would, and every
verdict is stored exactly once: none lost, none doubled by the retries.
"""

import os
import signal
import threading
from collections import Counter

import httpx

from tests.service.conftest import Service

CLIENTS = 16
VERDICTS_PER_CLIENT = 100
KILL_AFTER = CLIENTS * VERDICTS_PER_CLIENT // 3
LEVELS = ("faithful", "stretched", "overstated")


def verdict(client: int, n: int) -> dict:
    return {
        "headline": f"Council approves cycle lane number {n}",
        "body": f"The council voted on Monday to approve cycle lane {n}. " * 3,
        "verdict": LEVELS[(client + n) % 3],
        "article_id": f"story-{n}",
        "editor": f"desk-{client}",
    }


def send(url: str, client: int, numbers, acknowledged: dict, lock: threading.Lock) -> None:
    """Send verdicts in order until one gets no answer (the service is gone)."""
    with httpx.Client(base_url=url, timeout=30) as http:
        for n in numbers:
            try:
                answer = http.post(
                    "/v1/feedback",
                    json=verdict(client, n),
                    headers={"Idempotency-Key": f"client-{client}-verdict-{n}"},
                )
            except httpx.HTTPError:
                return
            assert answer.status_code == 201, answer.text
            with lock:
                acknowledged[(client, n)] = answer.json()["id"]


def stored(url: str) -> list[dict]:
    items, cursor = [], None
    with httpx.Client(base_url=url, timeout=30) as http:
        while True:
            params = {"limit": 1000, **({"cursor": cursor} if cursor else {})}
            page = http.get("/v1/feedback", params=params).json()
            items += page["items"]
            if not (cursor := page["next_cursor"]):
                return items


def send_all(url: str, pending: dict[int, list[int]], acknowledged: dict, lock) -> list:
    threads = [
        threading.Thread(target=send, args=(url, client, numbers, acknowledged, lock))
        for client, numbers in pending.items()
    ]
    for thread in threads:
        thread.start()
    return threads


def test_every_acknowledged_verdict_survives_a_kill_9_exactly_once(
    tmp_path, tiny_artifact, database_url
):
    settings = {"model_dir": tiny_artifact, "workers": 2, "database_url": database_url}
    service = Service(tmp_path, access_log="false", **settings)
    try:
        service.wait_ready()
        acknowledged: dict[tuple[int, int], str] = {}
        lock = threading.Lock()
        everything = {client: list(range(VERDICTS_PER_CLIENT)) for client in range(CLIENTS)}
        threads = send_all(service.url, everything, acknowledged, lock)
        while len(acknowledged) < KILL_AFTER and any(t.is_alive() for t in threads):
            threading.Event().wait(0.01)
        os.killpg(service.process.pid, signal.SIGKILL)
        service.process.wait(timeout=30)
        for thread in threads:
            thread.join(timeout=60)
    finally:
        if service.process.poll() is None:
            os.killpg(service.process.pid, signal.SIGKILL)
    acknowledged_before_kill = dict(acknowledged)
    assert KILL_AFTER <= len(acknowledged_before_kill) < CLIENTS * VERDICTS_PER_CLIENT

    restarted = Service(tmp_path, access_log="false", **settings)
    try:
        restarted.wait_ready()
        after_restart = stored(restarted.url)
        ids = Counter(item["id"] for item in after_restart)
        assert all(ids[i] == 1 for i in acknowledged_before_kill.values())
        assert max(Counter((i["editor"], i["article_id"]) for i in after_restart).values()) == 1

        unanswered = {
            client: [n for n in numbers if (client, n) not in acknowledged_before_kill]
            for client, numbers in everything.items()
        }
        for thread in send_all(restarted.url, unanswered, acknowledged, lock):
            thread.join(timeout=120)
        final = stored(restarted.url)
    finally:
        restarted.stop()

    assert len(acknowledged) == CLIENTS * VERDICTS_PER_CLIENT
    assert len(final) == CLIENTS * VERDICTS_PER_CLIENT
    assert sorted(item["id"] for item in final) == sorted(acknowledged.values())
    for key, verdict_id in acknowledged_before_kill.items():
        assert acknowledged[key] == verdict_id
