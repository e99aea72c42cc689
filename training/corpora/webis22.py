"""Webis-Clickbait-22: clickbait posts with the paragraphs of the article they link."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from training.corpora import webis17
from training.corpora.common import clean_body, clean_text, dedupe_key, read_jsonl, resolve_data_dir

VALIDATION = "webis22/validation.jsonl.gz"
TEST_INPUTS = "webis22/test_inputs.jsonl.gz"
PHRASE_SUBSET = "webis22/train_phrase_subset.jsonl.gz"
# Webis-17's files are read too, to drop the posts the two corpora share.
FILES = (VALIDATION, TEST_INPUTS, PHRASE_SUBSET, *webis17.FILES)


@dataclass(frozen=True)
class Webis22Post:
    id: str
    post_text: str
    title: str | None
    body: str
    file: str


def load(data_dir: str | Path) -> list[Webis22Post]:
    """Webis-Clickbait-22 posts with their article body, disjoint from Webis-17.

    Posts whose id or text is also in Webis-17 are dropped, so that a Webis-17 held-out post
    cannot come back as a Webis-22 training example.
    """
    directory = resolve_data_dir(data_dir)
    webis17_posts = webis17.read_posts(directory)
    seen_ids = {post.id for post in webis17_posts}
    seen_texts = {dedupe_key(post.post_text) for post in webis17_posts}
    posts = []
    for post in _read_posts(directory):
        text_key = dedupe_key(post.post_text)
        if not post.post_text or not post.body or post.id in seen_ids or text_key in seen_texts:
            continue
        seen_ids.add(post.id)
        seen_texts.add(text_key)
        posts.append(post)
    return posts


def _read_posts(directory: Path) -> Iterator[Webis22Post]:
    for row in read_jsonl(directory, VALIDATION):
        yield Webis22Post(
            id=str(row["postId"]),
            post_text=webis17.clean_post_text(" ".join(row["postText"])),
            title=clean_text(row.get("targetTitle") or "") or None,
            body=clean_body(row["targetParagraphs"]),
            file=VALIDATION,
        )
    for row in read_jsonl(directory, TEST_INPUTS):
        yield Webis22Post(
            id=f"test_inputs:{row['row']}",
            post_text=webis17.clean_post_text(" ".join(row["postText"])),
            title=None,
            body=clean_body(row["targetParagraphs"]),
            file=TEST_INPUTS,
        )
    for row in read_jsonl(directory, PHRASE_SUBSET):
        yield Webis22Post(
            id=str(row["postId"]),
            post_text=webis17.clean_post_text(row["postText"]),
            title=None,
            body=clean_text(_restore_sentence_gaps(row["targetParagraphs_joined"])),
            file=PHRASE_SUBSET,
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
