"""The newsroom in the training mix: its rows as examples, their weights, and how far the model
agrees with its editors.

`train` adds `examples(config)` to the public mix, with `weights(config)` beside the public
weights; `evaluate` adds `agreement(model_dir, config)` to its report and `markdown(...)` to
metrics.md. With no verdicts and no newsroom files every one of these is empty, and training
is exactly the public corpora's.
"""

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from feedback.database import safe_url
from model.artifact import sha256_of
from training.config import TrainingConfig
from training.corpora import newsroom
from training.corpora.common import split_of
from training.corpora.newsroom import VERDICTS, RatedArticle
from training.examples import Example
from training.metrics import DECIMALS

# Verdicts given without a model version (or through a file) are grouped under this name.
UNKNOWN_VERSION = "unknown"


@dataclass(frozen=True)
class Split:
    rated: RatedArticle
    source: str
    split: str


def rated_rows(config: TrainingConfig) -> list[Split]:
    """Every newsroom row with its source and its split (from the article's key alone)."""
    shares = config.splits
    sources = [(VERDICTS, newsroom.load_verdicts(newsroom.database_url()))]
    sources += [(file.source, newsroom.load_file(file.path)) for file in config.newsroom.files]
    return [
        Split(rated, source, split_of(rated.key, shares.test_share, shares.validation_share))
        for source, rows in sources
        for rated in rows
    ]


def examples(config: TrainingConfig) -> list[Example]:
    """The newsroom's rows as examples of the mix; the label is the level the newsroom gave."""
    level_targets = config.newsroom.level_targets.model_dump()
    return [
        Example(
            row.rated.headline,
            row.rated.body,
            level_targets[row.rated.level] if row.rated.target is None else row.rated.target,
            row.source,
            row.split,
            row.rated.level,
        )
        for row in rated_rows(config)
    ]


def weights(config: TrainingConfig) -> dict[str, float]:
    """Each newsroom source's share of the weight, as the public sources have theirs."""
    return {VERDICTS: config.newsroom.verdicts_weight} | {
        file.source: file.weight for file in config.newsroom.files
    }


def provenance(config: TrainingConfig) -> dict:
    """What the newsroom data was, for the artifact's metadata: the database and file hashes."""
    return {
        "database": safe_url(newsroom.database_url()),
        "files": {file.path: sha256_of(Path(file.path)) for file in config.newsroom.files},
    }


def agreement(model_dir: Path, config: TrainingConfig) -> dict:
    """How often the model's level is the newsroom's, on held-out newsroom rows.

    Per source, and for verdicts per model version the editors saw, beside how often the level
    they were shown was already theirs: did retraining move the model towards them? Empty
    without newsroom rows.
    """
    test = [row for row in rated_rows(config) if row.split == "test"]
    if not test:
        return {}
    from model.scorer import Article, Scorer

    scorer = Scorer.load(model_dir)
    scored = scorer.score_batch([Article(r.rated.headline, r.rated.body) for r in test], False)
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for row, result in zip(test, scored, strict=True):
        version = row.rated.model_version or UNKNOWN_VERSION
        groups[(row.source, "all")].append((row.rated, result.level))
        if row.source == VERDICTS:
            groups[(row.source, version)].append((row.rated, result.level))
    figures: dict[str, dict] = defaultdict(dict)
    for (source, version), pairs in sorted(groups.items()):
        figures[source][version] = _agreement(pairs)
    return dict(figures)


def _agreement(pairs: list[tuple[RatedArticle, str]]) -> dict:
    agreed = sum(rated.level == level for rated, level in pairs)
    shown = [rated for rated, _ in pairs if rated.level_shown is not None]
    figures = {"rows": len(pairs), "model_agrees": round(agreed / len(pairs), DECIMALS)}
    if shown:
        figures["shown_rows"] = len(shown)
        figures["shown_agreed"] = round(
            sum(r.level == r.level_shown for r in shown) / len(shown), DECIMALS
        )
    return figures


def markdown(figures: dict) -> str:
    """The metrics.md section for `agreement`'s figures; nothing without newsroom rows."""
    if not figures:
        return ""
    lines = [
        "",
        "## The newsroom's own ratings",
        "",
        "Held-out rows of the editors' verdicts and newsroom files (split by article, never "
        "fitted on): how often this model's level is the newsroom's, and, for verdicts, how "
        "often the level the editors were shown already was.",
        "",
        "| source | model the editors saw | rows | this model agrees | shown level agreed |",
        "|---|---|---:|---:|---:|",
    ]
    for source, by_version in figures.items():
        for version, row in by_version.items():
            shown = (
                f"{row['shown_agreed']:.1%} of {row['shown_rows']}" if "shown_rows" in row else "-"
            )
            seen = "(all)" if version == "all" else f"`{version}`"
            lines.append(
                f"| {source} | {seen} | {row['rows']} | {row['model_agrees']:.1%} | {shown} |"
            )
    return "\n".join(lines) + "\n"
