"""What every corpus module shares: the data directory, gzip readers, text cleaning, splits.

Loaders return clean records: text is HTML-unescaped and whitespace-normalised, bodies keep
their paragraphs separated by a blank line. The raw files are never modified.
"""

import csv
import gzip
import hashlib
import html
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DEFAULT_DATA_DIR = Path("../shared/data")
PARAGRAPH_BREAK = "\n\n"
_HOW_TO_OVERRIDE = "set DATA_DIR or pass --data-dir"


class DataError(Exception):
    """A data directory or data file is missing or unreadable."""


@dataclass(frozen=True)
class NewsArticle:
    """An editor's headline over its article (BBC, Reuters): the faithful reference."""

    id: str
    title: str
    body: str
    source: str


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """The data directory: the argument, else $DATA_DIR, else DEFAULT_DATA_DIR (absolute)."""
    if data_dir is not None:
        directory, origin = Path(data_dir), "the data_dir argument"
    elif os.environ.get("DATA_DIR"):
        directory, origin = Path(os.environ["DATA_DIR"]), "$DATA_DIR"
    else:
        directory, origin = DEFAULT_DATA_DIR, "the default"
    directory = directory.expanduser().absolute()
    if not directory.is_dir():
        raise DataError(
            f"data directory not found: {directory} (taken from {origin}; {_HOW_TO_OVERRIDE})"
        )
    return directory


def existing_file(directory: Path, relative_path: str | Path) -> Path:
    path = directory / relative_path
    if not path.is_file():
        raise DataError(
            f"data file missing: {path.absolute()} (data directory {directory}; {_HOW_TO_OVERRIDE})"
        )
    return path


def read_jsonl(directory: Path, relative_path: str) -> Iterator[dict]:
    path = existing_file(directory, relative_path)
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line_number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise DataError(f"invalid JSON at {path}:{line_number}: {error}") from error


def read_csv(directory: Path, relative_path: str) -> Iterator[dict[str, str]]:
    # newline="" lets the csv module keep the newlines inside quoted bodies.
    with gzip.open(
        existing_file(directory, relative_path), "rt", encoding="utf-8", newline=""
    ) as f:
        yield from csv.DictReader(f)


def read_lines(directory: Path, relative_path: str) -> Iterator[str]:
    """The file's non-blank lines, cleaned."""
    with gzip.open(existing_file(directory, relative_path), "rt", encoding="utf-8") as lines:
        for line in lines:
            if text := clean_text(line):
                yield text


def clean_text(text: str) -> str:
    return " ".join(html.unescape(text).split())


def clean_body(paragraphs: Iterable[str]) -> str:
    cleaned = (clean_text(paragraph) for paragraph in paragraphs)
    return PARAGRAPH_BREAK.join(paragraph for paragraph in cleaned if paragraph)


def dedupe_key(text: str) -> str:
    return " ".join(text.casefold().split())


def first_of_each_body(articles: Iterable[NewsArticle]) -> list[NewsArticle]:
    first_by_body: dict[str, NewsArticle] = {}
    for article in articles:
        first_by_body.setdefault(dedupe_key(article.body), article)
    return list(first_by_body.values())


def split_of(
    key: str, test_share: float, validation_share: float = 0.0
) -> Literal["train", "validation", "test"]:
    """Assign a key to a split from its sha256 alone, so the split never depends on order or run."""
    if test_share < 0 or validation_share < 0 or test_share + validation_share >= 1:
        raise ValueError(
            f"shares must be non-negative and leave room for training: "
            f"test_share={test_share}, validation_share={validation_share}"
        )
    position = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8]) / 2**64
    if position < test_share:
        return "test"
    if position < test_share + validation_share:
        return "validation"
    return "train"
