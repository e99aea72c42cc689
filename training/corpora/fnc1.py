"""FNC-1 (Fake News Challenge stage 1): headline/body pairs with the body's stance."""

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from training.corpora.common import DataError, clean_body, clean_text, read_csv, resolve_data_dir

PARTS = ("train", "competition_test")


def _file(part: str, kind: Literal["stances", "bodies"]) -> str:
    return f"fnc1/{part}_{kind}.csv.gz"


FILES = tuple(_file(part, kind) for part in PARTS for kind in ("stances", "bodies"))


@dataclass(frozen=True)
class FncPair:
    headline: str
    body_id: int
    body: str
    stance: str


def load(data_dir: str | Path, part: Literal["train", "competition_test"]) -> list[FncPair]:
    """FNC-1 headline/body pairs with the body's stance towards the headline."""
    if part not in PARTS:
        raise ValueError(f"unknown FNC-1 part {part!r}; expected one of {PARTS}")
    directory = resolve_data_dir(data_dir)
    bodies_file = _file(part, "bodies")
    bodies = {
        int(row["Body ID"]): clean_body(row["articleBody"].split("\n"))
        for row in read_csv(directory, bodies_file)
    }
    pairs = []
    for row in read_csv(directory, _file(part, "stances")):
        body_id = int(row["Body ID"])
        if body_id not in bodies:
            raise DataError(f"Body ID {body_id} has no body in {directory / bodies_file}")
        pairs.append(
            FncPair(
                headline=clean_text(row["Headline"]),
                body_id=body_id,
                body=bodies[body_id],
                stance=row["Stance"].strip(),
            )
        )
    return pairs
