"""The lean parts give what the fitted scikit-learn estimators give, to 1e-9, on odd text too."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from model.lean import LeanLogistic, LeanScaler, LeanTfidf, SparseRows

TOLERANCE = 1e-9
# Text that trips tokenisers: case folding that changes length (İ, ß), combining marks and
# precomposed letters, ligatures, final sigma, right-to-left scripts, CJK without spaces, emoji
# with joiners and skin tones, zero-width and non-breaking spaces, tabs and newlines, full-width
# digits, curly quotes, a lone surrogate, control characters, very long words, and nothing.
ODD_TEXTS = [
    "İstanbul'da DİKKAT: ıspanak fiyatı 3× arttı!",
    "Straße, STRASSE und Maß: GROẞE Änderung",
    "Cafe\u0301 vs Café: décor naïve coöperate",
    "ﬁnance ﬂows ﬀ ﬃ ligatures",
    "ΟΔΥΣΣΕΥΣ και ο Οδυσσέας σώζεις",
    "مرحبا بالعالم: الحكومة تعلن",
    "שלום עולם 2024",
    "東京で地震が発生しました。被害は不明",
    "Vaccine 💉 works 👩🏽‍⚕️👨‍👩‍👧 family ❤️‍🔥",
    "zero\u200bwidth\u200cjoin\u200d and\u00a0nbsp\u2009thin\u3000ideographic",
    "tabs\tand\nnewlines\r\nand\x0bvertical\x0cfeed",
    "Ｆｕｌｌ ｗｉｄｔｈ １２３ digits",
    "“Curly” ‘quotes’ — dashes – and … ellipses",
    "lone \ud800 surrogate and \x00 nul \x07 bell",
    "a" * 500 + " " + "supercalifragilisticexpialidocious" * 10,
    "",
    "   ",
    "!!! ??? ...",
    "I I I I I I I I I I repeated repeated repeated",
    "Minister: 2.5% rise 'could' follow, say 1,000 economists",
]
CORPUS = [
    "Government announces new tax on sugary drinks",
    "Scientists say coffee may protect the liver",
    "Coffee CURES liver disease, scientists find!",
    "Council approves new cycle lanes in Leeds",
    "Is this the end of the high street? Shoppers flee",
    "Straße closed as İstanbul floods: ıspanak prices soar",
    "東京で地震 Tokyo earthquake leaves thousands without power",
    "Vaccine 💉 trial shows early promise in mice",
    "Ministers could raise interest rates next month",
    "Café owners say décor matters to naïve tourists",
    "Rents rise 4 percent in a year, agency says",
    "Rents soar by a third as tenants are priced out",
    "Experimental drug shrinks tumours in mice",
    "New drug shrinks cancer tumours, researchers report",
] * 2 + ODD_TEXTS[:10]

VECTORIZERS = {
    "headline words": dict(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
    "headline chars": dict(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True),
    "chars": dict(analyzer="char", ngram_range=(1, 3)),
    "defaults": {},
    "binary, l1": dict(binary=True, norm="l1"),
    "no idf, no norm": dict(use_idf=False, norm=None, sublinear_tf=True),
    "cased, accents stripped, stop words": dict(
        lowercase=False, strip_accents="unicode", stop_words="english"
    ),
    "ascii accents, trigrams, max_features": dict(
        strip_accents="ascii", ngram_range=(1, 3), max_features=40
    ),
    # Accent stripping after lowercasing is not idempotent: whole texts, not word by word.
    "char_wb, accents stripped": dict(
        analyzer="char_wb", ngram_range=(1, 3), strip_accents="unicode"
    ),
}


def assert_same_matrix(lean, expected):
    expected = expected.tocsr()
    expected.sort_indices()
    assert lean.shape == expected.shape
    assert lean.dtype == expected.dtype
    np.testing.assert_array_equal(lean.indptr, expected.indptr)
    np.testing.assert_array_equal(lean.indices, expected.indices)
    assert np.max(np.abs(lean.data - expected.data), initial=0.0) <= TOLERANCE


@pytest.mark.parametrize("params", VECTORIZERS.values(), ids=VECTORIZERS.keys())
def test_lean_tfidf_matches_the_vectorizers_transform_on_odd_text(params):
    vectorizer = TfidfVectorizer(**params).fit(CORPUS)
    texts = ODD_TEXTS + CORPUS
    assert_same_matrix(LeanTfidf(vectorizer).transform(texts), vectorizer.transform(texts))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=5))
def test_lean_tfidf_matches_on_generated_text(texts):
    for params in (VECTORIZERS["headline words"], VECTORIZERS["headline chars"]):
        vectorizer = fitted(params)
        assert_same_matrix(LeanTfidf(vectorizer).transform(texts), vectorizer.transform(texts))


_FITTED = {}


def fitted(params: dict) -> TfidfVectorizer:
    key = repr(sorted(params.items()))
    if key not in _FITTED:
        _FITTED[key] = TfidfVectorizer(**params).fit(CORPUS)
    return _FITTED[key]


def test_character_ngrams_are_looked_up_word_by_word_only_where_that_is_exact():
    assert LeanTfidf(fitted(VECTORIZERS["headline chars"])).by_word
    assert not LeanTfidf(fitted(VECTORIZERS["char_wb, accents stripped"])).by_word
    assert not LeanTfidf(fitted(VECTORIZERS["chars"])).by_word
    vectorizer = fitted(VECTORIZERS["headline chars"])
    lean = LeanTfidf(vectorizer)
    texts = ODD_TEXTS + CORPUS
    first, again = lean.transform(texts), lean.transform(texts)  # the second from the cache
    assert_same_matrix(first, vectorizer.transform(texts))
    assert_same_matrix(again, vectorizer.transform(texts))


def test_a_text_with_no_known_ngram_is_an_empty_row():
    vectorizer = fitted(VECTORIZERS["headline words"])
    row = LeanTfidf(vectorizer).row("zzzz qqqq")
    assert len(row.indices) == len(row.values) == 0
    assert row.dot(np.ones(len(vectorizer.vocabulary_))) == 0.0


def test_an_unfitted_vectorizer_is_refused():
    with pytest.raises(Exception, match="not fitted"):
        LeanTfidf(TfidfVectorizer())


def test_sparse_rows_give_each_row_and_its_dot_product():
    rows = SparseRows(
        np.array([0, 2, 2, 3], np.int32), np.array([0, 3, 1], np.int32), np.array([0.6, 0.8, 1.0])
    )
    coefficients = np.array([1.0, -2.0, 5.0, 0.5])
    np.testing.assert_allclose(rows.dot(coefficients), [0.6 + 0.4, 0.0, -2.0])
    np.testing.assert_array_equal(rows.row(1).indices, [])
    np.testing.assert_allclose(rows.row(0).terms(coefficients), [0.6, 0.4])
    by_class = np.column_stack([coefficients, 2 * coefficients])
    np.testing.assert_allclose(rows.dot(by_class), [[1.0, 2.0], [0.0, 0.0], [-2.0, -4.0]])
    assert rows.row(2).dot(by_class).tolist() == [-2.0, -4.0]
    one = SparseRows(np.array([0, 2], np.int32), rows.indices[:2], rows.values[:2])
    np.testing.assert_allclose(one.dot(coefficients), [1.0])
    np.testing.assert_allclose(one.dot(by_class), [[1.0, 2.0]])
    empty = SparseRows(np.zeros(1, np.int32), np.empty(0, np.int32), np.empty(0))
    assert empty.dot(coefficients).shape == (0,) and empty.dot(by_class).shape == (0, 2)


@pytest.mark.parametrize("with_mean, with_std", [(True, True), (False, True), (True, False)])
def test_lean_scaler_matches_standard_scaler(with_mean, with_std):
    rng = np.random.default_rng(5)
    data = rng.normal(3, 2, size=(50, 4))
    data[:, 2] = 1.0  # a constant column: StandardScaler keeps its scale at 1
    scaler = StandardScaler(with_mean=with_mean, with_std=with_std).fit(data)
    rows = rng.normal(3, 2, size=(7, 4))
    lean = np.array([LeanScaler(scaler).transform(row) for row in rows])
    assert np.max(np.abs(lean - scaler.transform(rows))) <= TOLERANCE


def two_text_pipeline() -> tuple[Pipeline, np.ndarray]:
    """A pipeline shaped like hypegap's: two TF-IDF blocks and a scaled dense block."""
    rng = np.random.default_rng(7)
    headlines = CORPUS + ODD_TEXTS
    rows = np.empty((len(headlines), 4), dtype=object)
    rows[:, 0] = headlines
    rows[:, 1] = headlines[::-1]
    rows[:, 2:] = rng.normal(size=(len(headlines), 2))
    targets = np.arange(len(headlines)) % 2
    features = ColumnTransformer(
        [
            ("words", TfidfVectorizer(**VECTORIZERS["headline words"]), 0),
            ("chars", TfidfVectorizer(**VECTORIZERS["headline chars"]), 1),
            ("numbers", StandardScaler(), [2, 3]),
        ],
        sparse_threshold=1.0,
    )
    pipeline = Pipeline([("features", features), ("classifier", LogisticRegression(C=10))])
    return pipeline.fit(rows, targets), rows


def test_lean_logistic_gives_predict_proba_from_coefficient_slices():
    pipeline, rows = two_text_pipeline()
    features, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
    lean = LeanLogistic(features, classifier)
    words = LeanTfidf(features.named_transformers_["words"])
    chars = LeanTfidf(features.named_transformers_["chars"])
    scaler = LeanScaler(features.named_transformers_["numbers"])
    logits = np.array(
        [
            lean.intercept
            + words.row(row[0]).dot(lean.coefficients["words"])
            + chars.row(row[1]).dot(lean.coefficients["chars"])
            + scaler.transform(row[2:].astype(float)) @ lean.coefficients["numbers"]
            for row in rows
        ]
    )
    expected = pipeline.predict_proba(rows)[:, 1]
    assert np.max(np.abs(lean.probability(logits) - expected)) <= TOLERANCE
    assert np.max(np.abs(logits - pipeline.decision_function(rows))) <= TOLERANCE


def test_lean_logistic_gives_multiclass_predict_proba_over_a_weighted_feature_union():
    """Shaped like the claim-strength model: a FeatureUnion of TF-IDF blocks, four classes."""
    texts = CORPUS + ODD_TEXTS
    classes = np.arange(len(texts)) % 4
    union = FeatureUnion(
        [
            ("words", TfidfVectorizer(**VECTORIZERS["headline words"])),
            ("chars", TfidfVectorizer(**VECTORIZERS["headline chars"])),
        ],
        transformer_weights={"words": 2.0},
    )
    pipeline = Pipeline([("features", union), ("classifier", LogisticRegression(C=10))])
    pipeline.fit(texts, classes)
    union, classifier = pipeline.named_steps["features"], pipeline.named_steps["classifier"]
    lean = LeanLogistic(union, classifier)
    words, chars = (LeanTfidf(t) for _, t in union.transformer_list)
    decisions = np.array(
        [
            lean.intercept
            + words.row(text).dot(lean.coefficients["words"])
            + chars.row(text).dot(lean.coefficients["chars"])
            for text in texts
        ]
    )
    assert decisions.shape == (len(texts), 4)
    assert np.max(np.abs(lean.probability(decisions) - pipeline.predict_proba(texts))) <= TOLERANCE
    one = lean.probability(decisions[0])
    assert np.max(np.abs(one - pipeline.predict_proba(texts[:1])[0])) <= TOLERANCE
    np.testing.assert_array_equal(lean.classes, [0, 1, 2, 3])


def test_lean_logistic_refuses_coefficients_that_do_not_fit_the_features():
    pipeline, rows = two_text_pipeline()
    features = pipeline.named_steps["features"]
    classifier = LogisticRegression().fit(features.transform(rows)[:, :5], np.arange(len(rows)) % 2)
    with pytest.raises(ValueError, match="do not match"):
        LeanLogistic(features, classifier)
