"""`hypegap score-archive`: JSONL and Parquet archives scored on a Dask cluster into Parquet.

This process plans the work and keeps the books; the workers read, score and write. Each input
is cut into partitions of about `--partition-rows` lines or rows: a plain JSONL file at line
boundaries found by reading it once here, a Parquet file at row-group boundaries, a gzipped file
not at all (gzip cannot be read from the middle). A partition is one task: the worker reads its
lines, checks them as `score-file` does, scores them with the model it loaded once
(`ModelOnWorker`) and writes one Parquet file under a temporary name, then renames it. The file's
footer records the model version, the counts and the rejected lines, so a rerun skips the
partitions already written with the same model, and the manifest and `_rejects.jsonl` are built
from the partitions on disk however many runs it took.
"""

import argparse
import contextlib
import glob
import hashlib
import itertools
import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from service.cli import backends
from service.cli.errors import EXIT_BAD_LINES, EXIT_OK, CliError
from service.cli.score_file import TEMPORARY_SUFFIX, AtomicOutput, termination_as_interrupt
from service.settings import Settings

PARTITION_ROWS = 10_000
MANIFEST = "_manifest.json"
REJECTS = "_rejects.jsonl"
CONNECT_TIMEOUT_SECONDS = 10
WORKERS_TIMEOUT_SECONDS = 30
FORMATS = {".jsonl.gz": "jsonl.gz", ".jsonl": "jsonl", ".parquet": "parquet"}


def add_to(commands: argparse._SubParsersAction) -> None:
    archive = commands.add_parser(
        "score-archive",
        help="score JSONL or Parquet archives on a Dask cluster into Parquet",
        description=(
            "Score JSONL (.jsonl, .jsonl.gz) and Parquet (.parquet) files of articles, with the "
            "fields of score-file ('headline', and the optional 'body', 'body_format', 'id'; an "
            "article without an id gets FILE:LINE), on a Dask cluster: a local one with one "
            "single-threaded worker process per core, or the one at --scheduler. Writes one "
            "Parquet partition per run of lines, _manifest.json (inputs, counts per partition, "
            "model version) and _rejects.jsonl (file, line and reason of each bad line) to "
            "OUTDIR. A rerun into the same OUTDIR skips the partitions already written with the "
            "same model version."
        ),
        epilog="exit status: 0 every line scored, 1 error, "
        "3 some lines were bad (listed in OUTDIR/_rejects.jsonl, the others are written)",
    )
    archive.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="files or glob patterns (quote them: 'a/*.gz')"
    )
    archive.add_argument(
        "-o", "--output", metavar="OUTDIR", required=True, help="folder for the Parquet partitions"
    )
    archive.add_argument(
        "--explain",
        action="store_true",
        help="add a 'reasons' column with the top reasons of each score",
    )
    where = archive.add_argument_group("where the scoring happens")
    backends.add_model_option(where)
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=os.environ.get("DASK_SCHEDULER_ADDRESS"),
        help="an existing Dask cluster's scheduler, e.g. tcp://10.0.0.5:8786; every worker must "
        "read the inputs, OUTDIR and the model at the same paths (default: "
        "$DASK_SCHEDULER_ADDRESS, else a local cluster)",
    )
    where.add_argument(
        "--workers",
        type=positive,
        metavar="N",
        help="worker processes of the local cluster (default: one per core)",
    )
    where.add_argument(
        "--partition-rows",
        type=positive,
        default=PARTITION_ROWS,
        metavar="N",
        help=f"lines or rows per partition (default: {PARTITION_ROWS:,}; a Parquet partition "
        "is whole row groups, a .gz file is one partition)",
    )
    archive.set_defaults(run=run)


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


@dataclass(frozen=True)
class Partition:
    """A run of lines (or rows) of one input, scored by one task into one Parquet file."""

    name: str
    source: str
    format: str
    first: int
    """Number of its first line or row, from 1."""
    count: int | None
    """Lines or rows in it; None: to the end of the file."""
    offset: int = 0
    """Byte offset of its first line, in a plain JSONL file."""
    row_groups: tuple[int, ...] = ()
    """Its row groups, in a Parquet file."""

    def lines(self) -> dict:
        """Which lines it covers, as its footer records them."""
        return {"source": self.source, "first": self.first, "count": self.count}


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    started_at = now()
    sources = expand(args.inputs)
    partitions = [part for source in sources for part in plan(source, args.partition_rows)]
    outdir = Path(args.output)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CliError(f"cannot write {outdir}: {error.strerror}") from None
    refuse_other_partitions(outdir, partitions)
    settings = backends.service_settings()
    model_dir = str(args.model or settings.model_dir)
    with termination_as_interrupt(), cluster(args.scheduler, args.workers) as client:
        from service.cli.archive_worker import peak_memory_mib

        print(f"hypegap: Dask dashboard: {dashboard(client)}", file=sys.stderr)
        version = load_model_on_workers(client, model_dir, settings, args.explain)
        footers = written_footers(outdir, partitions, version, args.explain)
        todo = [part for part in partitions if part.name not in footers]
        if footers:
            print(
                f"hypegap: {len(footers):,} of {len(partitions):,} partitions already written "
                f"with model {version}; scoring the other {len(todo):,}",
                file=sys.stderr,
            )
        scoring = time.monotonic()
        footers |= score_on(client, todo, outdir, version, args.explain)
        scoring_seconds = time.monotonic() - scoring
        workers = client.run(peak_memory_mib)
    totals = write_rejects(outdir, partitions, footers)
    write_manifest(
        outdir,
        {
            "model_version": version,
            "model_dir": model_dir,
            "started_at": started_at,
            "finished_at": now(),
            "seconds": round(time.monotonic() - started, 2),  # as scoring_seconds: never below it
            "scoring_seconds": round(scoring_seconds, 2),
            "inputs": [
                {"path": source, "format": input_format(source), "bytes": os.path.getsize(source)}
                for source in sources
            ],
            "partition_rows": args.partition_rows,
            "explain": args.explain,
            **totals,
            "workers": {address: {"peak_memory_mib": mib} for address, mib in workers.items()},
            "partitions": [
                {
                    "file": part.name,
                    **part.lines(),
                    "scored": footers[part.name]["scored"],
                    "rejected": footers[part.name]["rejected"],
                    "scored_in_this_run": part in todo,
                }
                for part in partitions
            ],
        },
    )
    print(
        f"hypegap: scored {totals['scored']:,} articles into {outdir} in "
        f"{time.monotonic() - started:.1f} s ({len(partitions):,} partitions, "
        f"{len(todo):,} scored in this run)"
        + (
            f"; {totals['rejected']:,} bad lines listed in {outdir / REJECTS}"
            if totals["rejected"]
            else ""
        ),
        file=sys.stderr,
    )
    return EXIT_BAD_LINES if totals["rejected"] else EXIT_OK


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def expand(patterns: list[str]) -> list[str]:
    """The input files the patterns name, each once, in the order given (a glob's sorted)."""
    sources: dict[str, None] = {}
    for pattern in patterns:
        if glob.has_magic(pattern):
            matches = sorted(path for path in glob.glob(pattern, recursive=True) if is_file(path))
            if not matches:
                raise CliError(f"no file matches {pattern}")
        elif is_file(pattern):
            matches = [pattern]
        else:
            raise CliError(f"cannot read {pattern}: no such file")
        for path in matches:
            input_format(path)
            sources[path] = None
    return list(sources)


def is_file(path: str) -> bool:
    return Path(path).is_file()


def input_format(path: str) -> str:
    name = Path(path).name
    for suffix, kind in FORMATS.items():
        if name.endswith(suffix):
            return kind
    raise CliError(f"cannot read {path}: expected {', '.join(FORMATS)}")


def plan(source: str, rows: int) -> list[Partition]:
    """The partitions of one input, named after the file and a digest of its absolute path."""
    kind = input_format(source)
    stem = Path(source).name.removesuffix(next(s for s, k in FORMATS.items() if k == kind))
    digest = hashlib.sha256(os.path.abspath(source).encode()).hexdigest()[:8]
    names = (f"{stem}-{digest}-{index:05d}.parquet" for index in itertools.count())
    try:
        if kind == "jsonl":
            return [
                Partition(next(names), source, kind, first, count, offset=offset)
                for first, count, offset in jsonl_cuts(source, rows)
            ]
        if kind == "jsonl.gz":
            return [Partition(next(names), source, kind, 1, None)]
        return [
            Partition(next(names), source, kind, first, count, row_groups=groups)
            for first, count, groups in parquet_cuts(source, rows)
        ]
    except OSError as error:
        raise CliError(f"cannot read {source}: {error.strerror or error}") from None


def jsonl_cuts(path: str, rows: int) -> Iterator[tuple[int, int, int]]:
    """(first line, lines, byte offset) of each run of `rows` lines."""
    first, lines, start, offset = 1, 0, 0, 0
    with open(path, "rb") as file:
        for line in file:
            if lines == rows:
                yield first, lines, start
                first, lines, start = first + lines, 0, offset
            lines += 1
            offset += len(line)
    if lines:
        yield first, lines, start


def parquet_cuts(path: str, rows: int) -> Iterator[tuple[int, int, tuple[int, ...]]]:
    """(first row, rows, row groups) of each run of whole row groups holding `rows` or more."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
    except pa.ArrowException as error:
        raise CliError(f"cannot read {path}: not a Parquet file ({error})") from None
    if "headline" not in file.schema_arrow.names:
        columns = ", ".join(file.schema_arrow.names) or "none"
        raise CliError(f"cannot read {path}: it has no 'headline' column (columns: {columns})")
    first, count, groups = 1, 0, []
    for group in range(file.num_row_groups):
        groups.append(group)
        count += file.metadata.row_group(group).num_rows
        if count >= rows:
            yield first, count, tuple(groups)
            first, count, groups = first + count, 0, []
    if groups:
        yield first, count, tuple(groups)


def refuse_other_partitions(outdir: Path, partitions: list[Partition]) -> None:
    """Stop before mixing in partitions of other inputs; clear temporaries of an interrupted run."""
    planned = {part.name for part in partitions}
    others = sorted(p.name for p in outdir.glob("*.parquet") if p.name not in planned)
    if others:
        raise CliError(
            f"{outdir} holds {len(others):,} partitions that these inputs would not write "
            f"(other inputs or another --partition-rows), e.g. {others[0]}: use a new OUTDIR"
        )
    for temporary in outdir.glob(f".*.parquet.*{TEMPORARY_SUFFIX}"):
        temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def cluster(scheduler: str | None, workers: int | None):
    """A client of the cluster at `scheduler`, or of a local one started and stopped here."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_SECONDS)
        except (OSError, TimeoutError, ValueError) as error:
            raise CliError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None
        with client:
            wait_for_a_worker(client, scheduler)
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.ERROR,
        ) as local,
        Client(local) as client,
    ):
        yield client


def dashboard(client) -> str:
    if "dashboard" in client.scheduler_info().get("services", {}):
        return client.dashboard_link
    return "none (the scheduler runs without one)"


def wait_for_a_worker(client, scheduler: str) -> None:
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_SECONDS)
    except TimeoutError:
        raise CliError(
            f"no worker joined the Dask scheduler at {scheduler} within "
            f"{WORKERS_TIMEOUT_SECONDS} s: start one with `dask worker {scheduler}`"
        ) from None


def load_model_on_workers(client, model_dir: str, settings: Settings, explain: bool) -> str:
    """The model version every worker loaded from `model_dir`; CliError unless they agree."""
    from service.cli.archive_worker import PLUGIN, ModelOnWorker, worker_model_version

    client.register_plugin(ModelOnWorker(model_dir, settings, explain), name=PLUGIN)
    versions = client.run(worker_model_version)
    if len(set(versions.values())) > 1:
        found = "; ".join(f"{worker}: {version}" for worker, version in sorted(versions.items()))
        raise CliError(
            f"the workers loaded different models from {model_dir} ({found}): every worker "
            "must read the same model"
        )
    return next(iter(versions.values()))


def written_footers(
    outdir: Path, partitions: list[Partition], version: str, explain: bool
) -> dict[str, dict]:
    """The footers of the partitions already written for the same lines, model and columns."""
    from service.cli.archive_worker import read_footer

    footers = {}
    for part in partitions:
        footer = read_footer(outdir / part.name)
        if (
            footer is not None
            and {key: footer.get(key) for key in ("source", "first", "count")} == part.lines()
            and footer.get("model_version") == version
            and footer.get("explain") == explain
        ):
            footers[part.name] = footer
    return footers


def score_on(
    client, partitions: list[Partition], outdir: Path, version: str, explain: bool
) -> dict[str, dict]:
    """Score the partitions on the cluster, one task each; their footers, by partition name."""
    from distributed import progress, wait

    from service.cli.archive_worker import score_partition

    futures = [
        client.submit(
            score_partition, part, str(outdir), version, explain, key=f"score-partition-{part.name}"
        )
        for part in partitions
    ]
    try:
        if sys.stdout.isatty():
            progress(futures)
        else:
            wait(futures)
        footers = client.gather(futures)
    finally:
        client.cancel(futures)
    return {part.name: footer for part, footer in zip(partitions, footers, strict=True)}


def write_rejects(outdir: Path, partitions: list[Partition], footers: dict[str, dict]) -> dict:
    """`_rejects.jsonl`, every partition's bad lines in order; the counts scored and rejected."""
    with write_atomically(outdir / REJECTS) as file:
        for part in partitions:
            for reject in footers[part.name]["rejects"]:
                file.write(json.dumps(reject, ensure_ascii=False) + "\n")
    return {
        "scored": sum(footers[part.name]["scored"] for part in partitions),
        "rejected": sum(footers[part.name]["rejected"] for part in partitions),
    }


def write_manifest(outdir: Path, manifest: dict) -> None:
    with write_atomically(outdir / MANIFEST) as file:
        file.write(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


@contextlib.contextmanager
def write_atomically(path: Path):
    try:
        output = AtomicOutput(path)
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None
    try:
        yield output.file
    except BaseException:
        output.discard()
        raise
    output.commit()
