"""Real stories for `make bench`: BBC News articles of at least 600 words, cut to 600 words.

Read from the real corpora (DATA_DIR, default ../shared/data) through the training loaders,
never copied into the project. `distinct` appends a serial sentence, so that the same story
scored twice is two different bodies and no cache of whole bodies can answer for the model.
"""

import re
from pathlib import Path

from training.corpora import bbc

WORDS = 600
WORD = re.compile(r"\S+")


def first_words(text: str, count: int) -> str | None:
    """`text` up to the end of its `count`-th word (paragraphs kept), or None if shorter."""
    for number, word in enumerate(WORD.finditer(text), start=1):
        if number == count:
            return text[: word.end()]
    return None


def stories(data_dir: str | Path, words: int = WORDS) -> list[dict]:
    """Every BBC story with at least `words` words, as {"headline", "body"} of `words` words."""
    found = []
    for article in bbc.load(data_dir):
        body = first_words(article.body, words)
        if body is not None:
            found.append({"headline": article.title, "body": body})
    return found


def distinct(story: dict, serial: str) -> dict:
    return {"headline": story["headline"], "body": f"{story['body']} Story reference {serial}."}
