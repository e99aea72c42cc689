"""The Scorer: what the service (and anyone in Python) calls to score articles."""

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from sklearn import config_context

from model.artifact import ArtifactError, load_artifact
from model.explain import Explanation, HeadlineExplainer, explain_headline_only, explain_with_body
from model.pipeline import QUESTIONS, OverstatementModel, as_rows

# Articles read and scored together: a batch's repeated bodies are read once.
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


def valid_thresholds(thresholds) -> bool:
    return isinstance(thresholds, dict) and all(
        isinstance(thresholds.get(q), dict)
        and 0 <= thresholds[q].get("stretched", -1) <= thresholds[q].get("overstated", -1) <= 1
        for q in QUESTIONS
    )


def sigmoid(logit: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-logit))


class Scorer:
    """Scores articles with both fitted pipelines and the level thresholds stored beside them.

    The with-body logit is computed from the pipelines' own fitted parts (the headline-only
    logit, the relation features, their scalers and coefficients), so the relations measured
    for the score are the ones its explanation quotes.
    """

    def __init__(self, model: OverstatementModel, metadata: dict):
        thresholds = metadata.get("thresholds")
        if not valid_thresholds(thresholds):
            raise ArtifactError(f"metadata has no valid level thresholds: {thresholds!r}")
        self.model = model
        self.metadata = metadata
        self.thresholds = thresholds
        self.model_version = metadata["model_version"]

        headline = model.headline_only
        self._headline_features = headline.named_steps["features"]
        self._style = self._headline_features.named_transformers_["headline_style"]["style"]
        self._headline_coef = headline.named_steps["classifier"].coef_.ravel()
        self._headline_intercept = float(headline.named_steps["classifier"].intercept_[0])
        self._explainer = HeadlineExplainer(headline)

        body = model.with_body
        features = body.named_steps["features"]
        coef = body.named_steps["classifier"].coef_.ravel()
        logit_scale = features.named_transformers_["headline"].named_steps["scale"]
        relation = features.named_transformers_["relation"]
        self._relation = relation.named_steps["relation"]
        relation_scale = relation.named_steps["scale"]
        headline_weight = float(coef[features.output_indices_["headline"]][0])
        relation_coef = coef[features.output_indices_["relation"]]
        # logit = intercept + w_h (z_h - m_h) / s_h + sum w_r (v_r - m_r) / s_r, regrouped as
        # a constant, a factor on the headline logit and a weight per relation value.
        self._headline_factor = headline_weight / float(logit_scale.scale_[0])
        self._relation_weights = relation_coef / relation_scale.scale_
        self._body_baseline = float(
            body.named_steps["classifier"].intercept_[0]
            - self._headline_factor * logit_scale.mean_[0]
            - self._relation_weights @ relation_scale.mean_
        )

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
            scored
            for start in range(0, len(articles), CHUNK)
            for scored in self._score_chunk(articles[start : start + CHUNK], explain)
        ]

    def _score_chunk(self, articles: Sequence[Article], explain: bool) -> list[Scored]:
        headlines = [a.headline for a in articles]
        # The pipelines were validated when they were fitted; per-call checks are most of the
        # cost of scoring one article, and features built from text are always finite.
        with config_context(assume_finite=True, skip_parameter_validation=True):
            matrix = self._headline_features.transform(as_rows(headlines)).tocsr()
        headline_logits = matrix @ self._headline_coef + self._headline_intercept
        relations = self._relation.relations([(a.headline, a.body) for a in articles])
        measured = [self._relation.measure(r) for r in relations]
        values = self._relation.values(measured)
        with_body = np.array([not r.body.is_empty for r in relations], dtype=bool)
        relation_terms = values * self._relation_weights
        body_logits = (
            self._body_baseline
            + self._headline_factor * headline_logits
            + relation_terms.sum(axis=1)
        )
        scores = sigmoid(np.where(with_body, body_logits, headline_logits))
        results = []
        for i, article in enumerate(articles):
            alone = not with_body[i]
            explanation = None
            if explain:
                nonzero = slice(matrix.indptr[i], matrix.indptr[i + 1])
                columns, data = matrix.indices[nonzero], matrix.data[nonzero]
                style = self._style.measure(article.headline)
                if alone:
                    explanation = explain_headline_only(
                        self._explainer, article.headline, columns, data, style
                    )
                else:
                    relation = relations[i]
                    explanation = explain_with_body(
                        self._explainer,
                        article.headline,
                        columns,
                        data,
                        style,
                        self._headline_factor,
                        self._body_baseline,
                        measured[i],
                        relation_terms[i],
                        list(zip(relation.evidence, relation.matches, strict=True)),
                    )
            score = float(scores[i])
            results.append(
                Scored(
                    score=round(score, 4),
                    level=self.level(score, alone),
                    headline_only=alone,
                    explanation=explanation,
                    model_version=self.model_version,
                )
            )
        return results

    def probe(self) -> None:
        """Score an article with a body and one without; raises if the loaded model cannot."""
        for scored in self.score_batch(
            [Article("Probe headline", "A probe body says what it says. " * 5), Article("Probe")]
        ):
            if not np.isfinite(scored.score):
                raise ArtifactError("the model returned a non-finite score")
