"""The CPU-time budget per request: work past it is stopped with a 503, and nothing else is."""

import threading
import time

import pytest

from service.budget import CpuBudget, OverBudget


def spin(seconds: float) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_work_past_the_budget_is_stopped_soon_after_it():
    budget = CpuBudget(0.1)
    started = time.thread_time()
    with pytest.raises(OverBudget, match="0.1 s of CPU time"):
        with budget.limit():
            spin(5)
    assert time.thread_time() - started < 1


def test_work_within_the_budget_is_left_alone_and_nothing_lands_later():
    budget = CpuBudget(0.2)
    for _ in range(20):
        with budget.limit():
            spin(0.01)
    spin(0.5)  # outside any limit: no late exception arrives here


def test_waiting_is_not_counted_only_cpu_time():
    budget = CpuBudget(0.1)
    with budget.limit():
        time.sleep(0.5)


def test_each_thread_has_its_own_budget():
    budget = CpuBudget(0.15)
    outcomes = {}

    def work(name, seconds):
        try:
            with budget.limit():
                spin(seconds)
            outcomes[name] = "done"
        except OverBudget:
            outcomes[name] = "stopped"

    threads = [
        threading.Thread(target=work, args=("long", 5)),
        threading.Thread(target=work, args=("short", 0.02)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcomes == {"long": "stopped", "short": "done"}


def test_a_request_over_its_budget_gets_a_503_and_the_service_goes_on(make_client, stories):
    client = make_client(request_cpu_seconds=0.01)
    body = " ".join(story["body"] for story in stories) * 20
    items = [{"headline": story["overstated"], "body": body} for story in stories] * 8
    response = client.post("/v1/score/batch", json={"items": items})
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert error["code"] == "over_budget" and "0.01 s of CPU time" in error["message"]
    assert client.post("/v1/score", json={"headline": "Council approves budget"}).status_code == 200
