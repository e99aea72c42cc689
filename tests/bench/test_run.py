"""The bench's own arithmetic: which process of a server did the work."""

import os

from tests.bench.run import cpu_seconds, cpu_split


def test_the_cpu_split_gives_each_busy_process_its_share_busiest_first():
    before = {1: 10.0, 2: 5.0, 3: 1.0}
    after = {1: 10.5, 2: 6.5, 3: 1.01, 4: 0.0}  # 4 started meanwhile and did nothing
    assert cpu_split(before, after) == (75, 25)
    assert cpu_split(before, before) == ()


def test_cpu_seconds_reads_the_processes_of_a_group():
    seconds = cpu_seconds(os.getpgrp())
    assert os.getpid() in seconds and seconds[os.getpid()] > 0
