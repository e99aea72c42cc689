"""The bench's own arithmetic: which process of a server did the work."""

import os
from types import SimpleNamespace

from tests.bench.run import (
    InProcess,
    Measurement,
    cpu_seconds,
    cpu_split,
    one_worker_did_it,
    report,
)


def test_the_cpu_split_gives_each_busy_process_its_share_busiest_first():
    before = {1: 10.0, 2: 5.0, 3: 1.0}
    after = {1: 10.5, 2: 6.5, 3: 1.01, 4: 0.0}  # 4 started meanwhile and did nothing
    assert cpu_split(before, after) == (75, 25)
    assert cpu_split(before, before) == ()


def test_cpu_seconds_reads_the_processes_of_a_group():
    seconds = cpu_seconds(os.getpgrp())
    assert os.getpid() in seconds and seconds[os.getpid()] > 0


def test_a_run_that_one_of_several_workers_did_is_told_apart():
    assert one_worker_did_it((100,), workers=2)
    assert one_worker_did_it((93, 7), workers=2)
    assert not one_worker_did_it((51, 49), workers=2)
    assert not one_worker_did_it((100,), workers=1)
    assert not one_worker_did_it((), workers=2)


def test_the_report_flags_a_batch_run_that_one_worker_did(capsys):
    def batch(app, split):
        return Measurement(app, "/v1/score/batch", 2, 20.0, 64, 80.0, 90.0, 0, split)

    local = InProcess(1.5, 2.3, [("Scorer.score_batch, 1,000 at once", 800.0)])
    args = SimpleNamespace(seconds=5, workers=2)
    report([batch("bare", (100,)), batch("service", (100,))], local, args, stories_count=229)
    flagged = capsys.readouterr().out
    assert "1,280 articles/s (1.00 of bare), 1 worker" in flagged
    assert "all reached one worker (CPU 100 %)" in flagged
    report([batch("bare", (100,)), batch("service", (50, 50))], local, args, stories_count=229)
    assert "one worker" not in capsys.readouterr().out
