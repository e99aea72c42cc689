"""Readers for the labelled corpora in the data directory (see ../shared/data/README.md).

Each loader returns clean, de-duplicated records: text is HTML-unescaped and whitespace-normalised,
bodies keep their paragraphs separated by a blank line. The raw files are never modified.
"""

import csv
import gzip
import hashlib
import html
import json
import os
import re
import string
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

DEFAULT_DATA_DIR = Path("../shared/data")

WEBIS17_POSTS = "webis17/posts_truth.jsonl.gz"
WEBIS17_TITLES = "webis17/post_title_pairs.jsonl.gz"
WEBIS22_VALIDATION = "webis22/validation.jsonl.gz"
WEBIS22_TEST_INPUTS = "webis22/test_inputs.jsonl.gz"
WEBIS22_PHRASE_SUBSET = "webis22/train_phrase_subset.jsonl.gz"
FNC1_PARTS = ("train", "competition_test")
BBC_ARTICLES = "bbc/articles.jsonl.gz"
REUTERS_ARTICLES = "reuters21578/title_body.jsonl.gz"
STOP_CLICKBAIT_POSITIVES = "chakraborty/clickbait_data.gz"
STOP_CLICKBAIT_NEGATIVES = "chakraborty/non_clickbait_data.gz"

PARAGRAPH_BREAK = "\n\n"
_HOW_TO_OVERRIDE = "set DATA_DIR or pass --data-dir"


class DataError(Exception):
    """A data directory or data file is missing or unreadable."""


@dataclass(frozen=True)
class Webis17Post:
    id: str
    post_text: str
    truth_mean: float
    clickbait: bool
    split: str
    target_title: str | None


@dataclass(frozen=True)
class Webis22Post:
    id: str
    post_text: str
    title: str | None
    body: str
    file: str


@dataclass(frozen=True)
class FncPair:
    headline: str
    body_id: int
    body: str
    stance: str


@dataclass(frozen=True)
class NewsArticle:
    id: str
    title: str
    body: str
    source: str


@dataclass(frozen=True)
class LabelledHeadline:
    headline: str
    clickbait: bool


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


def files_used() -> list[str]:
    """Paths, relative to the data directory, of every file the loaders read."""
    fnc1_files = [
        f"fnc1/{part}_{kind}.csv.gz" for part in FNC1_PARTS for kind in ("stances", "bodies")
    ]
    return [
        WEBIS17_POSTS,
        WEBIS17_TITLES,
        WEBIS22_VALIDATION,
        WEBIS22_TEST_INPUTS,
        WEBIS22_PHRASE_SUBSET,
        *fnc1_files,
        BBC_ARTICLES,
        REUTERS_ARTICLES,
        STOP_CLICKBAIT_POSITIVES,
        STOP_CLICKBAIT_NEGATIVES,
    ]


def file_digests(paths: Iterable[Path], data_dir: Path) -> dict[str, str]:
    """Map each path (relative to data_dir, or absolute inside it) to the sha256 of its bytes."""
    directory = Path(data_dir).absolute()
    digests = {}
    for path in map(Path, paths):
        full_path = _existing_file(directory, path)
        digest = hashlib.sha256()
        with full_path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        digests[full_path.relative_to(directory).as_posix()] = digest.hexdigest()
    return digests


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


def load_webis17(data_dir: str | Path) -> list[Webis17Post]:
    """Webis-Clickbait-17 posts with their graded label, bowen split and article title if known.

    A post text that also occurs in the test split is dropped from train, so the held-out set
    never contains a text the model was trained on.
    """
    posts = [post for post in _read_webis17(resolve_data_dir(data_dir)) if post.post_text]
    test_texts = {_dedupe_key(post.post_text) for post in posts if post.split == "test"}
    return [
        post
        for post in posts
        if post.split == "test" or _dedupe_key(post.post_text) not in test_texts
    ]


def load_webis22(data_dir: str | Path) -> list[Webis22Post]:
    """Webis-Clickbait-22 posts with their article body, disjoint from Webis-17.

    Posts whose id or text is also in Webis-17 are dropped, so that a Webis-17 held-out post
    cannot come back as a Webis-22 training example.
    """
    directory = resolve_data_dir(data_dir)
    webis17 = _read_webis17(directory)
    seen_ids = {post.id for post in webis17}
    seen_texts = {_dedupe_key(post.post_text) for post in webis17}
    posts = []
    for post in _read_webis22(directory):
        text_key = _dedupe_key(post.post_text)
        if not post.post_text or not post.body or post.id in seen_ids or text_key in seen_texts:
            continue
        seen_ids.add(post.id)
        seen_texts.add(text_key)
        posts.append(post)
    return posts


def load_fnc1(data_dir: str | Path, part: Literal["train", "competition_test"]) -> list[FncPair]:
    """FNC-1 headline/body pairs with the body's stance towards the headline."""
    if part not in FNC1_PARTS:
        raise ValueError(f"unknown FNC-1 part {part!r}; expected one of {FNC1_PARTS}")
    directory = resolve_data_dir(data_dir)
    bodies_file = f"fnc1/{part}_bodies.csv.gz"
    bodies = {
        int(row["Body ID"]): _clean_body(row["articleBody"].split("\n"))
        for row in _read_csv(directory, bodies_file)
    }
    pairs = []
    for row in _read_csv(directory, f"fnc1/{part}_stances.csv.gz"):
        body_id = int(row["Body ID"])
        if body_id not in bodies:
            raise DataError(f"Body ID {body_id} has no body in {directory / bodies_file}")
        pairs.append(
            FncPair(
                headline=_clean_text(row["Headline"]),
                body_id=body_id,
                body=bodies[body_id],
                stance=row["Stance"].strip(),
            )
        )
    return pairs


def load_bbc(data_dir: str | Path) -> list[NewsArticle]:
    """BBC News articles (2004-05), the first of each duplicated body."""
    articles = (
        NewsArticle(
            id=row["file"],
            title=_clean_text(row["title"]),
            body=_clean_body(row["body"].split("\n")),
            source="bbc",
        )
        for row in _read_jsonl(resolve_data_dir(data_dir), BBC_ARTICLES)
    )
    return _first_of_each_body(articles)


def load_reuters(data_dir: str | Path) -> list[NewsArticle]:
    """Reuters-21578 newswire with bodies unwrapped and ALL CAPS titles recased like the body."""
    rows = [
        (str(row["newid"]), _clean_text(row["title"]), _unwrap_reuters_body(row["body"]))
        for row in _read_jsonl(resolve_data_dir(data_dir), REUTERS_ARTICLES)
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
    return _first_of_each_body(articles)


def load_stop_clickbait(data_dir: str | Path) -> list[LabelledHeadline]:
    """Stop Clickbait headlines; a headline found in both files is ambiguous and dropped."""
    directory = resolve_data_dir(data_dir)
    labelled = {
        clickbait: list(dict.fromkeys(_read_headlines(directory, file)))
        for clickbait, file in ((True, STOP_CLICKBAIT_POSITIVES), (False, STOP_CLICKBAIT_NEGATIVES))
    }
    in_both = set(labelled[True]) & set(labelled[False])
    return [
        LabelledHeadline(headline=headline, clickbait=clickbait)
        for clickbait, headlines in labelled.items()
        for headline in headlines
        if headline not in in_both
    ]


def _existing_file(directory: Path, relative_path: str | Path) -> Path:
    path = directory / relative_path
    if not path.is_file():
        raise DataError(
            f"data file missing: {path.absolute()} (data directory {directory}; {_HOW_TO_OVERRIDE})"
        )
    return path


def _read_jsonl(directory: Path, relative_path: str) -> Iterator[dict]:
    path = _existing_file(directory, relative_path)
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line_number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as error:
                raise DataError(f"invalid JSON at {path}:{line_number}: {error}") from error


def _read_csv(directory: Path, relative_path: str) -> Iterator[dict[str, str]]:
    # newline="" lets the csv module keep the newlines inside quoted bodies.
    with gzip.open(
        _existing_file(directory, relative_path), "rt", encoding="utf-8", newline=""
    ) as f:
        yield from csv.DictReader(f)


def _read_headlines(directory: Path, relative_path: str) -> Iterator[str]:
    with gzip.open(_existing_file(directory, relative_path), "rt", encoding="utf-8") as lines:
        for line in lines:
            if headline := _clean_text(line):
                yield headline


def _clean_text(text: str) -> str:
    return " ".join(html.unescape(text).split())


def _clean_body(paragraphs: Iterable[str]) -> str:
    cleaned = (_clean_text(paragraph) for paragraph in paragraphs)
    return PARAGRAPH_BREAK.join(paragraph for paragraph in cleaned if paragraph)


def _dedupe_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _first_of_each_body(articles: Iterable[NewsArticle]) -> list[NewsArticle]:
    first_by_body: dict[str, NewsArticle] = {}
    for article in articles:
        first_by_body.setdefault(_dedupe_key(article.body), article)
    return list(first_by_body.values())


# Tweets truncated by the crawler end in "via", "(via", "/ via" or "via @account".
_TRAILING_VIA = re.compile(r"[\s(\[/|:…–—-]*(?<!\w)via(?:\s*@\w+)?[\s:)\]]*$", re.IGNORECASE)


def _clean_post_text(text: str) -> str:
    return _TRAILING_VIA.sub("", _clean_text(text))


def _read_webis17(directory: Path) -> list[Webis17Post]:
    titles = {
        str(row["id"]): _clean_text(row["targetTitle_inferred"]) or None
        for row in _read_jsonl(directory, WEBIS17_TITLES)
    }
    posts = []
    for row in _read_jsonl(directory, WEBIS17_POSTS):
        if row["bowen_split"] not in ("train", "test"):
            raise DataError(f"unexpected bowen_split {row['bowen_split']!r} in {WEBIS17_POSTS}")
        posts.append(
            Webis17Post(
                id=str(row["id"]),
                post_text=_clean_post_text(row["postText"]),
                truth_mean=float(row["truthMean"]),
                clickbait=row["truthClass"] == "clickbait",
                split=row["bowen_split"],
                target_title=titles.get(str(row["id"])),
            )
        )
    return posts


def _read_webis22(directory: Path) -> Iterator[Webis22Post]:
    for row in _read_jsonl(directory, WEBIS22_VALIDATION):
        yield Webis22Post(
            id=str(row["postId"]),
            post_text=_clean_post_text(" ".join(row["postText"])),
            title=_clean_text(row.get("targetTitle") or "") or None,
            body=_clean_body(row["targetParagraphs"]),
            file=WEBIS22_VALIDATION,
        )
    for row in _read_jsonl(directory, WEBIS22_TEST_INPUTS):
        yield Webis22Post(
            id=f"test_inputs:{row['row']}",
            post_text=_clean_post_text(" ".join(row["postText"])),
            title=None,
            body=_clean_body(row["targetParagraphs"]),
            file=WEBIS22_TEST_INPUTS,
        )
    for row in _read_jsonl(directory, WEBIS22_PHRASE_SUBSET):
        yield Webis22Post(
            id=str(row["postId"]),
            post_text=_clean_post_text(row["postText"]),
            title=None,
            body=_clean_text(_restore_sentence_gaps(row["targetParagraphs_joined"])),
            file=WEBIS22_PHRASE_SUBSET,
        )


# A sentence end glued to the next sentence: "Earth.That's", 'said."Next', "2012.The".
# The letter before the stop must be lower case or a digit so that "U.S.Army" and "3.5" stay.
_GLUED_SENTENCE_END = re.compile(r"(?:[a-z0-9%][.!?]|[.!?][)\]])(?P<quote>[\"”’]?)(?=[\"“‘]?[A-Z])")


def _restore_sentence_gaps(text: str) -> str:
    """Put a space back where paragraphs were concatenated without a separator.

    A straight quote after the stop is ambiguous ('hood."Instead' vs 'layer."Ozone'); it closes
    a quotation only if one is open since the previous gap. Checked against the Webis-22 rows
    that still have their paragraph list: about 98 % of inserted spaces are at a real boundary.
    """
    pieces = []
    start = 0
    open_quotes = 0
    for match in _GLUED_SENTENCE_END.finditer(text):
        quote_start, quote_end = match.span("quote")
        open_quotes += text.count('"', start, quote_start)
        opens_next_sentence = match.group("quote") == '"' and open_quotes % 2 == 0
        gap = quote_start if opens_next_sentence else quote_end
        pieces.append(text[start:gap])
        pieces.append(" ")
        pieces.append(text[gap:quote_end])
        open_quotes = 1 if opens_next_sentence else 0
        start = quote_end
    pieces.append(text[start:])
    return "".join(pieces)


# Some stories are signed off twice ("... said. REUTER\n Reuter").
_REUTERS_SIGN_OFF = re.compile(r"(?:\s+reuters?(?:\.{3})?(?:\^M)?)+$", re.IGNORECASE)
# A line that starts flush left continues the paragraph; blank or indented lines start a new one.
_WRAPPED_LINE_BREAK = re.compile(r"\n(?=\S)")


def _unwrap_reuters_body(body: str) -> str:
    text = html.unescape(body).rstrip()
    # The sign-off can only be in the last few characters; scanning the whole body is slow.
    if sign_off := _REUTERS_SIGN_OFF.search(text, max(0, len(text) - 40)):
        text = text[: sign_off.start()]
    return _clean_body(_WRAPPED_LINE_BREAK.sub(" ", text).split("\n"))


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
