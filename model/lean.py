"""Fitted scikit-learn parts applied without their per-call machinery, row by row.

Scoring one article through a `Pipeline` spends most of its time in scikit-learn's per-call
work (input validation, dataframe detection, `ColumnTransformer` dispatch, `hstack`), not in the
arithmetic, which for a linear model of sparse features is small. These classes read the fitted
state once (vocabulary, IDF, norm, scaler statistics, coefficients) and apply it with the
estimator's own text analyzer, so the features are the fitted estimator's, computed once per
text. They agree with the estimators' `transform` and `predict_proba` to rounding (the tests
hold them to 1e-9).
"""

from collections import Counter
from typing import NamedTuple

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted


class SparseRow(NamedTuple):
    """One row of a sparse feature block: column indices (ascending) and their values."""

    indices: np.ndarray
    values: np.ndarray

    def terms(self, coefficients: np.ndarray) -> np.ndarray:
        """Each non-zero feature's term, value x coefficient, in the order of `indices`."""
        return self.values * coefficients[self.indices]

    def dot(self, coefficients: np.ndarray):
        """The row times `coefficients`: a number, or one per column of 2-D coefficients."""
        return self.values @ coefficients[self.indices]


class LeanTfidf:
    """A fitted `TfidfVectorizer`'s transform: the same analyzer, vocabulary, tf, IDF and norm.

    Each text is analysed once; n-grams outside the vocabulary are dropped, counts become
    1 + log(count) when `sublinear_tf` (1 when `binary`), are multiplied by the IDF and the row
    is normalised (l2 or l1), as `TfidfVectorizer.transform` does.
    """

    def __init__(self, vectorizer: TfidfVectorizer):
        check_is_fitted(vectorizer, "vocabulary_")
        self.vocabulary = vectorizer.vocabulary_
        self.n_features = len(self.vocabulary)
        self.analyzer = vectorizer.build_analyzer()
        self._binary = vectorizer.binary
        self._sublinear_tf = vectorizer.sublinear_tf
        self._idf = vectorizer.idf_ if vectorizer.use_idf else None
        self._norm = vectorizer.norm
        self._dtype = vectorizer.dtype

    def row(self, text: str) -> SparseRow:
        counts = Counter(self.analyzer(text))
        known = counts.keys() & self.vocabulary.keys()
        indices = np.fromiter((self.vocabulary[g] for g in known), np.int32, len(known))
        values = np.fromiter((counts[g] for g in known), np.float64, len(known))
        order = np.argsort(indices)
        indices, values = indices[order], values[order]
        if self._binary:
            values[:] = 1.0
        if self._sublinear_tf:
            values = np.log(values) + 1.0
        if self._idf is not None:
            values *= self._idf[indices]
        if self._norm == "l2":
            norm = np.sqrt(values @ values)
        elif self._norm == "l1":
            norm = np.abs(values).sum()
        else:
            norm = 0.0
        if norm > 0:
            values /= norm
        return SparseRow(indices, values.astype(self._dtype, copy=False))

    def transform(self, texts) -> sp.csr_matrix:
        """The rows of `texts` as one CSR matrix, as `TfidfVectorizer.transform` returns it."""
        return csr_of([self.row(text) for text in texts], self.n_features, self._dtype)


def csr_of(rows: list[SparseRow], n_features: int, dtype=np.float64) -> sp.csr_matrix:
    """Sparse rows stacked into one CSR matrix, built directly from their arrays."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int32)
    np.cumsum([len(row.indices) for row in rows], out=indptr[1:])
    empty_indices, empty_values = np.empty(0, np.int32), np.empty(0, dtype)
    indices = np.concatenate([empty_indices, *(row.indices for row in rows)])
    values = np.concatenate([empty_values, *(row.values for row in rows)])
    return sp.csr_matrix((values, indices, indptr), shape=(len(rows), n_features), dtype=dtype)


class LeanScaler:
    """A fitted `StandardScaler`'s transform of dense rows: (x - mean) / scale."""

    def __init__(self, scaler: StandardScaler):
        check_is_fitted(scaler)
        n = scaler.n_features_in_
        self._mean = scaler.mean_ if scaler.with_mean else np.zeros(n)
        self._scale = scaler.scale_ if scaler.with_std else np.ones(n)

    def transform(self, values: np.ndarray) -> np.ndarray:
        return (np.asarray(values, dtype=np.float64) - self._mean) / self._scale


def output_slices(features: ColumnTransformer | FeatureUnion) -> dict[str, slice]:
    """The columns of a fitted `ColumnTransformer`'s or `FeatureUnion`'s output, by part."""
    if isinstance(features, ColumnTransformer):
        return dict(features.output_indices_)
    slices, start = {}, 0
    for name, transformer in features.transformer_list:
        width = 0 if transformer == "drop" else len(transformer.get_feature_names_out())
        slices[name], start = slice(start, start + width), start + width
    return slices


class LeanLogistic:
    """A fitted `LogisticRegression` over a fitted `ColumnTransformer`'s or `FeatureUnion`'s output.

    `coefficients[name]` weighs the columns of the part `name` (a `FeatureUnion`'s transformer
    weights folded in), so each block of features is dotted with its own coefficients and the
    blocks are never stacked into one matrix. For a binary model a block's coefficients are a
    vector and its dot product a number; with k classes they are (columns, k) and the dot
    product has one value per class. `probability` then gives what `predict_proba` gives: the
    positive class's probability (binary), or every class's (softmax).
    """

    def __init__(self, features: ColumnTransformer | FeatureUnion, classifier: LogisticRegression):
        check_is_fitted(classifier)
        slices = output_slices(features)
        coef = classifier.coef_.astype(np.float64)
        if sum(s.stop - s.start for s in slices.values()) != coef.shape[1]:
            raise ValueError("the classifier's coefficients do not match the features' columns")
        self.binary = coef.shape[0] == 1
        by_column = coef[0] if self.binary else coef.T
        weights = getattr(features, "transformer_weights", None) or {}
        self.coefficients = {
            name: by_column[columns] * weights.get(name, 1.0) for name, columns in slices.items()
        }
        intercept = classifier.intercept_.astype(np.float64)
        self.intercept = float(intercept[0]) if self.binary else intercept
        self.offsets = {name: columns.start for name, columns in slices.items()}
        self.classes = classifier.classes_

    def probability(self, decision):
        """`predict_proba` from the decision values (rows of them, or one row)."""
        if self.binary:
            return expit(decision)
        decision = np.asarray(decision, dtype=np.float64)
        shifted = np.exp(decision - decision.max(axis=-1, keepdims=True))
        return shifted / shifted.sum(axis=-1, keepdims=True)
