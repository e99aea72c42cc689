"""The custom transformers: scikit-learn's estimator checks and the features an editor relies on."""

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from model.features import HeadlineBodyRelation, HeadlineStyle, phrases, stem, words
from model.lexicon import HEDGES

BODY = (
    "Soldiers crossed the border by accident on Tuesday and went back after warning shots, "
    "officials said. The crossing appeared to be accidental and there was no sign of a planned "
    "incursion, the military said, adding that 3 soldiers were involved in the incident."
)

# These transformers read text: scikit-learn's generic checks feed them numbers, which they read
# as text too; only the checks below cannot apply.
NOT_FOR_TEXT = {
    "check_estimators_nan_inf": "text has no NaN or inf; a float NaN is read as the word 'nan'",
}
NEEDS_TWO_COLUMNS = {
    "check_fit2d_1feature": "the relation transformer needs a headline and a body column",
}


@parametrize_with_checks(
    [HeadlineStyle(), HeadlineBodyRelation()],
    expected_failed_checks=lambda estimator: (
        NOT_FOR_TEXT | NEEDS_TWO_COLUMNS
        if isinstance(estimator, HeadlineBodyRelation)
        else NOT_FOR_TEXT
    ),
)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def relation(headline, body=BODY, **params):
    transformer = HeadlineBodyRelation(**params).fit(np.array([[headline, body]], dtype=object))
    return {name: value for name, (value, _) in transformer.details(headline, body).items()}


def relation_words(headline, body=BODY):
    transformer = HeadlineBodyRelation().fit(np.array([[headline, body]], dtype=object))
    return {name: found for name, (_, found) in transformer.details(headline, body).items()}


def test_transform_returns_one_row_per_article_in_feature_order():
    rows = np.array([["War starts now!", BODY], ["Soldiers cross border", BODY]], dtype=object)
    transformer = HeadlineBodyRelation().fit(rows)
    matrix = transformer.transform(rows)
    assert matrix.shape == (2, len(transformer.get_feature_names_out()))
    unsupported = list(transformer.get_feature_names_out()).index("unsupported_words")
    assert matrix[0, unsupported] > matrix[1, unsupported]


def test_words_the_body_never_mentions_are_named():
    found = relation_words("Is Kim Starting a War to Impress Putin?!")
    assert "war" in found["unsupported_words"]
    assert "soldiers" not in relation_words("Soldiers cross border")["unsupported_words"]
    assert relation("Soldiers cross border by accident")["unsupported_words"] == 0


def test_inflections_still_count_as_mentioned():
    assert stem("warning") == stem("warned") == stem("warns")
    assert stem("crossings") == stem("crossed") == stem("cross")
    assert relation("Officials warn of accidental crossings")["unsupported_words"] == 0


def test_hedged_body_under_an_assertive_headline_is_a_gap():
    assert relation("Soldiers invade")["hedge_gap"] > 0
    assert "accidental" in relation_words("Soldiers invade")["hedge_gap"]
    assert relation("Soldiers may have crossed by accident")["hedge_gap"] == 0


def test_numbers_missing_or_larger_than_the_body():
    assert relation("3 soldiers cross border")["unsupported_numbers"] == 0
    inflated = relation("300 soldiers cross border")
    assert inflated["unsupported_numbers"] > 0 and inflated["inflated_number"] == 1


def test_cause_scope_and_intensity_the_body_does_not_state():
    assert relation_words("Accident triggers war")["causal_gap"] == ["triggers"]
    assert relation_words("Every soldier crossed")["scope_gap"] == ["every"]
    assert relation_words("Shocking invasion")["unsupported_intensity"] == ["shocking", "invasion"]


def test_refuting_body_is_detected():
    body = "Officials denied the report, calling it a hoax. " * 5
    assert relation("Aliens land in town", body)["body_refutes"] > 0


def test_short_body_counts_as_missing():
    values = relation("War!", "Too short to check.")
    assert values["has_body"] == 0 and all(v == 0 for v in values.values())
    assert relation("War!", BODY)["has_body"] == 1
    assert relation("War!", BODY, min_body_words=500)["has_body"] == 0


def test_style_features_see_framing_and_capitals():
    style = HeadlineStyle().fit(np.array([["x"]], dtype=object))
    hyped = style.details("You WON'T Believe This SHOCKING Secret?!")
    assert hyped["question"][0] == 1 and hyped["exclamation"][0] == 1
    assert hyped["shouting"][1] == ["WON'T", "SHOCKING"]
    assert "shocking" in hyped["intense_words"][1]
    # A wire-style headline in capitals throughout is house style, not shouting.
    assert style.details("BAHIA COCOA REVIEW")["shouting"][0] == 0


def test_phrases_counts_words_and_multiword_entries_in_text_order():
    found = phrases(words("It may work in mice; it may not. More research needed"), HEDGES)
    assert found == ["may", "may", "in mice", "mice", "more research"]


@pytest.mark.parametrize("bad", [np.array(["one column"], dtype=object)])
def test_relation_refuses_a_wrong_column_count(bad):
    with pytest.raises(ValueError):
        HeadlineBodyRelation().fit(bad.reshape(-1, 1))


def test_similarity_is_higher_over_the_body_the_headline_is_about():
    other = "Parliament passed the budget after a long debate about taxes and pensions. " * 4
    headline = "Soldiers cross border by accident, warning shots fired"
    rows = np.array([[headline, BODY], [headline, other]], dtype=object)
    transformer = HeadlineBodyRelation().fit(rows)
    own = transformer.details(headline, BODY)["similarity"][0]
    unrelated = transformer.details(headline, other)["similarity"][0]
    assert 0 <= unrelated < own <= 1


def test_refitting_forgets_details_computed_with_the_old_fit():
    headline = "Soldiers cross border by accident"
    corpus_a = np.array(
        [[headline, BODY], ["x", "Soldiers soldiers everywhere. " * 10]], dtype=object
    )
    corpus_b = np.array([[headline, BODY], ["y", "A quiet day at the border. " * 10]], dtype=object)
    transformer = HeadlineBodyRelation().fit(corpus_a)
    transformer.transform(corpus_a[:1])
    refitted = transformer.fit(corpus_b).transform(corpus_b[:1])
    fresh = HeadlineBodyRelation().fit(corpus_b).transform(corpus_b[:1])
    np.testing.assert_array_equal(refitted, fresh)
