"""The claim-strength sub-model: its cue words and the expected strength it reports."""

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model.claims import (
    CUES,
    LOWERED_CUES,
    ClaimCues,
    build_claim_strength,
    claim_skeleton,
    cue_spans,
    cues_for,
    expected_strength,
)

# Four claims of each strength, 0 no relation .. 3 direct causal, in the register of headlines.
TINY_CLAIMS = {
    0: [
        "Researchers map the genome of the Atlantic salmon",
        "Survey describes how nurses spend their shifts",
        "New clinic opens for patients with rare diseases",
        "Study protocol for a trial of school meals",
    ],
    1: [
        "Poor sleep linked to weight gain in children",
        "Air pollution associated with higher rates of asthma",
        "Smokers more likely to develop gum disease",
        "Screen time tied to lower test scores",
    ],
    2: [
        "Green tea may reduce the risk of stroke",
        "Exercise could slow memory loss in older adults",
        "Fasting might improve blood sugar control",
        "A daily walk may lower blood pressure, study suggests",
    ],
    3: [
        "Green tea reduces the risk of stroke",
        "Exercise slows memory loss in older adults",
        "Fasting improves blood sugar control",
        "New drug prevents migraines in most patients",
    ],
}


def tiny_rows(strengths=(0, 1, 2, 3)):
    texts = [text for strength in strengths for text in TINY_CLAIMS[strength]]
    labels = [strength for strength in strengths for _ in TINY_CLAIMS[strength]]
    return texts, labels


def cues(text: str) -> dict[str, float]:
    transformer = ClaimCues()
    return dict(
        zip(transformer.get_feature_names_out(), transformer.transform([text])[0], strict=True)
    )


def test_claim_cues_mark_each_kind_of_claim_wording():
    assert cues("Poor sleep linked to weight gain") == {
        "correlational": 1,
        "conditional": 0,
        "causal": 0,
        "negation": 0,
        "conditional_causal": 0,
        "conditional_correlational": 0,
        "negation_causal": 0,
    }
    assert cues("Green tea may reduce the risk of stroke")["conditional_causal"] == 1
    assert cues("Coffee may be associated with fewer strokes")["conditional_correlational"] == 1
    assert cues("The drug did not reduce pain")["negation_causal"] == 1
    assert cues("The drug didn't reduce pain")["negation"] == 1
    assert not any(cues("Researchers map the genome of the Atlantic salmon").values())


def test_claim_cues_read_inflections_and_multi_word_cues_without_being_fitted():
    for text in ("Coffee protects the liver", "Coffee protected the liver"):
        assert cues(text)["causal"] == 1
    assert cues("Smoking leads to gum disease")["causal"] == 1
    assert cues("Smokers are more likely to get gum disease")["correlational"] == 1
    assert cues("Drinkers had lower rates of liver disease")["correlational"] == 1
    assert cues("A leader of the lab")["causal"] == 0  # "lead to", not any word starting "lead"
    matrix = ClaimCues().transform(np.array(["linked to", "causes", ""], dtype=object))
    assert matrix.shape == (3, len(ClaimCues().get_feature_names_out()))


@pytest.mark.parametrize(
    "text",
    [
        "Seven hours of sleep lifts students' grades",
        "Playing tennis wards off dementia",
        "Street trees keep people out of hospital",
        "Fast-food outlets are fuelling obesity",
        "Gas stoves give children asthma",
        "Screen time is behind a rise in behaviour problems",
        "Congestion charges clean up city air",
        "More police patrols slashed burglaries",
    ],
)
def test_the_verbs_of_effect_headlines_use_are_causal_cues(text):
    assert cues(text)["causal"] == 1


@pytest.mark.parametrize(
    "text",
    [
        "Students who sleep seven hours have higher grades",
        "Dog owners tend to live longer",
        "Leafier streets saw fewer heatstroke admissions",
        "Children in homes with gas stoves more often have asthma",
        "Lower wages coincided with higher staff turnover",
        # By how much, between the verb and the comparison.
        "Four-day-week schools scored slightly higher in maths",
        "Nurses on night shifts had much lower vitamin D levels",
        "Leafier neighbourhoods recorded fewer heatstroke admissions",
        "Towns with 20 mph limits experienced fewer road injuries",
    ],
)
def test_groups_compared_are_a_correlational_cue(text):
    assert cues(text)["correlational"] == 1
    assert cues(text)["causal"] == 0


def test_a_claim_s_skeleton_keeps_its_cue_and_function_words_and_masks_its_topic():
    coffee = claim_skeleton("Coffee drinkers had lower rates of liver disease in a 10-year study")
    owls = claim_skeleton("Night owls had lower rates of depression in a large survey")
    assert coffee == owls == "x had lower x of x in a x"
    assert claim_skeleton("Drinking coffee may protect your liver") == "x may protect your x"


def test_expected_strength_is_in_the_range_of_the_scale_and_orders_claims():
    texts, labels = tiny_rows()
    model = build_claim_strength(C=10.0).fit(texts, labels)

    strengths = expected_strength(model, ["Tea linked to fewer strokes", "Tea prevents strokes"])

    assert strengths.shape == (2,)
    assert np.all((0 <= strengths) & (strengths <= 3))
    assert strengths[1] > strengths[0]
    probabilities = model.predict_proba(["Tea prevents strokes"])[0]
    assert strengths[1] == pytest.approx(probabilities @ [0, 1, 2, 3])


def test_expected_strength_weighs_by_the_classes_a_model_knows_not_their_positions():
    texts, labels = tiny_rows(strengths=(1, 3))
    model = build_claim_strength().fit(texts, labels)

    strength = expected_strength(model, ["Fasting improves blood sugar control"])[0]

    assert 1 < strength < 3
    assert strength == pytest.approx(
        model.predict_proba(["Fasting improves blood sugar control"])[0] @ [1, 3]
    )


def test_the_claim_model_is_seeded_and_reproducible():
    texts, labels = tiny_rows()
    first = build_claim_strength(random_state=3).fit(texts, labels)
    second = build_claim_strength(random_state=3).fit(texts, labels)
    new = ["Coffee drinkers had fewer strokes", "Coffee prevents strokes"]
    assert np.array_equal(expected_strength(first, new), expected_strength(second, new))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Linked", "TO", "may", "MIGHT", "reduces", "did", "n't", "not", "NO", "Lead", "to",
             "caused", "higher", "RISK", "likely", "x", "-", "'", "’", "K", "\u212a", "İ", "ß"]
        ),
        max_size=12,
    ),
    st.sampled_from([" ", "", "  ", "\n"]),
)  # fmt: skip
def test_claim_cues_read_any_casing_as_the_case_blind_patterns_do(pieces, separator):
    text = separator.join(pieces)
    expected = {name: bool(pattern.search(text)) for name, pattern in CUES.items()}
    assert {name: cues(text)[name] == 1 for name in CUES} == expected


@pytest.mark.parametrize(
    "text",
    [
        "Coffee drinkers had lower rates of liver disease, but it did not prevent it",
        "Green tea MAY reduce the risk of stroke, linked to diet",
        "“Walking” isn’t linked to anything",
        "İt can't cause harm",
        "",
    ],
)
def test_the_cue_columns_and_the_skeleton_read_the_same_cues(text):
    # The cue columns reuse the spans the skeleton found; each still searches as it did.
    searched, patterns = cues_for(text)
    expected = {name: bool(pattern.search(searched)) for name, pattern in patterns.items()}
    assert {name: cues(text)[name] == 1 for name in CUES} == expected
    if text.isascii():
        assert [bool(spans) for spans in cue_spans(text)] == list(expected.values())


def test_the_skeleton_keeps_the_words_of_every_cue_found_once_for_both():
    text = "Green tea MAY reduce the risk of stroke, linked to diet"
    assert claim_skeleton(text) == "x may reduce the x of x linked to x"
    assert cues(text)["conditional"] == cues(text)["causal"] == cues(text)["correlational"] == 1


def test_the_claim_model_searches_each_text_for_its_cues_once(monkeypatch):
    texts, labels = tiny_rows()
    model = build_claim_strength(C=10.0).fit(texts, labels)
    searched = Counter()

    class Counted:
        def __init__(self, pattern):
            self.pattern = pattern

        def finditer(self, text):
            searched[text] += 1
            return self.pattern.finditer(text)

        def search(self, text):
            searched[text] += 1
            return self.pattern.search(text)

    for name, pattern in list(LOWERED_CUES.items()):
        monkeypatch.setitem(LOWERED_CUES, name, Counted(pattern))
    cue_spans.cache_clear()
    model.predict_proba(["Tea linked to fewer strokes", "Tea prevents strokes"])
    # The skeleton and the cue columns read both texts; each cue is searched for once a text.
    assert searched == {"tea linked to fewer strokes": len(CUES), "tea prevents strokes": len(CUES)}
    # Nothing is kept for the next call, whoever called the model.
    assert cue_spans.cache_info().currsize == 0
