"""Explanations read off the linear model's own terms.

A score is sigmoid(intercept + sum of feature value x coefficient). Each headline word gets the
sum of the terms of the word and character n-grams it contains; each style or relation feature
is one term, told as a reason quoting the words it stands on, when it pushes the way its sentence
says. Weights are in log-odds units: positive raises the score, negative lowers it.
"""

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from sklearn.pipeline import Pipeline

from model.pipeline import BODY, HEADLINE

DISPLAY_WORD = re.compile(r"\S+")
TRIM = "'\"“”‘’,.:;()[]«»"
MIN_WEIGHT = 0.01


@dataclass(frozen=True)
class HeadlineTerm:
    text: str
    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class Reason:
    code: str
    message: str
    weight: float


@dataclass(frozen=True)
class Explanation:
    headline_terms: list[HeadlineTerm]
    reasons: list[Reason]


# feature -> (code, message when the feature is present). `{words}` quotes what triggered it.
PRESENT = {
    "has_body": None,
    "similarity": None,
    "unsupported_words": ("unsupported_words", "the body never mentions {words}"),
    "unsupported_key_words": ("unsupported_words", "the body never mentions {words}"),
    "unsupported_in_lead": ("not_in_lead", "the story's opening never mentions {words}"),
    "unsupported_names": ("unsupported_names", "the body never names {words}"),
    "unsupported_numbers": (
        "unsupported_numbers",
        "the figure {words} appears nowhere in the body",
    ),
    "inflated_number": ("inflated_number", "the figure {words} is larger than any in the body"),
    "unsupported_intensity": (
        "unsupported_intensity",
        "the headline's strong words ({words}) have no match in the body",
    ),
    "hedge_gap": ("hedge_gap", "the body hedges ({words}) where the headline asserts"),
    "certainty_gap": (
        "certainty_gap",
        "the headline sounds certain ({words}) about what the body hedges",
    ),
    "causal_gap": (
        "causal_gap",
        "the headline claims cause and effect ({words}) that the body does not state",
    ),
    "scope_gap": ("scope_gap", "the headline generalises ({words}) beyond what the body says"),
    "body_refutes": ("body_refutes", "the body disputes the claim ({words})"),
    "question": ("question", "the headline is framed as a question"),
    "exclamation": ("exclamation", "the headline uses an exclamation mark"),
    "shouting": ("shouting", "the headline shouts in capitals ({words})"),
    "starts_with_number": ("listicle", "the headline opens with a number, list-style"),
    "teaser_words": ("teaser", "the headline teases the reader ({words})"),
    "intense_words": ("sensational_words", "the headline uses sensational words ({words})"),
    "headline_length": None,
}
# Features whose message depends on which way their term pushes: (raising, lowering).
COVERED = ("supported_words", "the body covers most of the headline's key words")
NOT_COVERED = ("unsupported_words", "the body never mentions {words}")
BY_DIRECTION = {
    "similarity": (
        ("off_topic", "the body is mostly about something other than the headline"),
        ("on_topic", "the body is about what the headline says"),
    ),
    "unsupported_key_words": (NOT_COVERED, COVERED),
    "unsupported_words": (NOT_COVERED, COVERED),
    "unsupported_in_lead": (
        ("not_in_lead", "the story's opening never mentions {words}"),
        ("supported_in_lead", "the story's opening covers the headline"),
    ),
}
HEADLINE_ONLY = (
    "headline_only",
    "no article body to check against: scored from the headline alone",
)


def quote(words: list[str]) -> str:
    return ", ".join(f"'{w}'" for w in words[:4])


class Explainer:
    """Turns rows of the fitted pipeline's feature matrix into explanations."""

    def __init__(self, pipeline: Pipeline):
        features = pipeline.named_steps["features"]
        self._coef = pipeline.named_steps["classifier"].coef_.ravel()
        self._slices = features.output_indices_
        self._word_vectorizer = features.named_transformers_["headline_words"]
        self._char_vectorizer = features.named_transformers_["headline_chars"]
        self._char_analyzer = self._char_vectorizer.build_analyzer()
        self._word_names = self._word_vectorizer.get_feature_names_out()
        self._char_vocabulary = self._char_vectorizer.vocabulary_
        self._token = re.compile(self._word_vectorizer.token_pattern)
        self._style = features.named_transformers_["headline_style"].named_steps["style"]
        self._relation = features.named_transformers_["relation"].named_steps["relation"]

    def explain(self, row: np.ndarray, features) -> Explanation:
        """`row` is one (headline, body) input row, `features` its 1-row sparse feature matrix."""
        headline, body = str(row[HEADLINE]), str(row[BODY])
        terms = features.toarray().ravel() * self._coef
        return Explanation(
            headline_terms=self._headline_terms(headline, terms),
            reasons=self._reasons(headline, body, terms),
        )

    def _headline_terms(self, headline: str, terms: np.ndarray) -> list[HeadlineTerm]:
        units = [
            (
                m.start() + len(m.group()) - len(m.group().lstrip(TRIM)),
                m.end() - (len(m.group()) - len(m.group().rstrip(TRIM))),
            )
            for m in DISPLAY_WORD.finditer(headline)
        ]
        units = [(start, end) for start, end in units if end > start]
        weights = np.zeros(len(units))
        self._add_word_ngrams(headline, terms[self._slices["headline_words"]], units, weights)
        self._add_char_ngrams(headline, terms[self._slices["headline_chars"]], units, weights)
        return [
            HeadlineTerm(headline[start:end], start, end, round(float(weight), 4))
            for (start, end), weight in zip(units, weights, strict=True)
            if abs(weight) >= MIN_WEIGHT
        ]

    def _add_word_ngrams(self, headline, terms, units, weights):
        """Share each word n-gram's term among the display words its occurrences cover."""
        tokens = [(m.group(), m.start()) for m in self._token.finditer(headline.lower())]
        unit_of = [
            next((i for i, (s, e) in enumerate(units) if s <= at < e), None) for _, at in tokens
        ]
        low, high = self._word_vectorizer.ngram_range
        occurrences: dict[str, list[list[int]]] = {}
        for n in range(low, high + 1):
            for i in range(len(tokens) - n + 1):
                gram = " ".join(token for token, _ in tokens[i : i + n])
                covered = [u for u in unit_of[i : i + n] if u is not None]
                occurrences.setdefault(gram, []).append(covered)
        vocabulary = self._word_vectorizer.vocabulary_
        for gram, places in occurrences.items():
            index = vocabulary.get(gram)
            if index is None or not terms[index]:
                continue
            for covered in places:
                for unit in covered:
                    weights[unit] += terms[index] / len(places) / len(covered)

    def _add_char_ngrams(self, headline, terms, units, weights):
        """Share each character n-gram's term among the display words that contain it."""
        per_unit = [Counter(self._char_analyzer(headline[s:e])) for s, e in units]
        totals = Counter()
        for counts in per_unit:
            totals.update(counts)
        for unit, counts in enumerate(per_unit):
            for gram, count in counts.items():
                index = self._char_vocabulary.get(gram)
                if index is not None:
                    weights[unit] += terms[index] * count / totals[gram]

    def _reasons(self, headline: str, body: str, terms: np.ndarray) -> list[Reason]:
        relation = self._relation.details(headline, body)
        details = {**self._style.details(headline), **relation}
        dense = np.concatenate(
            [terms[self._slices["headline_style"]], terms[self._slices["relation"]]]
        )
        has_body = relation["has_body"][0] > 0
        # Features that tell an editor the same thing share a code: their terms are summed.
        reasons: dict[str, Reason] = {}
        for (name, (value, words)), weight in zip(details.items(), dense, strict=True):
            if name == "has_body" and not has_body:
                code, message = HEADLINE_ONLY
            elif name in BY_DIRECTION and has_body:
                code, message = BY_DIRECTION[name][0 if weight > 0 else 1]
            elif value > 0 and PRESENT[name] and weight > 0:
                code, message = PRESENT[name]
            else:
                continue
            if "{words}" in message and not words:
                continue
            if code in reasons:
                weight += reasons[code].weight
            else:
                message = message.format(words=quote(words))
            reasons[code] = Reason(
                code, reasons[code].message if code in reasons else message, weight
            )
        return sorted(
            (
                Reason(r.code, r.message, round(float(r.weight), 4))
                for r in reasons.values()
                if abs(r.weight) >= MIN_WEIGHT or r.code == HEADLINE_ONLY[0]
            ),
            key=lambda reason: -abs(reason.weight),
        )
