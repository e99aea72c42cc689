"""Stop Clickbait (Chakraborty et al.): headlines labelled clickbait or not, one file each."""

from dataclasses import dataclass
from pathlib import Path

from training.corpora.common import read_lines, resolve_data_dir

POSITIVES = "chakraborty/clickbait_data.gz"
NEGATIVES = "chakraborty/non_clickbait_data.gz"
FILES = (POSITIVES, NEGATIVES)


@dataclass(frozen=True)
class LabelledHeadline:
    headline: str
    clickbait: bool


def load(data_dir: str | Path) -> list[LabelledHeadline]:
    """Stop Clickbait headlines; a headline found in both files is ambiguous and dropped."""
    directory = resolve_data_dir(data_dir)
    labelled = {
        clickbait: list(dict.fromkeys(read_lines(directory, file)))
        for clickbait, file in ((True, POSITIVES), (False, NEGATIVES))
    }
    in_both = set(labelled[True]) & set(labelled[False])
    return [
        LabelledHeadline(headline=headline, clickbait=clickbait)
        for clickbait, headlines in labelled.items()
        for headline in headlines
        if headline not in in_both
    ]
