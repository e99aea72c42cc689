"""The corpora of the data directory (../shared/data/README.md), one module each.

Each module declares in FILES every file its loader opens (relative to the data directory); the
files a model's metadata lists and hashes are derived from those declarations.
"""

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from model.artifact import sha256_of
from training.corpora import (
    bbc,
    claim_strength,
    fnc1,
    insciout,
    reuters,
    stop_clickbait,
    webis17,
    webis22,
)
from training.corpora.common import existing_file

CORPORA: tuple[ModuleType, ...] = (
    webis17,
    webis22,
    fnc1,
    bbc,
    reuters,
    stop_clickbait,
    claim_strength,
    insciout,
)


def files_of(corpora: Iterable[ModuleType]) -> list[str]:
    """Every file the given corpora read, relative to the data directory, each named once."""
    return list(dict.fromkeys(file for corpus in corpora for file in corpus.FILES))


def file_digests(paths: Iterable[str | Path], data_dir: Path) -> dict[str, str]:
    """Map each path (relative to data_dir, or absolute inside it) to the sha256 of its bytes."""
    directory = Path(data_dir).absolute()
    digests = {}
    for path in paths:
        full_path = existing_file(directory, path)
        digests[full_path.relative_to(directory).as_posix()] = sha256_of(full_path)
    return digests
