"""The model: two scikit-learn Pipelines, one per question hypegap can answer.

- `headline_only`: with no body, how sensational is the headline? TF-IDF word and character
  n-grams and style features, logistic regression, calibrated to readers' clickbait ratings.
- `with_body`: how far does the headline overstate its body? The headline-only logit (style, as
  one number) and the relation features, logistic regression.

Each gets its own calibration and level thresholds (see training/train.py).
"""

from dataclasses import dataclass

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted, validate_data

from model.features import HeadlineBodyRelation, HeadlineStyle
from model.text import MIN_SENTENCE_WORDS, sentence_spans, words

HEADLINE, BODY = 0, 1
QUESTIONS = ("headline_only", "with_body")


def as_rows(headlines, bodies=None) -> np.ndarray:
    """The pipelines' input: a 2-D object array with a headline and a body column."""
    headlines = list(headlines)
    rows = np.empty((len(headlines), 2), dtype=object)
    rows[:, HEADLINE] = headlines
    rows[:, BODY] = list(bodies) if bodies is not None else [""] * len(headlines)
    return rows


def build_headline_pipeline(random_state: int = 0, **params) -> Pipeline:
    """The untrained headline-only pipeline; `params` use nested names."""
    features = ColumnTransformer(
        [
            (
                "headline_words",
                TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                HEADLINE,
            ),
            (
                "headline_chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True
                ),
                HEADLINE,
            ),
            (
                "headline_style",
                Pipeline([("style", HeadlineStyle()), ("scale", StandardScaler())]),
                [HEADLINE],
            ),
        ],
        sparse_threshold=1.0,
    )
    classifier = LogisticRegression(C=1.0, max_iter=2000, random_state=random_state)
    return Pipeline([("features", features), ("classifier", classifier)]).set_params(**params)


class HeadlineLogit(TransformerMixin, BaseEstimator):
    """The fitted headline-only pipeline's logit as one feature; fitting leaves it as it is.

    The with-body model reads the headline's style through this one number, so that no headline
    word can stand in for what the body says.
    """

    def __init__(self, headline_model=None):
        self.headline_model = headline_model

    def fit(self, X, y=None):
        validate_data(self, X, dtype=None, ensure_all_finite=False)
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=None, reset=False, ensure_all_finite=False)
        return self.headline_model.decision_function(self.headline_rows(X)).reshape(-1, 1)

    @staticmethod
    def headline_rows(X) -> np.ndarray:
        """The headline model's input from this transformer's (shared with the lean path)."""
        return as_rows([row[0] for row in X])

    def get_feature_names_out(self, input_features=None):
        return np.asarray(["headline_logit"], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        return tags


def build_body_pipeline(
    headline_model: Pipeline, claim_strength=None, random_state: int = 0, **params
) -> Pipeline:
    """The untrained with-body pipeline over a fitted headline-only pipeline (and claim-strength
    model), both frozen: fitting this pipeline (and cloning it) leaves them as they are."""
    if headline_model is not None:
        headline_model = FrozenEstimator(headline_model)
    if claim_strength is not None:
        claim_strength = FrozenEstimator(claim_strength)
    features = ColumnTransformer(
        [
            (
                "headline",
                Pipeline([("logit", HeadlineLogit(headline_model)), ("scale", StandardScaler())]),
                [HEADLINE],
            ),
            (
                "relation",
                Pipeline(
                    [
                        ("relation", HeadlineBodyRelation(claim_strength=claim_strength)),
                        ("scale", StandardScaler()),
                    ]
                ),
                [HEADLINE, BODY],
            ),
        ],
        sparse_threshold=0.0,
    )
    classifier = LogisticRegression(C=1.0, max_iter=2000, random_state=random_state)
    return Pipeline([("features", features), ("classifier", classifier)]).set_params(**params)


def has_body(body: str) -> bool:
    return any(
        len(words(body[start:end])) >= MIN_SENTENCE_WORDS for start, end in sentence_spans(body)
    )


def with_body_mask(bodies) -> np.ndarray:
    """Which bodies are long enough to be read (each distinct body checked once)."""
    checked: dict[str, bool] = {}
    for body in map(str, bodies):
        if body not in checked:
            checked[body] = has_body(body)
    return np.array([checked[str(body)] for body in bodies], dtype=bool)


@dataclass
class OverstatementModel:
    """Both fitted pipelines; each row is answered by the one its body allows."""

    headline_only: Pipeline
    with_body: Pipeline

    def predict_proba(self, headlines, bodies) -> np.ndarray:
        """The overstatement score of each (headline, body), 0 to 1."""
        rows = as_rows(headlines, bodies)
        scores = np.zeros(len(rows))
        with_body = with_body_mask(rows[:, BODY])
        for model, chosen in ((self.headline_only, ~with_body), (self.with_body, with_body)):
            if chosen.any():
                scores[chosen] = model.predict_proba(rows[chosen])[:, 1]
        return scores
