"""`hypegap feedback export|import`: editors' verdicts out of and into the feedback database.

Both work on the database the service uses (its `database_url` setting: HYPEGAP_DATABASE_URL,
else var/feedback.sqlite3), or on `--database-url`. A line of an export is the object
`GET /v1/feedback` lists; an import takes the same objects, or the body of a
`POST /v1/feedback` (with an optional `id` and `received_at`), one per line.
"""

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from pydantic import Field, ValidationError

from service.cli import backends
from service.cli.articles import problem, record_from_line
from service.cli.errors import EXIT_OK, CliError
from service.cli.score_file import AtomicOutput, termination_as_interrupt
from service.schemas import ArticleText, feedback_request
from service.settings import Settings

# Bad lines reported before an import gives up (it imports nothing when any line is bad).
MAX_PROBLEMS_SHOWN = 20


def add_to(commands: argparse._SubParsersAction) -> None:
    feedback = commands.add_parser(
        "feedback",
        help="export or import editors' verdicts",
        description="Editors' verdicts in the feedback database, as JSONL.",
    )
    actions = feedback.add_subparsers(dest="action", required=True, metavar="ACTION")
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument(
        "--database-url",
        metavar="URL",
        help="the verdicts' database (default: the service's setting, $HYPEGAP_DATABASE_URL, "
        "else sqlite:///var/feedback.sqlite3)",
    )
    export = actions.add_parser(
        "export",
        parents=[database],
        help="write every verdict as JSONL, oldest first",
        description="Write every stored verdict, one JSON object per line, oldest first, as "
        "GET /v1/feedback lists them (article text included: handle the file as the database).",
    )
    export.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="the JSONL file, replaced only once complete (default: stdout)",
    )
    export.set_defaults(run=run_export)
    load = actions.add_parser(
        "import",
        parents=[database],
        help="load verdicts from a JSONL file",
        description="Load verdicts collected elsewhere: one JSON object per line, as an export "
        "writes them or as POST /v1/feedback takes them. Every line is checked first; if any "
        "is bad nothing is imported. Ids and times are kept, so importing the same export "
        "twice adds nothing; the dedupe rule of the API applies too.",
    )
    load.add_argument("input", help="the JSONL file, or - for stdin")
    load.set_defaults(run=run_import)


def open_store(args: argparse.Namespace):
    from feedback.database import DatabaseUnavailable
    from feedback.store import VerdictStore

    settings = backends.service_settings()
    url = args.database_url or settings.database_url
    try:
        return VerdictStore(url)
    except ValueError as error:
        raise CliError(f"--database-url: {error}") from None
    except DatabaseUnavailable as error:
        raise CliError(f"the feedback database is unavailable: {error}") from None


def run_export(args: argparse.Namespace) -> int:
    from feedback.database import DatabaseUnavailable

    store = open_store(args)
    try:
        if args.output in (None, "-"):
            count = write_verdicts(store, sys.stdout)
        else:
            count = export_atomically(store, Path(args.output))
    except DatabaseUnavailable as error:
        raise CliError(f"the feedback database is unavailable: {error}") from None
    destination = "stdout" if args.output in (None, "-") else args.output
    print(f"hypegap: exported {count:,} verdicts to {destination}", file=sys.stderr)
    return EXIT_OK


def export_atomically(store, path: Path) -> int:
    try:
        output = AtomicOutput(path)
    except OSError as error:
        raise CliError(f"cannot write {path}: {error.strerror}") from None
    try:
        with termination_as_interrupt():
            count = write_verdicts(store, output.file)
    except BaseException:
        output.discard()
        raise
    output.commit()
    return count


def write_verdicts(store, file) -> int:
    count = 0
    for verdict in store.all():
        file.write(json.dumps(verdict.to_json(), ensure_ascii=False) + "\n")
        count += 1
    return count


def imported_verdict(settings: Settings) -> type[ArticleText]:
    """A verdict as POST /v1/feedback takes it, with the id and time another service gave it."""

    class ImportedVerdict(feedback_request(settings)):
        id: str | None = Field(None, max_length=36)
        received_at: datetime | None = None

    return ImportedVerdict


def run_import(args: argparse.Namespace) -> int:
    from feedback.database import DatabaseUnavailable

    source = "<stdin>" if args.input == "-" else args.input
    try:
        file = sys.stdin.buffer if args.input == "-" else open(args.input, "rb")
    except OSError as error:
        raise CliError(f"cannot read {source}: {error.strerror}") from None
    with file:
        verdicts = read_verdicts(file, source, imported_verdict(backends.service_settings()))
    store = open_store(args)
    try:
        added, present = store.add_all(verdicts)
    except DatabaseUnavailable as error:
        raise CliError(f"the feedback database is unavailable: {error}") from None
    print(
        f"hypegap: imported {added:,} verdicts from {source}"
        + (f"; {present:,} were already stored" if present else ""),
        file=sys.stderr,
    )
    return EXIT_OK


def read_verdicts(file, source: str, model) -> list:
    """Every line's verdict, checked; CliError listing the bad lines if there is any."""
    from feedback.store import Verdict

    verdicts, problems = [], []
    for number, raw in enumerate(file, start=1):
        if not raw.strip():
            continue
        try:
            record = record_from_line(raw)
            fields = {key: value for key, value in record.items() if key in model.model_fields}
            try:
                # As JSON, as the API reads it: strict types, and times written as text.
                item = model.model_validate_json(json.dumps(fields))
                body = item.body_text
            except ValidationError as error:
                raise ValueError(problem(error.errors()[0], "field '{}'")) from None
        except ValueError as error:
            problems.append(f"{source}:{number}: {error}")
            continue
        verdicts.append(
            Verdict(
                headline=item.headline,
                body=body,
                verdict=item.verdict,
                score_shown=item.score_shown,
                level_shown=item.level_shown,
                model_version=item.model_version,
                article_id=item.article_id,
                editor=item.editor,
                note=item.note,
                id=item.id or "",
                received_at=item.received_at,
            )
        )
    if problems:
        shown = "\n".join(problems[:MAX_PROBLEMS_SHOWN])
        more = len(problems) - MAX_PROBLEMS_SHOWN
        raise CliError(
            f"{len(problems):,} bad lines, nothing imported:\n{shown}"
            + (f"\n... and {more:,} more" if more > 0 else "")
        )
    return verdicts
