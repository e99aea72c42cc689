"""The Scorer: what the service (and anyone in Python) calls to score articles."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from model.artifact import ArtifactError, load_artifact
from model.explain import Explainer, Explanation
from model.lean import LeanPipeline, lean_of
from model.pipeline import QUESTIONS, OverstatementModel
from model.text import Body

# Articles read and scored together: a batch's repeated bodies are read once. A body read
# holds tens of bytes of Python objects per character until its chunk is scored, and the
# allocator keeps the peak, so chunks are bounded in characters too: the memory of a worker
# does not grow with the bytes of the batches it is sent (four concurrent batches of ten
# 150 KB bodies took a worker to 330-360 MB; in chunks of 500,000 characters, 225 MB).
CHUNK = 128
CHUNK_CHARS = 500_000


class InvalidArticle(ValueError):
    """An article the model cannot score (an empty headline, text that is not a string)."""


@dataclass(frozen=True)
class Article:
    headline: str
    body: str = ""


@dataclass(frozen=True)
class Scored:
    score: float
    level: str
    headline_only: bool
    explanation: Explanation | None
    model_version: str

    def to_dict(self) -> dict:
        """As `dataclasses.asdict` gives it (see `Explanation.to_dict`)."""
        return {
            "score": self.score,
            "level": self.level,
            "headline_only": self.headline_only,
            "explanation": None if self.explanation is None else self.explanation.to_dict(),
            "model_version": self.model_version,
        }


def valid_thresholds(thresholds) -> bool:
    return isinstance(thresholds, dict) and all(
        isinstance(thresholds.get(q), dict)
        and 0 <= thresholds[q].get("stretched", -1) <= thresholds[q].get("overstated", -1) <= 1
        for q in QUESTIONS
    )


class Scorer:
    """Scores articles with both fitted pipelines and the level thresholds stored beside them.

    Scores come from the pipelines' lean equivalents (`model.lean`), built from the fitted
    pipelines on load: each body is read once, into the `Body` that both the relation features
    and the explanation's evidence use, and each explanation is read off the same terms as its
    score. The pipelines themselves stay for training and for the parity tests.
    """

    def __init__(self, model: OverstatementModel, metadata: dict):
        thresholds = metadata.get("thresholds")
        if not valid_thresholds(thresholds):
            raise ArtifactError(f"metadata has no valid level thresholds: {thresholds!r}")
        self.model = model
        self.metadata = metadata
        self.thresholds = thresholds
        self.model_version = metadata["model_version"]
        try:
            models: dict[int, LeanPipeline] = {}
            self.headline_only = lean_of(model.headline_only, models)
            self.with_body = lean_of(model.with_body, models)
        except ValueError as error:
            raise ArtifactError(f"the model cannot be scored: {error}") from error
        self._explainers = {
            True: Explainer(self.headline_only, headline_only=True),
            False: Explainer(self.with_body, headline_only=False),
        }

    @classmethod
    def load(cls, directory: str | Path) -> "Scorer":
        return cls(*load_artifact(Path(directory)))

    def level(self, score: float, headline_only: bool = False) -> str:
        thresholds = self.thresholds["headline_only" if headline_only else "with_body"]
        if score >= thresholds["overstated"]:
            return "overstated"
        if score >= thresholds["stretched"]:
            return "stretched"
        return "faithful"

    def score(self, headline: str, body: str = "", explain: bool = True) -> Scored:
        return self.score_batch([Article(headline, body)], explain=explain)[0]

    def score_batch(self, articles: Sequence[Article], explain: bool = True) -> list[Scored]:
        """Score articles; `explain=False` skips building the explanations (bulk callers)."""
        for index, article in enumerate(articles):
            if not isinstance(article.headline, str) or not article.headline.strip():
                raise InvalidArticle(f"article {index}: the headline is empty")
            if not isinstance(article.body, str):
                raise InvalidArticle(f"article {index}: the body is not text")
        return [
            scored for chunk in chunks(articles) for scored in self._score_chunk(chunk, explain)
        ]

    def _score_chunk(self, articles: Sequence[Article], explain: bool) -> list[Scored]:
        bodies: dict[str, Body] = {}
        for article in articles:
            if article.body not in bodies:
                bodies[article.body] = Body(article.body)
        rows = [(a.headline, bodies[a.body]) for a in articles]
        alone = [row[1].is_empty for row in rows]
        # Each row is answered by the model its body allows (no full sentence: headline only).
        answered = [None] * len(rows)
        for headline_only, model in ((True, self.headline_only), (False, self.with_body)):
            chosen = [i for i, a in enumerate(alone) if a is headline_only]
            if not chosen:
                continue
            evaluation = model.evaluate([rows[i] for i in chosen])
            probabilities = model.logistic.probability(evaluation.decisions).tolist()
            for k, i in enumerate(chosen):
                explanation = None
                if explain:
                    explanation = self._explainers[headline_only].explain(rows[i][0], evaluation, k)
                answered[i] = Scored(
                    score=round(probabilities[k], 4),
                    level=self.level(probabilities[k], headline_only),
                    headline_only=headline_only,
                    explanation=explanation,
                    model_version=self.model_version,
                )
        return answered

    def probe(self) -> None:
        """Score an article with a body and one without; raises if the loaded model cannot."""
        for scored in self.score_batch(
            [Article("Probe headline", "A probe body says what it says. " * 5), Article("Probe")]
        ):
            if not np.isfinite(scored.score):
                raise ArtifactError("the model returned a non-finite score")


def chunks(articles: Sequence[Article]) -> Iterator[Sequence[Article]]:
    """Runs of consecutive articles, each of at most CHUNK articles and, unless it is a single
    article, CHUNK_CHARS characters of body."""
    start, chars = 0, 0
    for end, article in enumerate(articles):
        if end > start and (end - start == CHUNK or chars + len(article.body) > CHUNK_CHARS):
            yield articles[start:end]
            start, chars = end, 0
        chars += len(article.body)
    if start < len(articles):
        yield articles[start:]
