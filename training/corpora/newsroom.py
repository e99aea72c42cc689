"""The newsroom's own ratings: editors' verdicts in the feedback database, and rated files.

Not in the data directory, so not in the registry of public corpora (`CORPORA`): the verdicts
are read from the database the service writes (HYPEGAP_DATABASE_URL, else its default SQLite
file; a file that does not exist holds no verdicts), the files from the paths the training
config declares. Every row comes back with the level the newsroom gave it.

A newsroom file is JSONL (`.jsonl`) or CSV (`.csv`), one article per row: `headline`, optional
`body` and `id`, and either `target` (0 = the body fully supports the headline .. 1 = not at
all) or `level` (faithful, stretched, overstated).
"""

import csv
import json
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from feedback import DATABASE_URL_VARIABLE, DEFAULT_DATABASE_URL
from feedback.schema import LEVELS
from feedback.store import article_key
from training.corpora.common import DataError, clean_text

VERDICTS = "verdicts"


@dataclass(frozen=True)
class RatedArticle:
    headline: str
    body: str
    level: str  # what the newsroom says the headline deserves
    target: float | None  # a file's own target; None: the level's target from the config
    key: str  # the same article has the same key, whatever source rates it: it decides the split
    model_version: str | None = None  # the model whose score the editor saw (verdicts)
    level_shown: str | None = None  # the level the editor saw (verdicts)


def level_of(target: float) -> str:
    """The level a target falls in, cut at 1/3 and 2/3 as training chooses its thresholds."""
    return LEVELS[0] if target < 1 / 3 else LEVELS[1] if target < 2 / 3 else LEVELS[2]


def database_url() -> str:
    return os.environ.get(DATABASE_URL_VARIABLE) or DEFAULT_DATABASE_URL


def load_verdicts(url: str) -> list[RatedArticle]:
    """Every verdict in the database at `url`, oldest first; none if its SQLite file is absent."""
    from feedback.database import DatabaseUnavailable, parse_url, safe_url, sqlite_file
    from feedback.store import VerdictStore

    try:
        path = sqlite_file(parse_url(url))
    except ValueError as error:
        raise DataError(f"{DATABASE_URL_VARIABLE}: {error}") from None
    if path is not None and not path.is_file():
        return []
    try:
        return [
            RatedArticle(
                headline=verdict.headline,
                body=verdict.body,
                level=verdict.verdict,
                target=None,
                key=article_key(verdict.article_id, verdict.headline, verdict.body),
                model_version=verdict.model_version,
                level_shown=verdict.level_shown,
            )
            for verdict in VerdictStore(url).all()
        ]
    except DatabaseUnavailable as error:
        raise DataError(
            f"cannot read the editors' verdicts ({error}); set {DATABASE_URL_VARIABLE} to the "
            f"service's database, e.g. {safe_url(DEFAULT_DATABASE_URL)}"
        ) from None


def load_file(path: str | Path) -> list[RatedArticle]:
    """Every row of a newsroom file, checked, in order."""
    path = Path(path)
    if not path.is_file():
        raise DataError(f"newsroom file missing: {path.absolute()} (declared in the config)")
    return [_rated(row, f"{path}:{line}") for line, row in _rows(path)]


def _rows(path: Path) -> Iterator[tuple[int, dict]]:
    suffix = path.suffix.lower()
    with open(path, encoding="utf-8", newline="") as file:
        if suffix == ".csv":
            # Line 1 is the header; a quoted body may span lines, so rows are counted instead.
            for number, row in enumerate(csv.DictReader(file), start=2):
                yield number, {key: value for key, value in row.items() if value not in ("", None)}
        elif suffix == ".jsonl":
            for number, line in enumerate(file, start=1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as error:
                    raise DataError(f"invalid JSON at {path}:{number}: {error.msg}") from None
                if not isinstance(row, dict):
                    raise DataError(f"{path}:{number}: expected a JSON object")
                yield number, row
        else:
            raise DataError(f"newsroom file {path}: expected a .jsonl or .csv file")


def _rated(row: dict, where: str) -> RatedArticle:
    headline = row.get("headline")
    body = row.get("body", "")
    if not isinstance(headline, str) or not headline.strip():
        raise DataError(f"{where}: headline is missing or blank")
    if not isinstance(body, str):
        raise DataError(f"{where}: body must be text")
    if ("target" in row) == ("level" in row):
        raise DataError(f"{where}: give either target (0..1) or level, not both or neither")
    if "level" in row:
        if row["level"] not in LEVELS:
            raise DataError(f"{where}: level {row['level']!r} is not one of {', '.join(LEVELS)}")
        level, target = row["level"], None
    else:
        target = _target(row["target"], where)
        level = level_of(target)
    article_id = row.get("id")
    headline, body = clean_text(headline), body.strip()
    return RatedArticle(
        headline=headline,
        body=body,
        level=level,
        target=target,
        key=article_key(None if article_id is None else str(article_id), headline, body),
    )


def _target(value, where: str) -> float:
    try:
        target = float(value)  # a CSV cell is text
    except (TypeError, ValueError):
        target = math.nan
    if isinstance(value, bool) or not 0 <= target <= 1:
        raise DataError(f"{where}: target {value!r} is not a number from 0 to 1")
    return target
