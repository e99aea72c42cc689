"""The training mix: every corpus turned into (headline, body, target) examples with a split.

Targets say how far the headline overstates its body, 0 (fully supported) to 1 (not at all).
Rows of the public corpora are real and unmodified. Constructed examples are built from the news
articles of one split and keep it: mismatched pairs from training articles only, family pairs
(training/families.py) from every split, so that calibration, level thresholds and a held-out
figure see the kinds of overstatement the families teach, on articles never fitted on.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from training.config import TrainingConfig
from training.corpora import bbc, fnc1, insciout, reuters, stop_clickbait, webis17, webis22
from training.corpora.common import split_of
from training.families import EVERY_ARTICLE, FAMILIES, WHOLE_BODIES, Pair, short_source

# The corpora build_examples reads: a model's metadata hashes their files.
MIX_CORPORA = (webis17, stop_clickbait, fnc1, webis22, bbc, reuters, insciout)
# Sources whose training headlines also teach the headline-only model, as "<source>_headlines".
STYLE_SOURCES = ("webis22", "sober_news")


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

    # A press-release conclusion over its paper's own conclusion: a short source, test only.
    for pair in insciout.load(data_dir):
        examples.append(
            Example(
                pair.press_release_conclusion,
                pair.abstract_conclusion,
                1.0 if pair.exaggeration == "exaggerates" else 0.0,
                "insciout",
                "test",
                pair.exaggeration,
            )
        )

    # The style of with-body sources' headlines, read alone: clickbait posts and sober titles
    # teach the headline-only model the register of news sites, which Webis-17 lacks.
    for example in [e for e in examples if e.source in STYLE_SOURCES and e.split == "train"]:
        examples.append(replace(example, body="", source=f"{example.source}_headlines"))

    news_by_split = defaultdict(list)
    for article, split in zip(news, news_splits, strict=True):
        news_by_split[split].append(article)
    examples += mismatched_pairs(news_by_split["train"], targets.mismatched_news, rng)
    for split in ("train", "validation", "test"):
        examples += constructed_pairs(news_by_split[split], targets.constructed, 0.25, rng, split)
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


def constructed_pairs(
    articles, target: float, short_body_share: float, rng: random.Random, split: str = "train"
) -> list[Example]:
    """One family's pair per article (see training/families.py), and a pair of each family of
    EVERY_ARTICLE that fits it: the same headline overstated over one body (target `target`)
    and supported by the other (target 0)."""
    examples = []
    names = list(FAMILIES)

    def add(name: str, pair: Pair, draws: random.Random) -> None:
        overstated, faithful = pair.overstated_body, pair.faithful_body
        if name not in WHOLE_BODIES and draws.random() < short_body_share:
            overstated, faithful = short_source(overstated), short_source(faithful)
        examples.append(Example(pair.headline, overstated, target, "constructed", split, name))
        examples.append(Example(pair.headline, faithful, 0.0, "constructed", split, name))

    for article in articles:
        # Each family draws from its own stream on each article, seeded by one draw of the shared
        # stream per article: how many draws a family takes cannot reword another family's pair
        # nor another article's, so a change to one family moves only the articles it fits.
        seed = rng.getrandbits(64)
        for name in _draws(seed, "").sample(names, len(names)):
            if pair := FAMILIES[name](article.title, article.body, stream := _draws(seed, name)):
                add(name, pair, stream)
                break
        for name, family in EVERY_ARTICLE.items():
            if pair := family(article.title, article.body, stream := _draws(seed, name)):
                add(name, pair, stream)
    return examples


def _draws(seed: int, name: str) -> random.Random:
    """The random stream of one family (or, for "", of the families' order) on one article."""
    return random.Random(f"{seed}:{name}")
