"""Claim strength of science findings (Yu et al., 2019 and 2020), one sentence per record.

Press-release headlines and opening sentences (EurekAlert) and PubMed conclusion sentences, each
labelled on one scale: 0 no relation, 1 correlational, 2 conditional causal, 3 direct causal.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from training.corpora.common import DataError, clean_text, dedupe_key, read_csv, resolve_data_dir

PRESS_RELEASES = "claim_strength/eureka_press_release_claims.csv.gz"
PUBMED = "claim_strength/pubmed_causal_language_use.csv.gz"
FILES = (PRESS_RELEASES, PUBMED)

LABELS = range(4)
# The PubMed file keeps its authors' own coding (Yu, Li & Wang 2019: 1 direct causal, 3
# correlational), not the common scale the press-release file and the data card use: read 20 of
# its "3"s and half say "associated with" / "more likely"; its "1"s say "increases", "improved".
PUBMED_TO_COMMON_SCALE = {0: 0, 1: 3, 2: 2, 3: 1}
Register = Literal["press_headline", "press_sentence", "pubmed"]
_REGISTER_OF_KIND: dict[str, Register] = {
    "headline": "press_headline",
    "sentence": "press_sentence",
}


@dataclass(frozen=True)
class ClaimSentence:
    text: str
    label: int  # 0 no relation, 1 correlational, 2 conditional causal, 3 direct causal
    register: Register
    group: str  # records of one group must stay on one side of any split
    release_id: str | None  # the press release the sentence is from; None for PubMed


def load(data_dir: str | Path) -> list[ClaimSentence]:
    """Press-release rows, then PubMed rows, with their double-encoded characters repaired.

    Press rows are grouped by the paper their release reports (the PubMed id that starts the
    release id): two releases of one paper repeat its sentences, so they must not be split. A
    PubMed sentence is its own group. A text that occurs twice is kept once, and dropped if its
    two labels differ.
    """
    directory = resolve_data_dir(data_dir)
    by_text: dict[str, list[ClaimSentence]] = {}
    for record in (*_read_press_releases(directory), *_read_pubmed(directory)):
        if record.text:
            by_text.setdefault(dedupe_key(record.text), []).append(record)
    return [
        records[0] for records in by_text.values() if len({record.label for record in records}) == 1
    ]


def _read_press_releases(directory: Path) -> Iterator[ClaimSentence]:
    for line, row in enumerate(read_csv(directory, PRESS_RELEASES), start=2):
        if row["kind"] not in _REGISTER_OF_KIND:
            raise DataError(f"unexpected kind {row['kind']!r} at {PRESS_RELEASES}:{line}")
        yield ClaimSentence(
            text=repair_text(row["sentence"]),
            label=_label(row["label"], PRESS_RELEASES, line),
            register=_REGISTER_OF_KIND[row["kind"]],
            group=f"paper:{row['release_id'].split('-', 1)[0]}",
            release_id=row["release_id"],
        )


def _read_pubmed(directory: Path) -> Iterator[ClaimSentence]:
    for line, row in enumerate(read_csv(directory, PUBMED), start=2):
        text = repair_text(row["sentence"])
        yield ClaimSentence(
            text=text,
            label=PUBMED_TO_COMMON_SCALE[_label(row["label"], PUBMED, line)],
            register="pubmed",
            group=f"pubmed:{dedupe_key(text)}",
            release_id=None,
        )


def _label(value: str, file: str, line: int) -> int:
    if not value.strip().isdigit() or int(value) not in LABELS:
        raise DataError(f"label {value!r} at {file}:{line} is not one of 0, 1, 2, 3")
    return int(value)


def repair_text(text: str) -> str:
    """Undo the source files' encoding damage, then clean the text as every corpus is."""
    return clean_text(_ESCAPED_CHARACTER.sub(_unescape_spacing, _MOJIBAKE.sub(_redecode, text)))


# Double encoding: UTF-8 bytes read as Windows-1252 ("Î´" for "δ", "â‰¥" for "≥"). A run is
# repaired only if it has the exact shape of one UTF-8 character (a lead byte and the number of
# continuation bytes it announces) and decodes as UTF-8, so real accents ("Médecins") stay.
def _as_cp1252(byte: int) -> str:
    # The five bytes Windows-1252 leaves undefined come through as Latin-1 control characters.
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def _byte_of(char: str) -> int:
    try:
        return char.encode("cp1252")[0]
    except UnicodeEncodeError:
        return ord(char)


_CONTINUATION = "[" + re.escape("".join(map(_as_cp1252, range(0x80, 0xC0)))) + "]"
_MOJIBAKE = re.compile(
    "|".join(
        f"[{chr(first)}-{chr(last)}]{_CONTINUATION}{{{continuations}}}"
        for first, last, continuations in ((0xC2, 0xDF, 1), (0xE0, 0xEF, 2), (0xF0, 0xF4, 3))
    )
)


def _redecode(match: re.Match) -> str:
    try:
        return bytes(map(_byte_of, match.group())).decode("utf-8")
    except UnicodeDecodeError:
        return match.group()


# Spacing written out as an escape, its backslash often doubled ("40\\xa0mg"): a space stays a
# space, an invisible mark (byte-order mark, paragraph separator) goes, any other is left alone.
_ESCAPED_CHARACTER = re.compile(r"\\\\?(?:x(?P<byte>[0-9a-fA-F]{2})|u(?P<code>[0-9a-fA-F]{4}))")


def _unescape_spacing(match: re.Match) -> str:
    char = chr(int(match.group("byte") or match.group("code"), 16))
    category = unicodedata.category(char)
    if category == "Zs":
        return " "
    if category in ("Cf", "Zl", "Zp"):
        return ""
    return match.group()
