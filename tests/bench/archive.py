"""`make bench-archive`: `score-archive` on Dask against `score-file`, measured in the same run.

The archives are generated in a temporary folder (never kept) from the real BBC and Reuters
bodies, read through training/corpora, each under a headline varied from a seed: its own title,
the title hyped ("Shock as ...!", a question, "... and it changes everything"), another story's
title, or its own title without the body. Row i takes body i modulo the number of bodies, so a
body comes back only tens of thousands of rows later, far beyond the model's cache of recent
bodies: every row costs what a new article costs.

Every figure is an end-to-end run of the real command in a process of its own (reading,
starting the cluster, loading the model, scoring, writing), with the wall time measured here:
1. overhead: a 1,000-row file, `score-file` against `score-archive` on a local cluster of 2;
2. throughput: the same file of --rows articles through `score-file` (one process) and
   `score-archive` with 1 and with 2 local workers, interleaved, twice, the fastest kept, with the
   CPU time of each run (workers included), which contention from other work does not change;
3. the archive: --archive-rows articles in a plain JSONL file and a Parquet file, half each, with
   2 local workers, and the peak memory of each worker from the manifest;
4. the planner: how fast this process cuts a JSONL file into partitions (the part of the work
   that a bigger cluster does not share).
All of them score without explanations (`--no-explain` for `score-file`), the bulk use.
"""

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

from service.cli.score_archive import plan
from training.corpora import bbc, reuters
from training.corpora.common import resolve_data_dir

HYPEGAP = Path(sys.executable).parent / "hypegap"
SMALL_ROWS = 1_000
REPEATS = 2
TARGET_WORKER_RATIO = 1.7
TARGET_SCORE_FILE_RATIO = 1.6
TARGET_WORKER_MIB = 500
HYPE = (
    "Shock as {}!",
    "{}: and it changes everything",
    "Is this the end? {}",
    "{}, experts stunned",
    "Why {} should terrify you",
    "BREAKING: {} - you won't believe what happens next",
)


def bodies_and_titles(data_dir: Path) -> list[tuple[str, str]]:
    """(title, body) of every BBC and Reuters story with a body, in a seeded order."""
    stories = [(a.title, a.body) for a in [*bbc.load(data_dir), *reuters.load(data_dir)] if a.body]
    random.Random(7).shuffle(stories)
    return stories


def headline_for(rng: random.Random, title: str, other_title: str) -> tuple[str, bool]:
    """A headline for a story titled `title`, and whether it goes with the body."""
    roll = rng.random()
    if roll < 0.35:
        return title, True
    if roll < 0.7:
        return rng.choice(HYPE).format(title), True
    if roll < 0.85:
        return other_title, True
    return title, False


def rows(stories: list[tuple[str, str]], count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    made = []
    for i in range(count):
        title, body = stories[i % len(stories)]
        other_title = stories[rng.randrange(len(stories))][0]
        headline, with_body = headline_for(rng, title, other_title)
        made.append({"id": f"{seed}-{i}", "headline": headline, "body": body if with_body else ""})
    return made


def write_jsonl(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as file:
        file.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    return path


def write_parquet(path: Path, records: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(records), path, row_group_size=10_000)
    return path


@dataclass(frozen=True)
class Run:
    seconds: float
    """Wall time."""
    cpu_seconds: float
    """CPU time of the command and every process it started (workers included)."""
    load: float
    """The machine's 1-minute load average when it ended (2 cores: above 2, others compete)."""
    scoring_seconds: float = 0.0
    """The part the command reports as scoring: without starting, loading the model, exiting."""


def timed(argv: list) -> tuple[Run, str]:
    """One run of `hypegap argv` and what it said on stderr; fails loudly if the command does."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    done = subprocess.run(
        [str(HYPEGAP), *map(str, argv)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    seconds = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"bench-archive: hypegap {' '.join(map(str, argv[:2]))} failed:\n{done.stderr}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Run(seconds, cpu, os.getloadavg()[0]), done.stderr.decode()


def score_file(source: Path, model: Path, work: Path) -> Run:
    output = work / f"{source.stem}.scored.jsonl"
    run, said = timed(["score-file", source, "-o", output, "--model", model, "--no-explain"])
    reported = re.search(r" in ([0-9.]+) s", said)
    return replace(run, scoring_seconds=float(reported.group(1)))


def score_archive(sources: list[Path], model: Path, outdir: Path, workers: int) -> Run:
    shutil.rmtree(outdir, ignore_errors=True)
    argv = ["score-archive", *sources, "-o", outdir, "--model", model, "--workers", workers]
    run, _ = timed(argv)
    manifest = json.loads((outdir / "_manifest.json").read_text())
    return replace(run, scoring_seconds=manifest["scoring_seconds"])


def fastest(runs: list[Run]) -> Run:
    return min(runs, key=lambda run: run.seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", default=None, help="the corpora (default: ../shared/data)")
    parser.add_argument("--model", type=Path, default=Path("artifacts/current"))
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the throughput file")
    parser.add_argument("--archive-rows", type=int, default=200_000)
    args = parser.parse_args(argv)
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    stories = bodies_and_titles(resolve_data_dir(args.data_dir))
    print(f"{len(stories):,} BBC and Reuters bodies")
    with tempfile.TemporaryDirectory(prefix="hypegap-bench-archive-") as temporary:
        work = Path(temporary)
        small = write_jsonl(work / "small.jsonl", rows(stories, SMALL_ROWS, seed=1))
        medium = write_jsonl(work / "throughput.jsonl", rows(stories, args.rows, seed=2))
        half = args.archive_rows // 2
        archive = [
            write_jsonl(work / "archive-1.jsonl", rows(stories, half, seed=3)),
            write_parquet(work / "archive-2.parquet", rows(stories, args.archive_rows - half, 4)),
        ]
        archive_mib = sum(path.stat().st_size for path in archive) / 2**20
        print(f"generated in {work}: the archive is {archive_mib:,.0f} MiB")

        small_file = score_file(small, args.model, work)
        small_archive = score_archive([small], args.model, work / "small", workers=2)
        # Interleaved and repeated, the fastest of each kept: the machine is shared.
        throughput: dict[str, list[Run]] = {"file": [], "one": [], "two": []}
        for _ in range(REPEATS):
            throughput["file"].append(score_file(medium, args.model, work))
            throughput["one"].append(score_archive([medium], args.model, work / "one", 1))
            throughput["two"].append(score_archive([medium], args.model, work / "two", 2))
        one_file, one_worker, two_workers = (fastest(runs) for runs in throughput.values())
        started = time.monotonic()
        partitions = plan(str(archive[0]), 10_000)
        plan_seconds = time.monotonic() - started
        jsonl_mib = archive[0].stat().st_size / 2**20
        big = score_archive(archive, args.model, work / "archive", workers=2)
        manifest = json.loads((work / "archive" / "_manifest.json").read_text())

    print()
    print(
        f"| run ({args.rows:,} articles, end to end, fastest of {REPEATS}) | seconds | "
        "articles/s | CPU s | articles per CPU s | load after | scoring s | articles/s scoring |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, run in (
        ("`score-file --no-explain`", one_file),
        ("`score-archive --workers 1`", one_worker),
        ("`score-archive --workers 2`", two_workers),
    ):
        print(
            f"| {name} | {run.seconds:.1f} | {args.rows / run.seconds:,.0f} | "
            f"{run.cpu_seconds:.1f} | {args.rows / run.cpu_seconds:,.0f} | {run.load:.1f} | "
            f"{run.scoring_seconds:.1f} | {args.rows / run.scoring_seconds:,.0f} |"
        )
    worker_ratio = one_worker.seconds / two_workers.seconds
    file_ratio = one_file.seconds / two_workers.seconds
    print(f"2 workers / 1 worker: {worker_ratio:.2f}x (target >= {TARGET_WORKER_RATIO}x)")
    print(f"2 workers / score-file: {file_ratio:.2f}x (target >= {TARGET_SCORE_FILE_RATIO}x)")
    print(f"1 worker / score-file: {one_file.seconds / one_worker.seconds:.2f}x")
    print(
        "scoring only (what each command reports, without starting and loading the model): "
        f"2 workers / 1 worker {one_worker.scoring_seconds / two_workers.scoring_seconds:.2f}x, "
        f"2 workers / score-file {one_file.scoring_seconds / two_workers.scoring_seconds:.2f}x"
    )
    print()
    peaks = [worker["peak_memory_mib"] for worker in manifest["workers"].values()]
    print(
        f"archive of {manifest['scored']:,} articles ({archive_mib:,.0f} MiB, JSONL + Parquet), "
        f"2 workers: {big.seconds:.1f} s end to end, {manifest['scored'] / big.seconds:,.0f} "
        f"articles/s ({big.cpu_seconds:.0f} CPU s, load after {big.load:.1f}; scoring "
        f"{big.scoring_seconds:.1f} s, {manifest['scored'] / big.scoring_seconds:,.0f}/s); "
        f"peak memory per worker {', '.join(f'{mib:,.0f}' for mib in peaks)} MiB "
        f"(target <= {TARGET_WORKER_MIB})"
    )
    print(
        f"overhead on {SMALL_ROWS:,} rows: score-file {small_file.seconds:.1f} s, score-archive "
        f"(2 workers) {small_archive.seconds:.1f} s: "
        f"+{small_archive.seconds - small_file.seconds:.1f} s"
    )
    print(
        f"planner: cut {half:,} JSONL rows ({jsonl_mib:,.0f} MiB) into {len(partitions)} "
        f"partitions in {plan_seconds:.2f} s ({half / plan_seconds:,.0f} rows/s, "
        f"{jsonl_mib / plan_seconds:,.0f} MiB/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
