"""The `hypegap` command: score articles from a terminal, with the model on disk or a service.

Every scored article is printed as the API's JSON object (`id`, `score`, `level`,
`headline_only`, `model_version`, `explanation`), whether the local model or a running service
(`--url`) scored it, so scripts can switch between the two without noticing.
"""

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
from typing import IO, Protocol

import httpx

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_LINES = 3
EXIT_INTERRUPTED = 130

BATCH_SIZE = 64
REQUEST_TIMEOUT_SECONDS = 120.0
PROGRESS_INTERVAL_SECONDS = 0.1
PROGRESS_BAR_WIDTH = 30
PASSTHROUGH = {
    "train": ("training.train", "fit the model and save an artifact (same as `make train`)"),
    "evaluate": ("training.evaluate", "score held-out data and write reports (`make evaluate`)"),
}


class CliError(Exception):
    """A failure the user can act on, printed as one line without a traceback."""


class ItemRejected(Exception):
    """The scorer or the service refused one article; the other articles can still be scored."""


# Scoring backends: the model loaded in this process, or a running service over HTTP.


class Backend(Protocol):
    def score_one(self, item: dict) -> dict: ...

    def score_batch(self, items: list[dict]) -> list[dict]: ...


def api_object(article_id: str | None, scored: dict) -> dict:
    """The API's response object for one article, from `Scored.to_dict()`."""
    return {
        "id": article_id,
        "score": scored["score"],
        "level": scored["level"],
        "headline_only": scored["headline_only"],
        "model_version": scored["model_version"],
        "explanation": scored["explanation"],
    }


class LocalBackend:
    """Scores with the model artifact in `model_dir`, loaded once."""

    def __init__(self, model_dir: str):
        # Imported here so that `--url`, `--help` and the pass-through commands stay quick.
        from model.artifact import ArtifactError
        from model.scorer import Scorer

        try:
            self._scorer = Scorer.load(model_dir)
        except ArtifactError as error:
            raise CliError(str(error)) from None

    def score_one(self, item: dict) -> dict:
        return self.score_batch([item])[0]

    def score_batch(self, items: list[dict]) -> list[dict]:
        from model.scorer import Article, InvalidArticle

        articles = [Article(item["headline"], item.get("body", "")) for item in items]
        try:
            scored = self._scorer.score_batch(articles)
        except InvalidArticle as error:
            raise ItemRejected(str(error)) from None
        return [
            api_object(item.get("id"), result.to_dict())
            for item, result in zip(items, scored, strict=True)
        ]


class ServiceBackend:
    """Sends articles to a running hypegap service: `/v1/score` and `/v1/score/batch`."""

    def __init__(self, url: str, api_key: str | None):
        self._url = url.rstrip("/")
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=self._url, headers=headers, timeout=REQUEST_TIMEOUT_SECONDS
        )

    def score_one(self, item: dict) -> dict:
        return self._post("/v1/score", item)

    def score_batch(self, items: list[dict]) -> list[dict]:
        return self._post("/v1/score/batch", {"items": items})["results"]

    def _post(self, path: str, payload: dict) -> dict:
        try:
            response = self._client.post(path, json=payload)
        except httpx.HTTPError as error:
            raise CliError(f"cannot reach the service at {self._url}: {error}") from None
        if response.status_code == 200:
            return response.json()
        message = service_error_message(response)
        if response.status_code in (413, 422):
            raise ItemRejected(message)
        if response.status_code == 401:
            raise CliError(
                f"the service at {self._url} refused the request (401: {message}): "
                "pass --api-key or set HYPEGAP_API_KEY"
            )
        raise CliError(f"the service at {self._url} answered {response.status_code}: {message}")


def service_error_message(response: httpx.Response) -> str:
    """The message of the API's `{"error": {"code", "message", "field"?}}` body, or its text."""
    try:
        error = response.json()["error"]
        field = f" (field {error['field']})" if error.get("field") else ""
        return f"{error['message']}{field}"
    except (ValueError, KeyError, TypeError):
        return response.text.strip()[:200] or response.reason_phrase


def open_backend(args: argparse.Namespace) -> Backend:
    if args.url:
        return ServiceBackend(args.url, args.api_key)
    return LocalBackend(args.model or configured_model_dir())


def configured_model_dir() -> str:
    """The service's `model_dir` setting, so the command and the service load the same model."""
    from pydantic import ValidationError

    from service.settings import Settings

    try:
        return str(Settings().model_dir)
    except ValidationError as error:
        first = error.errors()[0]
        setting = f"HYPEGAP_{str(first['loc'][0]).upper()}" if first["loc"] else "settings"
        raise CliError(f"the service settings are invalid: {setting}: {first['msg']}") from None
    except ValueError as error:
        raise CliError(f"the service settings are invalid: {error}") from None


# `hypegap score`: one article, printed for a person or as JSON.


def command_score(args: argparse.Namespace) -> int:
    if not args.headline.strip():
        raise CliError("the headline is empty")
    item = {"headline": args.headline, "body": read_body(args)}
    try:
        result = open_backend(args).score_one(item)
    except ItemRejected as error:
        raise CliError(str(error)) from None
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(describe(result))
    return EXIT_OK


def read_body(args: argparse.Namespace) -> str:
    if args.body is not None:
        return args.body
    if args.body_file is None:
        return ""
    if args.body_file == "-":
        return sys.stdin.read()
    try:
        return Path(args.body_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"cannot read the body file {args.body_file}: {error}") from None


def signed(weight: float) -> str:
    return f"{weight:+.2f}"


def describe(result: dict) -> str:
    """A plain-text report of one scored article."""
    lines = [
        f"score  {result['score']:.2f}  {result['level']}",
        f"model  {result['model_version']}",
    ]
    reasons = result["explanation"]["reasons"]
    if reasons:
        lines.append("reasons (+ raises the score, - lowers it):")
        lines += [f"  {signed(r['weight']):>6}  {r['message']}" for r in reasons]
    terms = sorted(result["explanation"]["headline_terms"], key=lambda t: -abs(t["weight"]))
    if terms:
        lines.append("headline words:")
        lines += [f"  {signed(t['weight']):>6}  {t['text']}" for t in terms]
    return "\n".join(lines)


# `hypegap score-file`: a JSONL file, streamed in batches.


@dataclass(frozen=True)
class Line:
    number: int
    size: int
    item: dict | None
    problem: str | None


def parse_article(raw: bytes, number: int) -> dict:
    """The article in one JSONL line, or ValueError saying what is wrong with it."""
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error.msg} (column {error.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {json_type(record)}")
    if "headline" not in record:
        raise ValueError("missing field 'headline'")
    article = {"headline": "", "body": "", "id": str(number)}
    for field in article:
        value = record.get(field, article[field])
        if not isinstance(value, str):
            raise ValueError(f"field '{field}' must be a string, got {json_type(value)}")
        article[field] = value
    if not article["headline"].strip():
        raise ValueError("field 'headline' is empty")
    return article


def json_type(value) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names[type(value)]


def read_lines(file: IO[bytes]) -> Iterator[Line]:
    """Each non-blank line of a JSONL file, parsed, one at a time."""
    for number, raw in enumerate(file, start=1):
        if not raw.strip():
            continue
        try:
            yield Line(number, len(raw), parse_article(raw, number), None)
        except ValueError as error:
            yield Line(number, len(raw), None, str(error))


def batches(lines: Iterator[Line], size: int) -> Iterator[list[Line]]:
    """Runs of lines holding `size` good articles each (bad lines ride along to keep order)."""
    batch: list[Line] = []
    good = 0
    for line in lines:
        batch.append(line)
        good += line.item is not None
        if good == size:
            yield batch
            batch, good = [], 0
    if batch:
        yield batch


def score_good_lines(backend: Backend, lines: list[Line]) -> list[dict | ItemRejected]:
    """Results for the lines that parsed; one article the scorer refuses spares the others."""
    items = [line.item for line in lines if line.item is not None]
    if not items:
        return []
    try:
        return list(backend.score_batch(items))
    except ItemRejected:
        results: list[dict | ItemRejected] = []
        for item in items:
            try:
                results.append(backend.score_one(item))
            except ItemRejected as error:
                results.append(error)
        return results


class Progress:
    """Progress on stderr: a one-line bar, drawn only on a terminal, and the bad-line reports."""

    def __init__(self, stream: IO[str], total_bytes: int | None):
        self._stream = stream
        self._enabled = stream.isatty()
        self._total = total_bytes
        self._started = self._drawn = time.monotonic()
        self._bytes = self._articles = 0

    def advance(self, size: int, articles: int) -> None:
        self._bytes += size
        self._articles += articles
        now = time.monotonic()
        if self._enabled and now - self._drawn >= PROGRESS_INTERVAL_SECONDS:
            self._drawn = now
            self._stream.write("\r" + self._render(now) + "\x1b[K")
            self._stream.flush()

    def report(self, message: str) -> None:
        """A line of its own above the bar, which the next advance redraws."""
        self._stream.write(("\r\x1b[K" if self._enabled else "") + message + "\n")

    def _render(self, now: float) -> str:
        rate = self._articles / max(now - self._started, 1e-9)
        counts = f"{self._articles:,} articles  {rate:,.0f}/s"
        if not self._total:
            return counts
        share = min(self._bytes / self._total, 1.0)
        filled = round(share * PROGRESS_BAR_WIDTH)
        bar = "#" * filled + "." * (PROGRESS_BAR_WIDTH - filled)
        return f"[{bar}] {share:4.0%}  {counts}"

    def close(self) -> None:
        if self._enabled:
            self._stream.write("\r\x1b[K")
            self._stream.flush()


class AtomicOutput:
    """A text file written under a temporary name and renamed into place only when complete."""

    def __init__(self, path: Path):
        self._path = path
        handle, self._temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".part", dir=path.parent
        )
        self.file = os.fdopen(handle, "w", encoding="utf-8")

    def commit(self) -> None:
        self.file.close()
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self._temporary, 0o666 & ~umask)
        os.replace(self._temporary, self._path)

    def discard(self) -> None:
        self.file.close()
        Path(self._temporary).unlink(missing_ok=True)


def command_score_file(args: argparse.Namespace) -> int:
    from_stdin = args.input == "-"
    source = "<stdin>" if from_stdin else args.input
    try:
        file = sys.stdin.buffer if from_stdin else open(args.input, "rb")
    except OSError as error:
        raise CliError(f"cannot read {source}: {error.strerror}") from None
    try:
        backend = open_backend(args)
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
    progress = Progress(sys.stderr, total)
    if output_path in (None, "-"):
        try:
            return stream_scores(backend, file, source, sys.stdout, progress)
        finally:
            progress.close()
    try:
        output = AtomicOutput(Path(output_path))
    except OSError as error:
        raise CliError(f"cannot write {output_path}: {error.strerror}") from None
    try:
        with termination_as_interrupt():
            counts = stream_scores(backend, file, source, output.file, progress)
    except BaseException:
        output.discard()
        raise
    finally:
        progress.close()
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
    backend: Backend, file: IO[bytes], source: str, output: IO[str], progress: Progress
) -> tuple[int, int]:
    """Score `file` batch by batch into `output`; returns (articles scored, bad lines)."""
    scored = bad = 0
    for batch in batches(read_lines(file), BATCH_SIZE):
        results = iter(score_good_lines(backend, batch))
        written = 0
        for line in batch:
            result = next(results) if line.item is not None else ItemRejected(line.problem)
            if isinstance(result, ItemRejected):
                bad += 1
                progress.report(f"{source}:{line.number}: {result}")
            else:
                output.write(json.dumps(result, ensure_ascii=False) + "\n")
                written += 1
        scored += written
        progress.advance(sum(line.size for line in batch), written)
    output.flush()
    return scored, bad


# `hypegap train` and `hypegap evaluate`: the training CLIs, unchanged.


def run_passthrough(command: str, argv: list[str]) -> int:
    import importlib

    module_name = PASSTHROUGH[command][0]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            message = f"`hypegap {command}` is not available: {module_name} is missing"
            raise CliError(message) from None
        raise
    return module.main(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hypegap",
        description="Score how far news headlines overstate what their article bodies support.",
        epilog=(
            "exit status: 0 done, 1 error, 2 bad usage, "
            "3 score-file skipped bad input lines (the good ones are written)"
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    source = argparse.ArgumentParser(add_help=False)
    where = source.add_argument_group("where the scoring happens")
    where.add_argument(
        "--model",
        metavar="DIR",
        help="model artifact folder to load (default: the service's model_dir setting, "
        "$HYPEGAP_MODEL_DIR, else artifacts/current)",
    )
    where.add_argument(
        "--url",
        help="send the articles to a running hypegap service, e.g. http://127.0.0.1:8000, "
        "instead of loading the model here",
    )
    where.add_argument(
        "--api-key",
        default=os.environ.get("HYPEGAP_API_KEY"),
        help="API key for --url, sent as a Bearer token (default: $HYPEGAP_API_KEY)",
    )

    score = commands.add_parser(
        "score",
        parents=[source],
        help="score one headline and body",
        description="Score one headline against its body and print the score, level and reasons.",
    )
    score.add_argument("--headline", required=True, help="the headline to score")
    body = score.add_mutually_exclusive_group()
    body.add_argument("--body", help="the article body as text")
    body.add_argument(
        "--body-file", metavar="PATH", help="read the body from a UTF-8 file, or - for stdin"
    )
    score.add_argument("--json", action="store_true", help="print the API's JSON object instead")
    score.set_defaults(handler=command_score)

    score_file = commands.add_parser(
        "score-file",
        parents=[source],
        help="score a JSONL file of articles",
        description=(
            "Score a JSONL file, one article per line with the fields 'headline', 'body' and an "
            "optional 'id' (other fields are ignored), in batches of "
            f"{BATCH_SIZE}, streaming. Each output line is the API's JSON object; an article "
            "without an id gets its line number. Bad lines are reported on stderr with their "
            "line numbers and skipped."
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
    score_file.set_defaults(handler=command_score_file)

    for name, (_, summary) in PASSTHROUGH.items():
        commands.add_parser(name, help=summary, add_help=False)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in PASSTHROUGH:
            return run_passthrough(argv[0], argv[1:])
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except CliError as error:
        print(f"hypegap: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("hypegap: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (`| head`) went away: stop quietly, as other Unix tools do, and keep
        # Python from failing again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as error:
        print(f"hypegap: {error}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
