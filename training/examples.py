"""The training mix: every corpus turned into (headline, body, target) examples with a split.

Targets say how far the headline overstates its body, 0 (fully supported) to 1 (not at all).
Test rows are real and unmodified; constructed examples (mismatched and contrastive pairs) are
only ever built from training rows.
"""

import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from training.config import TrainingConfig
from training.corpora import bbc, fnc1, reuters, stop_clickbait, webis17, webis22
from training.corpora.common import split_of

# The corpora build_examples reads: a model's metadata hashes their files.
MIX_CORPORA = (webis17, stop_clickbait, fnc1, webis22, bbc, reuters)


@dataclass(frozen=True)
class Example:
    headline: str
    body: str
    target: float
    source: str
    split: str
    label: str = ""  # the corpus's own label, for held-out figures (truthClass, stance, ...)


def build_examples(data_dir: Path, config: TrainingConfig) -> list[Example]:
    """All examples of the mix, in a fixed order, each tagged with its source and split."""
    rng = random.Random(config.seed)
    shares = config.splits
    targets = config.targets
    examples: list[Example] = []

    for post in webis17.load(data_dir):
        split = "test" if post.split == "test" else split_of(post.id, 0.0, shares.validation_share)
        label = "clickbait" if post.clickbait else "no-clickbait"
        examples.append(Example(post.post_text, "", post.truth_mean, "webis17", split, label))

    stop = targets.stop_clickbait
    for item in stop_clickbait.load(data_dir):
        split = split_of(item.headline, shares.test_share, shares.validation_share)
        target = stop.clickbait if item.clickbait else stop.news
        label = "clickbait" if item.clickbait else "news"
        examples.append(Example(item.headline, "", target, "stop_clickbait", split, label))

    stances = targets.fnc1.model_dump()
    for part in fnc1.PARTS:
        for pair in fnc1.load(data_dir, part):
            split = (
                "test"
                if part == "competition_test"
                else split_of(f"fnc1:{pair.body_id}", 0.0, shares.validation_share)
            )
            examples.append(
                Example(pair.headline, pair.body, stances[pair.stance], "fnc1", split, pair.stance)
            )

    for post in webis22.load(data_dir):
        split = split_of(post.id, shares.test_share, shares.validation_share)
        examples.append(Example(post.post_text, post.body, targets.webis22, "webis22", split))

    news = bbc.load(data_dir) + reuters.load(data_dir)
    news_splits = [
        split_of(f"{a.source}:{a.id}", shares.test_share, shares.validation_share) for a in news
    ]
    for article, split in zip(news, news_splits, strict=True):
        examples.append(
            Example(article.title, article.body, targets.sober_news, "sober_news", split)
        )

    training_news = [a for a, split in zip(news, news_splits, strict=True) if split == "train"]
    examples += mismatched_pairs(training_news, targets.mismatched_news, rng)
    examples += contrastive_pairs(training_news, targets.contrastive, rng)
    return examples


def mismatched_pairs(articles, target: float, rng: random.Random) -> list[Example]:
    """A sober headline over another article's body: a claim its body never supports."""
    by_source = defaultdict(list)
    for article in articles:
        by_source[article.source].append(article)
    pairs = []
    for source_articles in by_source.values():
        sample = rng.sample(source_articles, min(len(source_articles), 2000))
        for article, other in zip(sample, sample[1:] + sample[:1], strict=True):
            pairs.append(Example(article.title, other.body, target, "mismatched_news", "train"))
    return pairs


def contrastive_pairs(articles, target: float, rng: random.Random) -> list[Example]:
    """A faithful headline made stronger over its own, unchanged body.

    A word-level rewrite (hedge dropped, link turned into cause, verb escalated, figure inflated)
    is taken where one applies; otherwise the headline gets a sensational or certain framing.
    """
    pairs = []
    for article in articles:
        rewrites = [rewrite(article.title) for rewrite in WORD_REWRITES]
        rewrites = [r for r in rewrites if r and r != article.title]
        if not rewrites or rng.random() < 0.4:
            rewrites = [rewrite(article.title) for rewrite in FRAME_REWRITES]
        pairs.append(Example(rng.choice(rewrites), article.body, target, "contrastive", "train"))
    return pairs


def _replace_words(mapping: dict[str, str]):
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, mapping)) + r")\b", re.IGNORECASE)

    def rewrite(headline: str) -> str | None:
        if not pattern.search(headline):
            return None
        return pattern.sub(lambda m: mapping[m.group().lower()], headline, count=1)

    return rewrite


drop_hedges = _replace_words(
    {
        "may": "will", "might": "will", "could": "will", "possibly": "definitely",
        "suggests": "proves", "suggest": "prove", "likely": "certain", "plans": "is set",
        "considers": "confirms", "seeks": "wins", "hopes": "vows",
    }
)  # fmt: skip
link_to_cause = _replace_words(
    {
        "linked to": "causes", "tied to": "causes", "associated with": "causes",
        "link": "proof", "risk": "certainty", "helps": "guarantees", "aids": "cures",
    }
)  # fmt: skip
escalate = _replace_words(
    {
        "rise": "soar", "rises": "soars", "up": "skyrockets", "fall": "plunge", "falls": "plunges",
        "down": "collapses", "dips": "crashes", "cut": "slash", "cuts": "slashes",
        "criticises": "slams", "criticizes": "slams", "warns": "sounds alarm", "concern": "panic",
        "concerns": "fears", "problem": "disaster", "problems": "chaos", "row": "war",
        "dispute": "war", "talks": "showdown", "questions": "destroys", "loss": "meltdown",
        "slows": "grinds to a halt", "change": "revolution", "changes": "overhaul", "gain": "boom",
        "boost": "miracle", "wins": "crushes", "beats": "humiliates", "says": "admits",
        "urged": "begged", "some": "all", "many": "all", "few": "no",
    }
)  # fmt: skip


def inflate_number(headline: str) -> str | None:
    match = re.search(r"\b\d+(?:\.\d+)?\b", headline)
    if not match:
        return None
    inflated = float(match.group()) * 10
    return headline[: match.start()] + f"{inflated:g}" + headline[match.end() :]


FRAMES = (
    "SHOCK: {h}",
    "{h} - and experts are terrified",
    "Is this the end? {h}",
    "You won't believe why {l}",
    "{h}, sparking fears of war",
    "{h} as panic spreads",
    "BREAKING: {h}",
    "Why {l} changes everything",
    "{h}: the truth they don't want you to know",
)
CERTAINTY_FRAMES = (
    "Proven: {h}",
    "{h}, study proves",
    "It's official: {h}",
    "{h} - and that settles it",
    "Scientists confirm {l}",
)


def _framed(frames: tuple[str, ...]):
    def rewrite(headline: str) -> str:
        frame = frames[sum(map(ord, headline)) % len(frames)]
        return frame.format(h=headline, l=headline[:1].lower() + headline[1:])

    return rewrite


sensationalise = _framed(FRAMES)
assert_certainty = _framed(CERTAINTY_FRAMES)


# Word-level rewrites first: they apply to fewer headlines, and framing is always possible.
WORD_REWRITES = (drop_hedges, link_to_cause, escalate, inflate_number)
FRAME_REWRITES = (sensationalise, assert_certainty)
