"""The model: one scikit-learn Pipeline from (headline, body) rows to an overstatement score."""

import numpy as np
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from model.features import HeadlineBodyRelation, HeadlineStyle

HEADLINE, BODY = 0, 1


def as_rows(headlines, bodies) -> np.ndarray:
    """The pipeline's input: a 2-D object array with a headline and a body column."""
    rows = np.empty((len(headlines), 2), dtype=object)
    rows[:, HEADLINE] = list(headlines)
    rows[:, BODY] = list(bodies)
    return rows


def build_pipeline(random_state: int = 0, **params) -> Pipeline:
    """The untrained pipeline; `params` use nested names (`features__headline_words__min_df`)."""
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
            (
                "relation",
                Pipeline([("relation", HeadlineBodyRelation()), ("scale", StandardScaler())]),
                [HEADLINE, BODY],
            ),
        ],
        sparse_threshold=1.0,
    )
    classifier = LogisticRegression(C=1.0, max_iter=2000, random_state=random_state)
    pipeline = Pipeline([("features", features), ("classifier", classifier)])
    return pipeline.set_params(**params)
