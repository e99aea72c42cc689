"""The Scorer: what the service (and anyone in Python) calls to score articles."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sklearn import config_context
from sklearn.pipeline import Pipeline

from model.artifact import ArtifactError, load_artifact
from model.explain import Explainer, Explanation
from model.pipeline import as_rows

# Articles transformed and explained together: small enough that the features' cache of
# recent rows still holds each one when it is explained.
CHUNK = 128


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
        return asdict(self)


class Scorer:
    """Scores articles with a fitted pipeline and the level thresholds stored beside it."""

    def __init__(self, pipeline: Pipeline, metadata: dict):
        thresholds = metadata.get("thresholds", {})
        if not 0 <= thresholds.get("stretched", -1) <= thresholds.get("overstated", -1) <= 1:
            raise ArtifactError(f"metadata has no valid level thresholds: {thresholds!r}")
        self.pipeline = pipeline
        self.metadata = metadata
        self.thresholds = thresholds
        self.model_version = metadata["model_version"]
        self._features = pipeline.named_steps["features"]
        self._classifier = pipeline.named_steps["classifier"]
        self._relation = self._features.named_transformers_["relation"].named_steps["relation"]
        self._explainer = Explainer(pipeline)

    @classmethod
    def load(cls, directory: str | Path) -> "Scorer":
        return cls(*load_artifact(Path(directory)))

    def level(self, score: float) -> str:
        if score >= self.thresholds["overstated"]:
            return "overstated"
        if score >= self.thresholds["stretched"]:
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
            scored
            for start in range(0, len(articles), CHUNK)
            for scored in self._score_chunk(articles[start : start + CHUNK], explain)
        ]

    def _score_chunk(self, articles: Sequence[Article], explain: bool) -> list[Scored]:
        rows = as_rows([a.headline for a in articles], [a.body for a in articles])
        # The pipeline was validated when it was fitted; per-call checks are most of the cost
        # of scoring one article, and features built from text are always finite.
        with config_context(assume_finite=True, skip_parameter_validation=True):
            matrix = self._features.transform(rows).tocsr()
            scores = self._classifier.predict_proba(matrix)[:, 1]
        results = []
        for i, (article, row, score) in enumerate(zip(articles, rows, scores, strict=True)):
            explanation = None
            if explain:
                nonzero = slice(matrix.indptr[i], matrix.indptr[i + 1])
                explanation = self._explainer.explain(
                    row, matrix.indices[nonzero], matrix.data[nonzero]
                )
            results.append(
                Scored(
                    score=round(float(score), 4),
                    level=self.level(float(score)),
                    headline_only=not self._relation.has_body(article.body),
                    explanation=explanation,
                    model_version=self.model_version,
                )
            )
        return results

    def probe(self) -> None:
        """Score one article end to end; raises if the loaded model cannot."""
        scored = self.score("Probe headline", "A probe body. " * 20)
        if not np.isfinite(scored.score):
            raise ArtifactError("the model returned a non-finite score")
