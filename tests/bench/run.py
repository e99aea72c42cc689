"""`make bench`: how fast hypegap scores, next to in-run baselines on this machine.

HTTP: the service (`python -m service`) and a bare FastAPI app that returns a constant (the
limit of the server stack) run under the same uvicorn configuration (uvloop, httptools) and
are driven by the same load generator (wrk) with distinct ~600-word articles, at concurrency 1
and 16, with 1 and 2 workers. Scorer: 1,000 articles in one process, batched and one at a
time, against the same pipeline's predict_proba without explanations.

Every measurement lasts a bounded number of seconds, and traffic only goes to 127.0.0.1.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from model.pipeline import as_rows
from model.scorer import Article, Scorer
from tests.bench.articles import articles

HOST = "127.0.0.1"
SERIAL = "@SERIAL@"
BATCH_ITEMS = 64
TARGET_SHARE = 0.5
TARGET_P99_RATIO = 2.0
TARGET_BATCH = 800
NO_COMBINING = "no-combine"

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
    workers: int
    endpoint: str
    concurrency: int
    requests_per_second: float
    articles_per_request: int
    p50_ms: float
    p99_ms: float
    failures: int

    @property
    def articles_per_second(self) -> float:
        return self.requests_per_second * self.articles_per_request


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
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                sys.exit(f"bench: {' '.join(command)} exited; its log:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"http://{HOST}:{port}/health/ready", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                sys.exit(f"bench: {' '.join(command)} was not ready in 90 s")
            time.sleep(0.2)
        yield
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def write_bodies(path: Path, bodies: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8") as file:
        for body in bodies:
            file.write(json.dumps(body, ensure_ascii=False) + "\n")
    return path


def single_bodies(seed: int) -> list[dict]:
    return [
        {"headline": a["headline"], "body": f"{a['body']} Story reference {SERIAL}."}
        for a in articles(500, seed)
    ]


def batch_bodies(seed: int) -> list[dict]:
    pool = single_bodies(seed)
    return [
        {"items": [pool[(i * BATCH_ITEMS + j) % len(pool)] for j in range(BATCH_ITEMS)]}
        for i in range(20)
    ]


def drive(wrk: str, script: Path, url: str, bodies: Path, connections: int, seconds: float) -> dict:
    command = [
        wrk, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "30s",
        "-s", str(script), url, "--", str(bodies),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        sys.exit(f"bench: wrk failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(lines[-1])


def server_command(app: str, workers: int, port: int, model_dir: Path) -> tuple[list, dict]:
    """The command line and environment that start `app` on `port`."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if app == "bare":
        command = [
            sys.executable, "-m", "uvicorn", "tests.bench.bare_app:app", "--host", HOST,
            "--port", str(port), "--workers", str(workers), "--loop", "uvloop",
            "--http", "httptools", "--no-access-log", "--log-level", "warning",
        ]  # fmt: skip
        return command, env
    env |= {
        "HYPEGAP_HOST": HOST,
        "HYPEGAP_PORT": str(port),
        "HYPEGAP_WORKERS": str(workers),
        "HYPEGAP_MODEL_DIR": str(model_dir),
        "HYPEGAP_COMBINE_REQUESTS": str(app != NO_COMBINING).lower(),
    }
    return [sys.executable, "-m", "service"], env


def http_section(args, workdir: Path) -> list[Measurement]:
    wrk = ensure_wrk()
    script = workdir / "bodies.lua"
    script.write_text(WRK_SCRIPT)
    singles = write_bodies(workdir / "single.jsonl", single_bodies(seed=11))
    batches = write_bodies(workdir / "batch.jsonl", batch_bodies(seed=12))
    single, batch = ("/v1/score", singles, 1), ("/v1/score/batch", batches, BATCH_ITEMS)
    # (app, workers, [(endpoint, bodies, articles per request, concurrency), ...])
    plan = [("bare", w, [(*single, 1), (*single, 16)]) for w in args.workers]
    plan += [
        ("service", w, [(*single, 1), (*single, 16), (*batch, 1), (*batch, 16)])
        for w in args.workers
    ]
    # The same service scoring each request on its own: what combining concurrent ones buys.
    plan.append((NO_COMBINING, args.default_workers, [(*single, 16), (*batch, 16)]))
    results = []
    for app, workers, runs in plan:
        port = free_port()
        command, env = server_command(app, workers, port, args.model_dir)
        print(f"bench: {app}, {workers} worker(s) ...", flush=True)
        with running(command, env, port, workdir / f"{app}-{workers}.log"):
            drive(wrk, script, f"http://{HOST}:{port}/v1/score", singles, 16, 2)  # warm-up
            for endpoint, bodies, per_request, concurrency in runs:
                result = drive(
                    wrk,
                    script,
                    f"http://{HOST}:{port}{endpoint}",
                    bodies,
                    concurrency,
                    args.seconds,
                )
                results.append(
                    Measurement(
                        app=app,
                        workers=workers,
                        endpoint=endpoint,
                        concurrency=concurrency,
                        requests_per_second=result["requests"] / (result["duration_us"] / 1e6),
                        articles_per_request=per_request,
                        p50_ms=result["p50_us"] / 1000,
                        p99_ms=result["p99_us"] / 1000,
                        failures=result["errors"] + result["non_2xx"],
                    )
                )
    return results


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def scorer_section(model_dir: Path) -> list[tuple[str, float]]:
    """Articles per second in one process; each way gets its own articles (no warm caches)."""
    scorer = Scorer.load(model_dir.resolve())
    sets = [
        [Article(a["headline"], a["body"]) for a in articles(1000, seed)]
        for seed in (21, 22, 23, 24)
    ]
    scorer.score_batch([Article(a["headline"], a["body"]) for a in articles(50, 25)])
    pipeline = scorer.pipeline

    def batched_scorer(chunk):
        scorer.score_batch(chunk)

    def one_scorer(chunk):
        for article in chunk:
            scorer.score_batch([article])

    def batched_baseline(chunk):
        pipeline.predict_proba(as_rows([a.headline for a in chunk], [a.body for a in chunk]))

    def one_baseline(chunk):
        for a in chunk:
            pipeline.predict_proba(as_rows([a.headline], [a.body]))

    ways = [
        ("Scorer.score_batch, 1,000 at once", batched_scorer),
        ("Scorer.score_batch, one at a time", one_scorer),
        ("baseline predict_proba, 1,000 at once", batched_baseline),
        ("baseline predict_proba, one at a time", one_baseline),
    ]
    results = []
    for (name, way), chunk in zip(ways, sets, strict=True):
        started = time.perf_counter()
        way(chunk)
        results.append((name, rate(len(chunk), time.perf_counter() - started)))
    return results


def report(http: list[Measurement], scorer: list[tuple[str, float]], args) -> None:
    print()
    print(f"HTTP on {HOST}: wrk, {args.seconds:g} s per row, distinct ~600-word articles")
    print(
        f"{'app':10} {'workers':>7} {'endpoint':16} {'conc':>4} {'req/s':>8} {'articles/s':>10} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'failed':>6}"
    )
    for m in http:
        print(
            f"{m.app:10} {m.workers:>7} {m.endpoint:16} {m.concurrency:>4} "
            f"{m.requests_per_second:>8.0f} {m.articles_per_second:>10.0f} "
            f"{m.p50_ms:>8.2f} {m.p99_ms:>8.2f} {m.failures:>6}"
        )
    if http:
        print_targets(http, args.default_workers)
    print()
    print("Scorer in one process: 1,000 articles of ~600 words each (distinct per row)")
    for name, per_second in scorer:
        print(f"  {name:42} {per_second:>8.0f} articles/s")


def print_targets(http: list[Measurement], workers: int) -> None:
    def find(app, endpoint, concurrency, workers=None):
        rows = [
            m
            for m in http
            if (m.app, m.endpoint, m.concurrency) == (app, endpoint, concurrency)
            and (workers is None or m.workers == workers)
        ]
        return max(rows, key=lambda m: m.requests_per_second) if rows else None

    print()
    print(
        f"Targets: the service at its default of {workers} worker(s), against the bare app's "
        "best configuration"
    )
    for concurrency in (1, 16):
        ours, bare = (
            find("service", "/v1/score", concurrency, workers),
            find("bare", "/v1/score", concurrency),
        )
        if ours and bare:
            share = ours.requests_per_second / bare.requests_per_second
            verdict = "met" if share >= TARGET_SHARE else "MISSED"
            print(
                f"  single article, concurrency {concurrency:>2}: {ours.requests_per_second:.0f} "
                f"req/s = {share:.0%} of bare {bare.requests_per_second:.0f} "
                f"(target >= {TARGET_SHARE:.0%}): {verdict}"
            )
    ours, bare = find("service", "/v1/score", 16, workers), find("bare", "/v1/score", 16)
    if ours and bare:
        ratio = ours.p99_ms / bare.p99_ms
        verdict = "met" if ratio <= TARGET_P99_RATIO else "MISSED"
        print(
            f"  p99 at concurrency 16: {ours.p99_ms:.1f} ms = {ratio:.1f}x "
            f"bare {bare.p99_ms:.1f} ms "
            f"(target <= {TARGET_P99_RATIO:g}x): {verdict}"
        )
    best_batch = max(
        (
            m
            for m in http
            if m.app == "service" and m.endpoint == "/v1/score/batch" and m.workers == workers
        ),
        key=lambda m: m.articles_per_second,
        default=None,
    )
    if best_batch:
        verdict = "met" if best_batch.articles_per_second >= TARGET_BATCH else "MISSED"
        print(
            f"  batch of {BATCH_ITEMS}: {best_batch.articles_per_second:.0f} articles/s at "
            f"concurrency {best_batch.concurrency} (target >= {TARGET_BATCH}): {verdict}"
        )


def main(argv=None) -> int:
    from service.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model-dir",
        type=Path,
        default=Path(os.environ.get("HYPEGAP_MODEL_DIR", "artifacts/current")),
    )
    parser.add_argument("--seconds", type=float, default=5, help="length of each HTTP measurement")
    parser.add_argument("--workers", type=lambda s: [int(w) for w in s.split(",")], default=[1, 2])
    parser.add_argument(
        "--skip-http", action="store_true", help="only the in-process Scorer figures"
    )
    args = parser.parse_args(argv)
    args.default_workers = Settings.model_fields["workers"].default
    if not (args.model_dir / "metadata.json").is_file():
        sys.exit(f"bench: no model at {args.model_dir} (run `make train`)")
    load, cores = os.getloadavg()[0], os.cpu_count()
    print(f"bench: {cores} cores, load average {load:.1f}", flush=True)
    if load > 0.5:
        print("bench: other work is running on this machine: the figures will be low", flush=True)
    with tempfile.TemporaryDirectory(prefix="hypegap-bench-") as workdir:
        http = [] if args.skip_http else http_section(args, Path(workdir))
    print("bench: Scorer in one process ...", flush=True)
    scorer = scorer_section(args.model_dir)
    report(http, scorer, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
