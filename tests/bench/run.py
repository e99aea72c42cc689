"""`make bench`: how fast hypegap scores, against a bare FastAPI app measured in the same run.

HTTP: the bare app (`tests/bench/bare_app.py`: the service's request models, no model) and the
service (`python -m service`, as deployed: access log, metrics, request combining) run one
after the other under the same uvicorn configuration and number of workers, driven by the same
load generator (wrk, one thread) at the same concurrency: `/v1/score` at 1 and 16 connections,
`/v1/score/batch` with 64 stories per request from 2 connections. Every request carries real
BBC stories of 600 words made distinct by a serial, so no cache of whole bodies can answer.
In process: the `Scorer` one article at a time and 1,000 at once, with and without
explanations, and the full scikit-learn pipeline's `predict_proba` on the same kind of input.

Each HTTP row also gives how the server's CPU time was split among its processes: which worker
gets a keep-alive connection is chance (the kernel hashes it to one worker's socket, or the
workers race to accept it), and a batch run whose connections all reached one worker is flagged.

Every measurement is bounded in time, and traffic only goes to 127.0.0.1.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from model.scorer import Article, Scorer
from tests.bench.articles import distinct, stories
from training.corpora.common import DataError, resolve_data_dir

HOST = "127.0.0.1"
SERIAL = "@SERIAL@"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
BATCH_ITEMS = 64
BATCH_CLIENTS = 2
IN_PROCESS_BATCH = 1_000
# The targets ("Fast: a lean scoring path"), printed beside what this run measured.
TARGET_SINGLE_MS = 0.5
TARGET_BATCHED = 3_000
TARGET_SHARE = 0.5
TARGET_P99_RATIO = 2.0
TARGET_HTTP_BATCH = 2_500

WRK_SCRIPT = """
local bodies = {}
local counter = 0
local thread_id = 0
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("thread_id", next_thread)
end

function init(args)
  for line in io.lines(args[1]) do bodies[#bodies + 1] = line end
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  -- A serial per request keeps every body distinct, so no cache can answer for the model.
  local serial = thread_id .. "-" .. counter
  local body = string.gsub(bodies[(counter % #bodies) + 1], "@SERIAL@", serial)
  return wrk.format(nil, nil, nil, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
    .. '"errors": %d, "non_2xx": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


@dataclass
class Measurement:
    app: str
    endpoint: str
    concurrency: int
    requests_per_second: float
    articles_per_request: int
    p50_ms: float
    p99_ms: float
    failures: int
    cpu_split: tuple[int, ...] = ()  # each busy process's share of the app's CPU time, in %

    @property
    def articles_per_second(self) -> float:
        return self.requests_per_second * self.articles_per_request


@dataclass(frozen=True)
class Load:
    endpoint: str
    bodies: Path
    articles_per_request: int
    concurrency: int


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("bench: wrk is missing; install it with `sudo apt-get install -y wrk`")
    print("bench: installing wrk (Debian package) ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
    return shutil.which("wrk") or sys.exit("bench: wrk did not install")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def running(command: list[str], env: dict, port: int, log: Path):
    """Start a server in its own process group, wait until it is ready, stop it afterwards."""
    with open(log, "w") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                sys.exit(f"bench: {' '.join(command)} exited; its log:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"http://{HOST}:{port}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                sys.exit(f"bench: {' '.join(command)} was not ready in 120 s")
            time.sleep(0.2)
        yield process.pid
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def cpu_seconds(group: int) -> dict[int, float]:
    """The CPU time so far of each process in a process group (a server and its workers)."""
    seconds = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process has ended
            continue
        if int(fields[2]) == group:  # pgrp; utime and stime follow in clock ticks
            seconds[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return seconds


def cpu_split(before: dict[int, float], after: dict[int, float]) -> tuple[int, ...]:
    """Each process's share of the CPU time used between two readings, busiest first, in %
    (processes under 2 % left out): which worker did the work, since which one accepts a
    keep-alive connection is chance."""
    used = {pid: after[pid] - before.get(pid, 0.0) for pid in after}
    total = sum(used.values()) or 1.0
    return tuple(
        sorted((round(100 * u / total) for u in used.values() if u / total >= 0.02), reverse=True)
    )


def one_worker_did_it(split: tuple[int, ...], workers: int) -> bool:
    """Whether one process did nearly all of a run's work that several workers could share:
    the kernel hashes each connection to one worker's socket, and two connections land on the
    same one about half the time."""
    return workers > 1 and bool(split) and split[0] >= 90


def write_lines(path: Path, records: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as file:
        for record in records:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def batch_requests(pool: list[dict], count: int) -> list[dict]:
    """`count` requests of BATCH_ITEMS distinct stories each, every request a different run."""
    return [
        {"items": [pool[(i * BATCH_ITEMS + j) % len(pool)] for j in range(BATCH_ITEMS)]}
        for i in range(count)
    ]


def drive(wrk: str, script: Path, url: str, load: Load, seconds: float) -> dict:
    command = [
        wrk, "-t1", f"-c{load.concurrency}", f"-d{seconds:g}s", "--timeout", "30s",
        "-s", str(script), url, "--", str(load.bodies),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        sys.exit(f"bench: wrk failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(lines[-1])


def server_command(app: str, workers: int, port: int, model_dir: Path) -> tuple[list, dict]:
    """The command line and environment that start `app` on `port`."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "HYPEGAP_MODEL_DIR": str(model_dir)}
    if app == "bare":
        command = [
            sys.executable, "-m", "uvicorn", "tests.bench.bare_app:app", "--host", HOST,
            "--port", str(port), "--workers", str(workers), "--loop", "uvloop",
            "--http", "httptools", "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
        return command, env
    env |= {"HYPEGAP_HOST": HOST, "HYPEGAP_PORT": str(port), "HYPEGAP_WORKERS": str(workers)}
    return [sys.executable, "-m", "service"], env


def http_section(args, pool: list[dict], workdir: Path) -> list[Measurement]:
    wrk = ensure_wrk()
    script = workdir / "bodies.lua"
    script.write_text(WRK_SCRIPT)
    singles = write_lines(workdir / "single.jsonl", [distinct(s, SERIAL) for s in pool])
    batches = write_lines(
        workdir / "batch.jsonl", batch_requests([distinct(s, SERIAL) for s in pool], 20)
    )
    loads = [
        Load("/v1/score", singles, 1, 1),
        Load("/v1/score", singles, 1, 16),
        Load("/v1/score/batch", batches, BATCH_ITEMS, BATCH_CLIENTS),
    ]
    explain_off = Load("/v1/score/batch?explain=false", batches, BATCH_ITEMS, BATCH_CLIENTS)
    results = []
    for app, runs in (("bare", loads), ("service", [*loads, explain_off])):
        port = free_port()
        command, env = server_command(app, args.workers, port, args.model_dir)
        print(f"bench: {app}, {args.workers} worker(s) ...", flush=True)
        with running(command, env, port, workdir / f"{app}.log") as group:
            drive(wrk, script, f"http://{HOST}:{port}/v1/score", loads[1], 2)  # warm-up
            for load in runs:
                before = cpu_seconds(group)
                result = drive(
                    wrk, script, f"http://{HOST}:{port}{load.endpoint}", load, args.seconds
                )
                split = cpu_split(before, cpu_seconds(group))
                results.append(
                    Measurement(
                        app=app,
                        endpoint=load.endpoint,
                        concurrency=load.concurrency,
                        requests_per_second=result["requests"] / (result["duration_us"] / 1e6),
                        articles_per_request=load.articles_per_request,
                        p50_ms=result["p50_us"] / 1000,
                        p99_ms=result["p99_us"] / 1000,
                        failures=result["errors"] + result["non_2xx"],
                        cpu_split=split,
                    )
                )
    return results


@dataclass
class InProcess:
    single_median_ms: float
    single_p99_ms: float
    rates: list[tuple[str, float]]  # (way, articles per second)


def in_process_section(model_dir: Path, pool: list[dict]) -> InProcess:
    """The Scorer in this process; every way gets articles no other way has scored."""
    scorer = Scorer.load(model_dir.resolve())
    serials = iter(range(10**9))

    def fresh(count: int) -> list[Article]:
        picked = [distinct(pool[i % len(pool)], f"p{next(serials)}") for i in range(count)]
        return [Article(a["headline"], a["body"]) for a in picked]

    scorer.score_batch(fresh(64))  # warm-up: first calls fill lazy caches
    times = []
    for article in fresh(len(pool)):
        started = time.perf_counter()
        scorer.score_batch([article])
        times.append(time.perf_counter() - started)
    times.sort()

    def pipelines(articles: list[Article]):
        """The fitted scikit-learn pipelines themselves (training's and the parity test's path)."""
        return scorer.model.predict_proba(
            [a.headline for a in articles], [a.body for a in articles]
        )

    ways = [
        ("Scorer.score_batch, 1,000 at once", lambda chunk: scorer.score_batch(chunk)),
        (
            "Scorer.score_batch, 1,000 at once, explain=False",
            lambda chunk: scorer.score_batch(chunk, explain=False),
        ),
        (
            "pipeline.predict_proba, 1,000 at once",
            pipelines,
        ),
    ]
    rates = []
    for name, way in ways:
        chunk = fresh(IN_PROCESS_BATCH)
        started = time.perf_counter()
        way(chunk)
        rates.append((name, len(chunk) / (time.perf_counter() - started)))
    chunk = fresh(len(pool))
    started = time.perf_counter()
    for article in chunk:
        pipelines([article])
    rates.append(
        ("pipeline.predict_proba, one at a time", len(chunk) / (time.perf_counter() - started))
    )
    return InProcess(
        single_median_ms=statistics.median(times) * 1000,
        single_p99_ms=times[int(0.99 * (len(times) - 1))] * 1000,
        rates=rates,
    )


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def report(http: list[Measurement], local: InProcess, args, stories_count: int) -> None:
    print()
    print(
        f"HTTP on {HOST}: wrk, {args.seconds:g} s per row, {args.workers} worker(s) each, "
        f"{stories_count} BBC stories of 600 words made distinct per request"
    )
    print(
        f"{'app':8} {'endpoint':30} {'conc':>4} {'req/s':>8} {'articles/s':>10} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'failed':>6}  CPU % by process"
    )
    for m in http:
        print(
            f"{m.app:8} {m.endpoint:30} {m.concurrency:>4} {m.requests_per_second:>8.0f} "
            f"{m.articles_per_second:>10.0f} {m.p50_ms:>8.2f} {m.p99_ms:>8.2f} {m.failures:>6}  "
            + "/".join(map(str, m.cpu_split))
        )
    print()
    print("In process, one Scorer, the same stories")
    single = "Scorer.score_batch, one article at a time"
    print(f"  {single:50} median {local.single_median_ms:.2f} ms, p99 {local.single_p99_ms:.2f} ms")
    for name, per_second in local.rates:
        print(f"  {name:50} {per_second:>8.0f} articles/s")
    print()
    print("Figures against the targets (ratios: the service over the bare app, this run)")
    batched = local.rates[0][1]
    rows = [
        (
            "in-process, one 600-word article, median",
            f"{local.single_median_ms:.2f} ms",
            f"<= {TARGET_SINGLE_MS} ms",
            local.single_median_ms <= TARGET_SINGLE_MS,
        ),
        (
            "in-process, batched, one process",
            f"{batched:,.0f} articles/s",
            f">= {TARGET_BATCHED:,} articles/s",
            batched >= TARGET_BATCHED,
        ),
    ]
    found = {(m.app, m.endpoint, m.concurrency): m for m in http}
    for concurrency in (1, 16):
        ours, bare = (
            found.get(("service", "/v1/score", concurrency)),
            found.get(("bare", "/v1/score", concurrency)),
        )
        if ours and bare:
            share = ours.requests_per_second / bare.requests_per_second
            rows.append(
                (
                    f"/v1/score req/s vs the bare app, concurrency {concurrency}",
                    f"{share:.2f} ({ours.requests_per_second:,.0f} / "
                    f"{bare.requests_per_second:,.0f})",
                    f">= {TARGET_SHARE}",
                    share >= TARGET_SHARE,
                )
            )
    ours, bare = found.get(("service", "/v1/score", 16)), found.get(("bare", "/v1/score", 16))
    if ours and bare:
        ratio = ours.p99_ms / bare.p99_ms
        rows.append(
            (
                "p99 at concurrency 16 vs the bare app",
                f"{ratio:.1f}x ({ours.p99_ms:.1f} ms / {bare.p99_ms:.1f} ms)",
                f"<= {TARGET_P99_RATIO:g}x",
                ratio <= TARGET_P99_RATIO,
            )
        )
    ours = found.get(("service", "/v1/score/batch", BATCH_CLIENTS))
    bare = found.get(("bare", "/v1/score/batch", BATCH_CLIENTS))
    one_worker = bool(ours) and one_worker_did_it(ours.cpu_split, args.workers)
    if ours and bare:
        rows.append(
            (
                f"/v1/score/batch ({BATCH_ITEMS} stories, {BATCH_CLIENTS} clients)",
                f"{ours.articles_per_second:,.0f} articles/s "
                f"({ours.articles_per_second / bare.articles_per_second:.2f} of bare)"
                + (", 1 worker" if one_worker else ""),
                f">= {TARGET_HTTP_BATCH:,} articles/s",
                ours.articles_per_second >= TARGET_HTTP_BATCH,
            )
        )
    for name, measured, target, met in rows:
        print(f"  {name:52} {measured:38} {target:20} {verdict(met)}")
    if one_worker:
        print(
            f"  note: the batch run's {BATCH_CLIENTS} connections all reached one worker (CPU "
            f"{ours.cpu_split[0]} %), so its figure is one worker's: run `make bench` again"
        )


def main(argv=None) -> int:
    from service.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model-dir",
        type=Path,
        default=Path(os.environ.get("HYPEGAP_MODEL_DIR", "artifacts/current")),
    )
    parser.add_argument("--data-dir", default=None, help="the corpora (default: $DATA_DIR)")
    parser.add_argument("--seconds", type=float, default=5, help="length of each HTTP run")
    parser.add_argument(
        "--workers",
        type=int,
        default=Settings.model_fields["workers"].default,
        help="uvicorn workers of both apps (default: the service's default)",
    )
    parser.add_argument("--skip-http", action="store_true", help="only the in-process figures")
    args = parser.parse_args(argv)
    args.model_dir = args.model_dir.resolve()
    if not (args.model_dir / "metadata.json").is_file():
        sys.exit(f"bench: no model at {args.model_dir} (run `make train`)")
    try:
        pool = stories(resolve_data_dir(args.data_dir))
    except DataError as error:
        sys.exit(f"bench: {error}")
    load, cores = os.getloadavg()[0], os.cpu_count()
    print(f"bench: {cores} cores, load average {load:.1f}; {len(pool)} stories", flush=True)
    if load > 0.5:
        print("bench: other work is running on this machine: the figures will be low", flush=True)
    with tempfile.TemporaryDirectory(prefix="hypegap-bench-") as workdir:
        http = [] if args.skip_http else http_section(args, pool, Path(workdir))
    print("bench: in process ...", flush=True)
    local = in_process_section(args.model_dir, pool)
    report(http, local, args, len(pool))
    return 0


if __name__ == "__main__":
    sys.exit(main())
