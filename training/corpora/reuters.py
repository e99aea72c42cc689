"""Reuters-21578 (1987 newswire): bodies unwrapped, ALL CAPS titles recased like their bodies.

Casing alone would otherwise tell this source from the rest (see the data card).
"""

import html
import re
import string
from collections import Counter
from pathlib import Path

from training.corpora.common import (
    NewsArticle,
    clean_body,
    clean_text,
    first_of_each_body,
    read_jsonl,
    resolve_data_dir,
)

ARTICLES = "reuters21578/title_body.jsonl.gz"
FILES = (ARTICLES,)


def load(data_dir: str | Path) -> list[NewsArticle]:
    """Reuters-21578 stories with bodies unwrapped and ALL CAPS titles recased like the body.

    Stories without a title or a body are skipped, and only the first of a duplicated body is kept.
    """
    rows = [
        (str(row["newid"]), clean_text(row["title"]), _unwrap_body(row["body"]))
        for row in read_jsonl(resolve_data_dir(data_dir), ARTICLES)
    ]
    rows = [(newid, title, body) for newid, title, body in rows if title and body]
    word_counts = [_word_counts(body) for _, _, body in rows]
    spellings = _spellings_by_upper_case(word_counts)
    title_casings = [
        {word: _casing_in_body(word, counts, spellings) for word in _upper_case_title_words(title)}
        for (_, title, _), counts in zip(rows, word_counts, strict=True)
    ]
    casing_in_titled_stories: dict[str, Counter] = {}
    for casings in title_casings:
        for word, (inside, _) in casings.items():
            casing_in_titled_stories.setdefault(word, Counter()).update(inside)
    articles = (
        NewsArticle(
            id=newid,
            title=_recase_title(title, casings, casing_in_titled_stories),
            body=body,
            source="reuters",
        )
        for (newid, title, body), casings in zip(rows, title_casings, strict=True)
    )
    return first_of_each_body(articles)


# Some stories are signed off twice ("... said. REUTER\n Reuter").
_SIGN_OFF = re.compile(r"(?:\s+reuters?(?:\.{3})?(?:\^M)?)+$", re.IGNORECASE)
# A line that starts flush left continues the paragraph; blank or indented lines start a new one.
_WRAPPED_LINE_BREAK = re.compile(r"\n(?=\S)")


def _unwrap_body(body: str) -> str:
    text = html.unescape(body).rstrip()
    # The sign-off can only be in the last few characters; scanning the whole body is slow.
    if sign_off := _SIGN_OFF.search(text, max(0, len(text) - 40)):
        text = text[: sign_off.start()]
    return clean_body(_WRAPPED_LINE_BREAK.sub(" ", text).split("\n"))


# Title casing works on words split at punctuation, so "U.S." is "U" + "S" and "Fed's" stays one.
_WORD_BREAKS = "".join(sorted(set(string.punctuation) - set("'&")))
_TO_SPACES = str.maketrans(_WORD_BREAKS, " " * len(_WORD_BREAKS))
_TITLE_WORD = re.compile(f"[^\\s{re.escape(_WORD_BREAKS)}]+")
_TICKER = re.compile(r"(<[^>]*>)")
# Marks a word that opens a paragraph or a sentence: its capital says nothing about how the word
# is written. A stop after a capital ("U.S. Treasury") is an abbreviation, not a sentence end.
_SENTENCE_START = re.compile(r'[.!?](?<=[a-z0-9][.!?])[")]*\s+["(]*|\n\n["(]*')
_START_MARK = "\x01"


def _upper_case_title_words(title: str) -> list[str]:
    return [word for word in _TITLE_WORD.findall(_TICKER.sub(" ", title)) if word.isupper()]


def _word_counts(body: str) -> Counter:
    """How often each word is written each way; sentence-opening words carry _START_MARK.

    An ALL CAPS body says nothing about casing, so it counts nothing.
    """
    if not re.search("[a-z]", body):
        return Counter()
    marked = _START_MARK + _SENTENCE_START.sub(f"\\g<0>{_START_MARK}", body)
    return Counter(marked.translate(_TO_SPACES).split())


def _spellings_by_upper_case(word_counts: list[Counter]) -> dict[str, set[str]]:
    spellings: dict[str, set[str]] = {}
    for word in set().union(*word_counts):
        spelling = word.lstrip(_START_MARK)
        spellings.setdefault(spelling.upper(), set()).add(spelling)
    return spellings


def _casing_in_body(
    word: str, counts: Counter, spellings: dict[str, set[str]]
) -> tuple[dict[str, int], dict[str, int]]:
    """How often the body spells an upper-case word each way inside sentences and at a start."""
    inside, at_start = {}, {}
    for spelling in spellings.get(word, ()):
        if count := counts.get(spelling):
            inside[spelling] = count
        if count := counts.get(_START_MARK + spelling):
            at_start[spelling] = count
    return inside, at_start


def _recase_title(
    title: str,
    casings: dict[str, tuple[dict[str, int], dict[str, int]]],
    casing_in_titled_stories: dict[str, Counter],
) -> str:
    """Write each ALL CAPS title word the way the body writes it, else lower case.

    Preference: the body's most frequent spelling inside sentences; then the most frequent in
    all stories whose title has the word (for "IMF" over a body that spells it out); then the
    body's spelling at a sentence start (names seen nowhere else); else lower case. Tickers such
    as <SRD> are kept.
    """

    def recase_word(match: re.Match) -> str:
        word = match.group()
        if word not in casings:
            return word
        inside, at_start = casings[word]
        for casing in (inside, casing_in_titled_stories.get(word, {}), at_start):
            if casing:
                return max(casing.items(), key=_count_then_spelling)[0]
        return word.lower()

    recased = "".join(
        part if _TICKER.fullmatch(part) else _TITLE_WORD.sub(recase_word, part)
        for part in _TICKER.split(title)
    )
    return recased[:1].upper() + recased[1:]


def _count_then_spelling(spelling_count: tuple[str, int]) -> tuple[int, str]:
    # Spellings come from a set; ties must not depend on its (per-run) order.
    spelling, count = spelling_count
    return count, spelling
