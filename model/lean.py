"""Fitted scikit-learn pipelines applied without their per-call machinery, row by row.

Scoring one article through a `Pipeline` spends most of its time in scikit-learn's per-call
work (input validation, dataframe detection, `ColumnTransformer` dispatch, `hstack`), not in the
arithmetic, which for a linear model of sparse features is small. `LeanPipeline` reads a fitted
`Pipeline(features, LogisticRegression)` once (vocabularies, IDF, norms, scaler statistics,
coefficients) and scores rows with each part's own code: a `TfidfVectorizer`'s analyzer, a
custom transformer's per-row entry point (`readings` and `measure`, see `model.features`), the
headline model behind `HeadlineLogit` (itself lean), and, for any other transformer, its own
`transform` on the whole batch. Each block of features is dotted with its own slice of the
coefficients; the blocks are never stacked. Scores agree with `predict_proba` to rounding (the
tests hold them to 1e-9). Nothing here is saved: it is built from the fitted pipeline on load.
"""

import copy
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.base import BaseEstimator
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from model.pipeline import HeadlineLogit
from model.text import Body, WordCache

# Words whose n-grams a character vectorizer keeps looked up (a few MB each).
WORDS_CACHED = 1 << 15
_NO_COLUMNS = np.empty(0, np.int32)


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


class SparseRows(NamedTuple):
    """Rows of a sparse feature block, as a CSR matrix's arrays (indices ascending per row)."""

    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray

    def row(self, i: int) -> SparseRow:
        taken = slice(self.indptr[i], self.indptr[i + 1])
        return SparseRow(self.indices[taken], self.values[taken])

    def dot(self, coefficients: np.ndarray) -> np.ndarray:
        """Each row times `coefficients`: one number per row, or one per row and column."""
        count = len(self.indptr) - 1
        weighted = coefficients[self.indices]
        if count == 1:  # one article: one product, not a sum per row
            return (self.values @ weighted)[None]
        row_of = np.repeat(np.arange(count), np.diff(self.indptr))
        if weighted.ndim == 1:
            return np.bincount(row_of, self.values * weighted, minlength=count)
        # One bincount for every (row, column) pair: each pair's values are added in the
        # order of the row's entries, as one bincount per column adds them.
        columns = coefficients.shape[1]
        pairs = (row_of[:, None] * columns + np.arange(columns)).ravel()
        weighted = (weighted * self.values[:, None]).ravel()
        return np.bincount(pairs, weighted, minlength=count * columns).reshape(count, columns)


class LeanTfidf:
    """A fitted `TfidfVectorizer`'s transform: the same analyzer, vocabulary, tf, IDF and norm.

    Each text is analysed once; n-grams outside the vocabulary are dropped, counts become
    1 + log(count) when `sublinear_tf` (1 when `binary`), are multiplied by the IDF and the row
    is normalised (l2 or l1), as `TfidfVectorizer.transform` does.

    `char_wb` n-grams never cross white space, so a text's are those of its words: words recur,
    and each word's known n-grams are looked up once (`word_columns`, a bounded cache). This
    needs the text preprocessed as a whole first, then each word again, to give what the
    analyzer gives: true of lowercasing, which does nothing to lowercase text, and not of accent
    stripping, with which (or a custom preprocessor) whole texts are analysed.
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
        self.by_word = (
            vectorizer.analyzer == "char_wb"
            and vectorizer.input == "content"
            and vectorizer.preprocessor is None
            and vectorizer.strip_accents is None
        )
        if self.by_word:
            self._preprocess = vectorizer.build_preprocessor()
            self.word_columns = WordCache(self._word_columns, WORDS_CACHED)

    def _word_columns(self, word: str) -> np.ndarray:
        """The vocabulary columns of a word's known n-grams, one entry per occurrence."""
        vocabulary = self.vocabulary
        return np.array([vocabulary[g] for g in self.analyzer(word) if g in vocabulary], np.int32)

    def _keys(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The known n-grams of all texts as row x n_features + column (ascending), and counts."""
        if self.by_word:
            per_text = [self.word_columns.many(self._preprocess(text).split()) for text in texts]
            pieces = [columns for words in per_text for columns in words]
            if not pieces:
                return np.empty(0, np.int64), np.empty(0)
            rows = np.repeat(
                np.arange(len(texts), dtype=np.int64),
                [sum(len(columns) for columns in words) for words in per_text],
            )
            keys, counts = np.unique(
                rows * self.n_features + np.concatenate(pieces), return_counts=True
            )
            return keys, counts.astype(np.float64)
        keys, counts = [], []
        for row, text in enumerate(texts):
            grams = Counter(self.analyzer(text))
            for gram in grams.keys() & self.vocabulary.keys():
                keys.append(row * self.n_features + self.vocabulary[gram])
                counts.append(grams[gram])
        order = np.argsort(keys)
        return np.array(keys, np.int64)[order], np.array(counts, np.float64)[order]

    def rows(self, texts: Sequence[str]) -> SparseRows:
        """The texts' rows, computed together: numpy's per-call cost is paid once a batch."""
        keys, values = self._keys(texts)
        row_of, indices = np.divmod(keys, self.n_features)
        if self._binary:
            values[:] = 1.0
        if self._sublinear_tf:
            values = np.log(values) + 1.0
        if self._idf is not None:
            values *= self._idf[indices]
        if self._norm in ("l2", "l1"):
            size = values * values if self._norm == "l2" else np.abs(values)
            norms = np.bincount(row_of, size, minlength=len(texts))
            norms = (np.sqrt(norms) if self._norm == "l2" else norms)[row_of]
            values = np.divide(values, norms, out=values, where=norms > 0)
        indptr = np.searchsorted(row_of, np.arange(len(texts) + 1)).astype(np.int32)
        return SparseRows(indptr, indices.astype(np.int32), values.astype(self._dtype, copy=False))

    def row(self, text: str) -> SparseRow:
        return self.rows([text]).row(0)

    def transform(self, texts) -> sp.csr_matrix:
        """The rows of `texts` as one CSR matrix, as `TfidfVectorizer.transform` returns it."""
        rows = self.rows(list(texts))
        shape = (len(rows.indptr) - 1, self.n_features)
        return sp.csr_matrix((rows.values, rows.indices, rows.indptr), shape=shape)


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
        self.classes = classifier.classes_

    def probability(self, decision):
        """`predict_proba` from the decision values (rows of them, or one row)."""
        if self.binary:
            return expit(decision)
        decision = np.asarray(decision, dtype=np.float64)
        shifted = np.exp(decision - decision.max(axis=-1, keepdims=True))
        return shifted / shifted.sum(axis=-1, keepdims=True)


# Pipelines of lean parts ----------------------------------------------------------------------


@dataclass
class DenseOutput:
    """A dense block's values as the classifier reads them (after its scalers), and what each
    row was read as: a per-row transformer's readings and measures, or a sub-model's
    evaluation (the headline logit's)."""

    values: np.ndarray
    readings: list | None = None
    measures: list[dict] | None = None
    inner: "Evaluation | None" = None


@dataclass
class Evaluation:
    """A batch of rows through one lean pipeline: each row's decision value (a number, or one
    per class) and each part's output, by part name."""

    decisions: np.ndarray
    outputs: dict[str, SparseRows | DenseOutput]


def text_of(value) -> str:
    """A column value as text: a body already read gives its text."""
    return value.text if isinstance(value, Body) else str(value)


class TfidfPart:
    """A fitted `TfidfVectorizer` of one text column, row by row."""

    def __init__(self, vectorizer: TfidfVectorizer):
        self.vectorizer = vectorizer
        self.tfidf = LeanTfidf(vectorizer)

    def read(self, inputs: list) -> SparseRows:
        return self.tfidf.rows([text_of(value) for value in inputs])

    @staticmethod
    def contribution(output: SparseRows, coefficients: np.ndarray) -> np.ndarray:
        return output.dot(coefficients)


class MeasuredSource:
    """A transformer measured row by row through its own per-row entry point: `readings` of the
    rows, `measure` of each reading, `values` of the measures (`model.features`). Its rows hold
    text, as its `transform` gets them, or bodies already read where it says it takes them
    (`accepts_read_bodies`)."""

    def __init__(self, transformer):
        self.transformer = transformer
        self._as_text = not getattr(transformer, "accepts_read_bodies", False)

    def read(self, inputs: list) -> DenseOutput:
        if self._as_text:
            inputs = [[text_of(value) for value in row] for row in inputs]
        readings = self.transformer.readings(inputs)
        measures = [self.transformer.measure(reading) for reading in readings]
        return DenseOutput(self.transformer.values(measures), readings, measures)


class LogitSource:
    """`HeadlineLogit`: the decision value of its headline model, scored by that model's lean
    pipeline, whose evaluation the explanation reads the headline's terms from."""

    def __init__(self, model: "LeanPipeline"):
        self.model = model

    def read(self, inputs: list) -> DenseOutput:
        inner = self.model.evaluate(HeadlineLogit.headline_rows(inputs))
        return DenseOutput(inner.decisions.reshape(-1, 1), inner=inner)


class TransformSource:
    """Any other transformer: its own `transform`, once for the whole batch."""

    def __init__(self, transformer):
        self.transformer = transformer

    def read(self, inputs: list) -> DenseOutput:
        texts = [
            [text_of(v) for v in value] if isinstance(value, list) else text_of(value)
            for value in inputs
        ]
        matrix = self.transformer.transform(np.array(texts, dtype=object))
        return DenseOutput(matrix.toarray() if sp.issparse(matrix) else np.asarray(matrix))


class DensePart:
    """A source of dense values followed by any number of `StandardScaler`s.

    The scalers are affine, so a value the classifier reads is `raw * slope + offset` per
    column; `offset` (the value of a raw 0) lets an explanation put the constant part of each
    term in the baseline, so that an absent feature has no term.
    """

    def __init__(self, source, scalers: list[StandardScaler], width: int):
        self.source = source
        self.scalers = [LeanScaler(scaler) for scaler in scalers]
        self.offset = self._scaled(np.zeros(width))
        self.slope = self._scaled(np.ones(width)) - self.offset

    def _scaled(self, values: np.ndarray) -> np.ndarray:
        for scaler in self.scalers:
            values = scaler.transform(values)
        return values

    def read(self, inputs: list) -> DenseOutput:
        output = self.source.read(inputs)
        output.values = self._scaled(np.asarray(output.values, dtype=np.float64))
        return output

    @staticmethod
    def contribution(output: DenseOutput, coefficients: np.ndarray) -> np.ndarray:
        return output.values @ coefficients


def _unfrozen(estimator):
    return estimator.estimator if isinstance(estimator, FrozenEstimator) else estimator


def _is_model(value) -> bool:
    return isinstance(_unfrozen(value), Pipeline)


class LeanPipeline:
    """A fitted `Pipeline([("features", ColumnTransformer | FeatureUnion), ("classifier",
    LogisticRegression)])`, scored part by part.

    Rows are what the pipeline takes: for a `ColumnTransformer`, sequences indexed by its column
    numbers (a body column may hold a `Body` already read, which per-row transformers use as
    it is); for a `FeatureUnion`, the values themselves. `models` shares the lean pipelines of
    sub-models (the headline model is part of the with-body model and scored on its own). It
    answers `predict_proba` and `classes_` as the pipeline does, so a transformer that holds the
    pipeline as a sub-model (the relation features' claim-strength model) is given this instead.
    """

    def __init__(self, pipeline: Pipeline, models: "dict[int, LeanPipeline] | None" = None):
        models = {} if models is None else models
        if len(pipeline.steps) != 2 or not isinstance(pipeline.steps[1][1], LogisticRegression):
            raise ValueError("a lean pipeline needs exactly (features, LogisticRegression)")
        features, classifier = pipeline.steps[0][1], pipeline.steps[1][1]
        self.pipeline = pipeline
        self.logistic = LeanLogistic(features, classifier)
        self.classes_ = self.logistic.classes
        widths = {name: s.stop - s.start for name, s in output_slices(features).items()}
        self.parts: list[tuple[str, Any, Any]] = []  # (name, columns or None, part)
        if isinstance(features, ColumnTransformer):
            blocks = [(n, t, c) for n, t, c in features.transformers_ if widths.get(n)]
        else:
            blocks = [(n, t, None) for n, t in features.transformer_list if widths.get(n)]
        for name, transformer, columns in blocks:
            if not (columns is None or isinstance(columns, int) or _all_ints(columns)):
                raise ValueError(f"part {name!r}: only integer columns are supported")
            try:
                part = _lean_part(_unfrozen(transformer), widths[name], models)
            except ValueError as error:
                raise ValueError(f"part {name!r}: {error}") from error
            self.parts.append((name, list(columns) if _all_ints(columns) else columns, part))
        # A sparse block's coefficients are gathered by column, which is quicker in C order
        # (a multi-class model's come transposed, in Fortran order): the same numbers.
        self._contribution_coefficients = {
            name: np.ascontiguousarray(self.logistic.coefficients[name])
            if isinstance(part, TfidfPart)
            else self.logistic.coefficients[name]
            for name, _, part in self.parts
        }

    def evaluate(self, rows: Sequence) -> Evaluation:
        decisions = np.full(
            (len(rows), *np.shape(self.logistic.intercept)), self.logistic.intercept
        )
        outputs = {}
        for name, columns, part in self.parts:
            output = part.read(_selected(rows, columns))
            decisions += part.contribution(output, self._contribution_coefficients[name])
            outputs[name] = output
        return Evaluation(decisions, outputs)

    def decision_function(self, rows: Sequence) -> np.ndarray:
        return self.evaluate(rows).decisions

    def predict_proba(self, rows: Sequence) -> np.ndarray:
        """As the pipeline's `predict_proba`: one column per class."""
        probability = self.logistic.probability(self.decision_function(rows))
        return (
            np.column_stack([1 - probability, probability]) if self.logistic.binary else probability
        )


def _all_ints(columns) -> bool:
    return isinstance(columns, list | tuple | np.ndarray) and all(
        isinstance(c, int | np.integer) for c in columns
    )


def _selected(rows: Sequence, columns) -> list:
    """What a `ColumnTransformer` hands a part: one column's values, or lists of columns."""
    if columns is None:
        return list(rows)
    if isinstance(columns, list):
        return [[row[c] for c in columns] for row in rows]
    return [row[columns] for row in rows]


def _lean_part(transformer, width: int, models: dict):
    """The lean equivalent of one fitted block of a pipeline's features."""
    if isinstance(transformer, str):
        raise ValueError(f"{transformer!r} columns have no lean equivalent")
    if isinstance(transformer, TfidfVectorizer):
        return TfidfPart(transformer)
    scalers = []
    if isinstance(transformer, Pipeline):
        first, *rest = (_unfrozen(step) for _, step in transformer.steps)
        if all(isinstance(step, StandardScaler) for step in rest) and _per_row(first):
            transformer, scalers = first, rest
        else:
            return DensePart(TransformSource(transformer), [], width)
    if isinstance(transformer, HeadlineLogit):
        return DensePart(LogitSource(lean_of(transformer.headline_model, models)), scalers, width)
    if _per_row(transformer):
        measured = len(transformer.get_feature_names_out())
        if measured != width:
            # A model fitted before a feature was added or removed: its weights are for others.
            raise ValueError(
                f"it was fitted on {width} {type(transformer).__name__} features and this code "
                f"measures {measured}: retrain it with `make train`"
            )
        return DensePart(MeasuredSource(_with_lean_models(transformer, models)), scalers, width)
    return DensePart(TransformSource(transformer), scalers, width)


def _per_row(transformer) -> bool:
    return isinstance(transformer, HeadlineLogit) or all(
        hasattr(transformer, method) for method in ("readings", "measure", "values")
    )


def lean_of(model, models: dict) -> LeanPipeline:
    """The lean pipeline of a fitted (or frozen) pipeline, built once per `models`."""
    model = _unfrozen(model)
    if id(model) not in models:
        models[id(model)] = LeanPipeline(model, models)
    return models[id(model)]


def _with_lean_models(transformer: BaseEstimator, models: dict):
    """The transformer, or a shallow copy of it whose fitted sub-models (parameters that are
    pipelines, such as the claim-strength model) are their lean pipelines; its own fitted state
    is shared, and the pipeline's transformer is left as it is."""
    subs = {k: v for k, v in transformer.get_params(deep=False).items() if _is_model(v)}
    if not subs:
        return transformer
    lean = copy.copy(transformer)
    for name, model in subs.items():
        setattr(lean, name, lean_of(model, models))
    return lean
