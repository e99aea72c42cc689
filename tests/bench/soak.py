"""`make soak`: the service left running under steady load, with reloads, for ten minutes.

1. Starts `python -m service` (2 workers) on 127.0.0.1 with a copy of the served artifact as
   two versions, A and B, in a folder of its own.
2. Measures capacity: wrk at concurrency 16 for 15 s on distinct ~600-word stories.
3. Soaks at 80 % of it, in windows of 30 s (wrk paces each connection with a delay, aimed
   anew each window at the target with the latency of the last), and
   between windows repoints `current` at the other version and reloads, every 2 minutes.
4. Prints per window: requests/s, p99, errors (connection errors and non-2xx), and the RSS of
   each worker serving; then the totals, the p99 spread and the RSS change of each worker
   (by rank: after a reload the workers are fresh processes).

Traffic only goes to 127.0.0.1; the run stops by itself after `--minutes`.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from model.artifact import CURRENT, METADATA_FILE
from tests.bench.articles import distinct, stories
from tests.bench.run import (
    HOST,
    SERIAL,
    WRK_SCRIPT,
    ensure_wrk,
    free_port,
    running,
    server_command,
    write_lines,
)

CONNECTIONS = 16
WINDOW_SECONDS = 30
RELOAD_EVERY_WINDOWS = 4  # a reload every 2 minutes
SHARE = 0.8

# wrk calls delay() before each request of a connection: this paces each one.
PACED_SCRIPT = WRK_SCRIPT + "\nfunction delay()\n  return DELAY_MS\nend\n"


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_rss(url: str) -> dict[int, float]:
    """RSS of each worker serving; a fresh one still loading, to replace one, is left out."""
    workers = httpx.get(f"{url}/v1/model", timeout=10).json()["workers"]
    return {w["pid"]: round(rss_mb(w["pid"]), 1) for w in workers if w["state"] == "serving"}


def percent(before: float, after: float) -> str:
    return f"{100 * (after - before) / before:+.1f} %"


def two_versions(model: Path, folder: Path) -> list[Path]:
    """Copies of the served artifact as two versions; `current` points at the first."""
    versions = []
    for name in ("soak-a", "soak-b"):
        target = folder / name
        shutil.copytree(model.resolve(), target)
        metadata = json.loads((target / METADATA_FILE).read_text())
        metadata["model_version"] = name
        (target / METADATA_FILE).write_text(json.dumps(metadata))
        versions.append(target)
    point_current(folder, versions[0])
    return versions


def point_current(folder: Path, version: Path) -> None:
    link = folder / ".current-soak"
    link.unlink(missing_ok=True)
    link.symlink_to(version.name)
    os.replace(link, folder / CURRENT)


def run_wrk(wrk: str, script: Path, url: str, bodies: Path, seconds: int) -> dict:
    command = [
        wrk, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s",
        "-s", str(script), f"{url}/v1/score", "--", str(bodies),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        sys.exit(f"soak: wrk failed:\n{done.stdout}\n{done.stderr}")
    result = json.loads(lines[-1])
    result["rate"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=os.environ.get("DATA_DIR", "../shared/data"))
    parser.add_argument("--model", type=Path, default=Path("artifacts/current"))
    parser.add_argument("--minutes", type=float, default=10)
    args = parser.parse_args()
    wrk = ensure_wrk()
    pool = stories(args.data_dir)
    print(f"soak: {len(pool)} distinct ~600-word stories, each made unique per request", flush=True)
    with tempfile.TemporaryDirectory(prefix="hypegap-soak-") as workdir:
        workdir = Path(workdir)
        versions = two_versions(args.model, workdir / "artifacts")
        bodies = write_lines(workdir / "single.jsonl", [distinct(s, SERIAL) for s in pool])
        flat_out = workdir / "flat-out.lua"
        flat_out.write_text(WRK_SCRIPT)
        port = free_port()
        url = f"http://{HOST}:{port}"
        command, env = server_command("service", 2, port, workdir / "artifacts" / CURRENT)
        env["HYPEGAP_ACCESS_LOG"] = "false"
        with running(command, env, port, workdir / "service.log"):
            capacity = run_wrk(wrk, flat_out, url, bodies, 15)
            target = SHARE * capacity["rate"]
            delay_ms = max(1, round(CONNECTIONS * 1000 / target))
            print(
                f"soak: capacity {capacity['rate']:.0f} requests/s (p99 "
                f"{capacity['p99_us'] / 1000:.0f} ms); soaking at 80 %: {target:.0f}/s, "
                f"{CONNECTIONS} connections, paced",
                flush=True,
            )
            paced = workdir / "paced.lua"
            windows = max(1, round(args.minutes * 60 / WINDOW_SECONDS))
            first_rss = worker_rss(url)
            print(f"soak: RSS MB per worker at the start {first_rss}", flush=True)
            print("window  minute  requests/s  p99 ms  errors  reload           RSS MB per worker")
            rows, reload_failures, serving = [], 0, 0
            for window in range(windows):
                reloaded = ""
                if window and window % RELOAD_EVERY_WINDOWS == 0:
                    serving = 1 - serving
                    point_current(workdir / "artifacts", versions[serving])
                    answer = httpx.post(f"{url}/v1/admin/reload", timeout=120)
                    ok = answer.status_code == 200 and answer.json()["converged"]
                    reload_failures += not ok
                    reloaded = f"{versions[serving].name} {'ok' if ok else answer.status_code}"
                paced.write_text(PACED_SCRIPT.replace("DELAY_MS", str(delay_ms)))
                result = run_wrk(wrk, paced, url, bodies, WINDOW_SECONDS)
                # A connection's period is its delay plus the latency: aim the next window's
                # delay at the target rate with the latency this one saw.
                latency_ms = CONNECTIONS * 1000 / max(result["rate"], 1) - delay_ms
                delay_ms = max(1, round(CONNECTIONS * 1000 / target - latency_ms))
                rss = worker_rss(url)
                errors = result["errors"] + result["non_2xx"]
                rows.append((result, errors, rss))
                print(
                    f"{window + 1:>6}  {window * WINDOW_SECONDS / 60:>6.1f}  "
                    f"{result['rate']:>10.0f}  {result['p99_us'] / 1000:>6.0f}  {errors:>6}  "
                    f"{reloaded:<15}  {rss}",
                    flush=True,
                )
    p99s = [result["p99_us"] / 1000 for result, _, _ in rows]
    errors = sum(e for _, e, _ in rows)
    requests = sum(result["requests"] for result, _, _ in rows)
    print(f"soak: {requests:,} requests, {errors} errors, {reload_failures} reloads not converged")
    median = sorted(p99s)[len(p99s) // 2]
    print(f"soak: p99 ms per window: min {min(p99s):.0f}, median {median:.0f}, max {max(p99s):.0f}")
    # After a reload each worker is replaced by a fresh process, so the pids change: workers
    # are compared by rank (the smallest RSS with the smallest, and so on) against the first
    # window and against the window after the first reload.
    first = sorted(rows[0][2].values())
    reloaded = sorted(rows[min(RELOAD_EVERY_WINDOWS, len(rows) - 1)][2].values())
    last = sorted(rows[-1][2].values())
    for rank, (start, after_reload, end) in enumerate(zip(first, reloaded, last, strict=False)):
        print(
            f"soak: worker {rank + 1} by RSS: {start} MB after the first window, "
            f"{after_reload} MB after the first reload, {end} MB at the end "
            f"({percent(start, end)} and {percent(after_reload, end)})"
        )
    return 1 if errors or reload_failures else 0


if __name__ == "__main__":
    sys.exit(main())
