"""`hypegap score-file`: a JSONL file, read line by line, scored in batches, written atomically."""

import argparse
import contextlib
import json
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from service.cli import backends
from service.cli.articles import article_from, record_from_line
from service.cli.backends import Backend
from service.cli.errors import EXIT_BAD_LINES, EXIT_OK, CliError, ItemRejected
from service.cli.progress import Progress
from service.schemas import ArticleFields

BATCH_SIZE = 64
TEMPORARY_SUFFIX = ".part"


def add_to(commands: argparse._SubParsersAction) -> None:
    score_file = commands.add_parser(
        "score-file",
        parents=[backends.options()],
        help="score a JSONL file of articles",
        description=(
            "Score a JSONL file, one article per line with the API's fields 'headline' and the "
            "optional 'body', 'body_format' ('text' or 'html') and 'id' (other fields are "
            f"ignored), within the service's limits, in batches of {BATCH_SIZE}, streaming. Each "
            "output line is the API's JSON object; an article without an id gets its line "
            "number. Bad lines are reported on stderr with their line numbers and skipped."
        ),
        epilog="exit status: 0 every line scored, 1 error (no output written), "
        "3 some lines were bad (the others are written)",
    )
    score_file.add_argument("input", help="the JSONL file to score, or - for stdin")
    score_file.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to write the scored JSONL, replaced only once complete (default: stdout)",
    )
    score_file.set_defaults(run=run)


@dataclass(frozen=True)
class Line:
    number: int
    size: int
    article: ArticleFields | None
    problem: str | None


def parse_article(raw: bytes, default_id: str, articles: type[ArticleFields]) -> ArticleFields:
    """The article in one JSONL line, or ValueError saying what is wrong with it."""
    return article_from(record_from_line(raw), articles, default_id=default_id)


def read_lines(
    file: IO[bytes], articles: type[ArticleFields], first: int = 1, id_prefix: str = ""
) -> Iterator[Line]:
    """Each non-blank line of a JSONL file, parsed, one at a time, numbered from `first`.

    An article without an id gets `id_prefix` followed by its line number.
    """
    for number, raw in enumerate(file, start=first):
        if not raw.strip():
            continue
        try:
            yield Line(number, len(raw), parse_article(raw, f"{id_prefix}{number}", articles), None)
        except ValueError as error:
            yield Line(number, len(raw), None, str(error))


def batches(lines: Iterator[Line], size: int) -> Iterator[list[Line]]:
    """Runs of lines holding `size` good articles each (bad lines ride along to keep order)."""
    batch: list[Line] = []
    good = 0
    for line in lines:
        batch.append(line)
        good += line.article is not None
        if good == size:
            yield batch
            batch, good = [], 0
    if batch:
        yield batch


def score_good_lines(backend: Backend, lines: list[Line]) -> list[dict | ItemRejected]:
    """Results for the lines that parsed; one article the scorer refuses spares the others."""
    articles = [line.article for line in lines if line.article is not None]
    if not articles:
        return []
    try:
        return list(backend.score_batch(articles))
    except ItemRejected:
        results: list[dict | ItemRejected] = []
        for article in articles:
            try:
                results.append(backend.score_one(article))
            except ItemRejected as error:
                results.append(error)
        return results


def scored_batches(
    backend: Backend, lines: Iterator[Line]
) -> Iterator[list[tuple[Line, dict | ItemRejected]]]:
    """Each batch of lines with its outcome: the API's object, or why the line was not scored."""
    for batch in batches(lines, BATCH_SIZE):
        results = iter(score_good_lines(backend, batch))
        yield [
            (line, next(results) if line.article is not None else ItemRejected(line.problem))
            for line in batch
        ]


class AtomicOutput:
    """A file written under a temporary name and renamed into place only when complete.

    The temporary name starts with a dot, so readers of a folder of partitions pass it by.
    """

    def __init__(self, path: Path, binary: bool = False):
        self._path = path
        handle, self._temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent
        )
        self.file = os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8")

    def commit(self) -> None:
        self.file.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._temporary, 0o666 & ~umask)
        os.replace(self._temporary, self._path)

    def discard(self) -> None:
        self.file.close()
        Path(self._temporary).unlink(missing_ok=True)


def run(args: argparse.Namespace) -> int:
    from_stdin = args.input == "-"
    source = "<stdin>" if from_stdin else args.input
    try:
        file = sys.stdin.buffer if from_stdin else open(args.input, "rb")
    except OSError as error:
        raise CliError(f"cannot read {source}: {error.strerror}") from None
    try:
        backend = backends.open_backend(args)
        total_bytes = None if from_stdin else os.fstat(file.fileno()).st_size
        started = time.monotonic()
        scored, bad = score_into(args.output, backend, file, source, total_bytes)
    finally:
        if not from_stdin:
            file.close()
    seconds = time.monotonic() - started
    destination = "stdout" if args.output in (None, "-") else args.output
    print(
        f"hypegap: scored {scored:,} articles into {destination} in {seconds:.1f} s"
        + (f"; {bad:,} bad lines skipped" if bad else ""),
        file=sys.stderr,
    )
    return EXIT_BAD_LINES if bad else EXIT_OK


def score_into(
    output_path: str | None, backend: Backend, file: IO[bytes], source: str, total: int | None
) -> tuple[int, int]:
    """Stream the scores to stdout, or to a file that appears only once it is complete."""
    if output_path in (None, "-"):
        return stream_scores(backend, file, source, sys.stdout, total)
    try:
        output = AtomicOutput(Path(output_path))
    except OSError as error:
        raise CliError(f"cannot write {output_path}: {error.strerror}") from None
    try:
        with termination_as_interrupt():
            counts = stream_scores(backend, file, source, output.file, total)
    except BaseException:
        output.discard()
        raise
    output.commit()
    return counts


@contextlib.contextmanager
def termination_as_interrupt():
    """Let SIGTERM (`kill`, `timeout`) unwind like Ctrl+C, so the temporary file is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stream_scores(
    backend: Backend, file: IO[bytes], source: str, output: IO[str], total_bytes: int | None
) -> tuple[int, int]:
    """Score `file` batch by batch into `output`; returns (articles scored, bad lines)."""
    scored = bad = 0
    with contextlib.closing(Progress(sys.stderr, total_bytes)) as progress:
        for batch in scored_batches(backend, read_lines(file, backend.articles)):
            written = 0
            for line, result in batch:
                if isinstance(result, ItemRejected):
                    bad += 1
                    progress.report(f"{source}:{line.number}: {result}")
                else:
                    output.write(json.dumps(result, ensure_ascii=False) + "\n")
                    written += 1
            scored += written
            progress.advance(sum(line.size for line, _ in batch), written)
    output.flush()
    return scored, bad
