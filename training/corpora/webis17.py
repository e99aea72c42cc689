"""Webis-Clickbait-17: tweets rated by five crowd workers for how much they clickbait."""

import re
from dataclasses import dataclass
from pathlib import Path

from training.corpora.common import DataError, clean_text, dedupe_key, read_jsonl, resolve_data_dir

POSTS = "webis17/posts_truth.jsonl.gz"
TITLES = "webis17/post_title_pairs.jsonl.gz"
FILES = (POSTS, TITLES)


@dataclass(frozen=True)
class Webis17Post:
    id: str
    post_text: str
    truth_mean: float
    clickbait: bool
    split: str
    target_title: str | None


def load(data_dir: str | Path) -> list[Webis17Post]:
    """Webis-Clickbait-17 posts with their graded label, bowen split and article title if known.

    A post text that also occurs in the test split is dropped from train, so the held-out set
    never contains a text the model was trained on.
    """
    posts = [post for post in read_posts(resolve_data_dir(data_dir)) if post.post_text]
    test_texts = {dedupe_key(post.post_text) for post in posts if post.split == "test"}
    return [
        post
        for post in posts
        if post.split == "test" or dedupe_key(post.post_text) not in test_texts
    ]


def read_posts(directory: Path) -> list[Webis17Post]:
    """Every post as the files have it (Webis-22 checks its posts against all of them)."""
    titles = {
        str(row["id"]): clean_text(row["targetTitle_inferred"]) or None
        for row in read_jsonl(directory, TITLES)
    }
    posts = []
    for row in read_jsonl(directory, POSTS):
        if row["bowen_split"] not in ("train", "test"):
            raise DataError(f"unexpected bowen_split {row['bowen_split']!r} in {POSTS}")
        posts.append(
            Webis17Post(
                id=str(row["id"]),
                post_text=clean_post_text(row["postText"]),
                truth_mean=float(row["truthMean"]),
                clickbait=row["truthClass"] == "clickbait",
                split=row["bowen_split"],
                target_title=titles.get(str(row["id"])),
            )
        )
    return posts


# Tweets truncated by the crawler end in "via", "(via", "/ via" or "via @account".
_TRAILING_VIA = re.compile(r"[\s(\[/|:…–—-]*(?<!\w)via(?:\s*@\w+)?[\s:)\]]*$", re.IGNORECASE)


def clean_post_text(text: str) -> str:
    return _TRAILING_VIA.sub("", clean_text(text))
