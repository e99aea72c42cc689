"""InSciOut (Wright & Augenstein, 2021): a press release's conclusion beside its paper's.

The training split only; its test split is part of the held-out evaluation and is not here.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from training.corpora.claim_strength import LABELS
from training.corpora.common import DataError, clean_text, read_jsonl, resolve_data_dir

PAIRS = "insciout/insciout_train.jsonl.gz"
FILES = (PAIRS,)

Exaggeration = Literal["exaggerates", "same", "downplays"]


@dataclass(frozen=True)
class InSciOutPair:
    id: str
    press_release_conclusion: str
    press_release_strength: int  # claim strength, 0..3 as in claim_strength
    abstract_conclusion: str
    abstract_strength: int
    exaggeration: Exaggeration  # the press release's claim against the abstract's


def load(data_dir: str | Path) -> list[InSciOutPair]:
    """Every pair of the file, in order, with the labels checked against their scales."""
    pairs = []
    for line, row in enumerate(read_jsonl(resolve_data_dir(data_dir), PAIRS), start=1):
        where = f"{PAIRS}:{line}"
        if row["exaggeration_label"] not in get_args(Exaggeration):
            raise DataError(
                f"unexpected exaggeration_label {row['exaggeration_label']!r} at {where}"
            )
        pairs.append(
            InSciOutPair(
                id=str(row["original_file_id"]),
                press_release_conclusion=clean_text(row["press_release_conclusion"]),
                press_release_strength=_strength(row["press_release_strength"], where),
                abstract_conclusion=clean_text(row["abstract_conclusion"]),
                abstract_strength=_strength(row["abstract_strength"], where),
                exaggeration=row["exaggeration_label"],
            )
        )
    return pairs


def _strength(value: object, where: str) -> int:
    if type(value) is not int or value not in LABELS:
        raise DataError(f"claim strength {value!r} at {where} is not one of 0, 1, 2, 3")
    return value
