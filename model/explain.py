"""Explanations read off the linear model's own terms.

A score is sigmoid(intercept + sum of feature value x coefficient). Each headline word gets the
sum of the terms of the word and character n-grams it contains; each style or relation feature
is one term, told as a reason quoting the words it stands on, when it pushes the way its sentence
says. Weights are in log-odds units: positive raises the score, negative lowers it.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

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
        # Style and relation columns, in the order their `details` list the features.
        self._dense_columns = [
            *range(*self._slices["headline_style"].indices(len(self._coef))),
            *range(*self._slices["relation"].indices(len(self._coef))),
        ]
        self._word_vectorizer = features.named_transformers_["headline_words"]
        char_vectorizer = features.named_transformers_["headline_chars"]
        self._char_analyzer = char_vectorizer.build_analyzer()
        self._char_vocabulary = char_vectorizer.vocabulary_
        self._token = re.compile(self._word_vectorizer.token_pattern)
        self._style = features.named_transformers_["headline_style"].named_steps["style"]
        self._relation = features.named_transformers_["relation"].named_steps["relation"]
        # Headline words recur across articles: their character n-grams are looked up once.
        self._char_grams = lru_cache(maxsize=1 << 16)(self._char_grams_of)

    def explain(self, row: np.ndarray, columns: np.ndarray, values: np.ndarray) -> Explanation:
        """`row` is one (headline, body) input row; `columns` and `values` its non-zero features.

        Only non-zero features have a term, so terms stay sparse, as {column: term}.
        """
        headline, body = str(row[HEADLINE]), str(row[BODY])
        terms = dict(zip(columns.tolist(), (values * self._coef[columns]).tolist(), strict=True))
        return Explanation(
            headline_terms=self._headline_terms(headline, terms),
            reasons=self._reasons(headline, body, terms),
        )

    def _headline_terms(self, headline: str, terms: dict[int, float]) -> list[HeadlineTerm]:
        """Weights per whitespace-separated word, shown without surrounding punctuation."""
        words = list(DISPLAY_WORD.finditer(headline))
        weights = [0.0] * len(words)
        self._add_word_ngrams(headline, terms, words, weights)
        self._add_char_ngrams(terms, words, weights)
        shown = []
        for word, weight in zip(words, weights, strict=True):
            text = word.group()
            start = word.start() + len(text) - len(text.lstrip(TRIM))
            end = word.end() - (len(text) - len(text.rstrip(TRIM)))
            if end > start and abs(weight) >= MIN_WEIGHT:
                shown.append(HeadlineTerm(headline[start:end], start, end, round(weight, 4)))
        return shown

    def _add_word_ngrams(self, headline, terms, words, weights):
        """Share each word n-gram's term among the words its occurrences cover."""
        offset = self._slices["headline_words"].start
        tokens = [(m.group(), m.start()) for m in self._token.finditer(headline.lower())]
        word_of = [
            next((i for i, w in enumerate(words) if w.start() <= at < w.end()), None)
            for _, at in tokens
        ]
        low, high = self._word_vectorizer.ngram_range
        occurrences: dict[str, list[list[int]]] = {}
        for n in range(low, high + 1):
            for i in range(len(tokens) - n + 1):
                gram = " ".join(token for token, _ in tokens[i : i + n])
                covered = [w for w in word_of[i : i + n] if w is not None]
                occurrences.setdefault(gram, []).append(covered)
        vocabulary = self._word_vectorizer.vocabulary_
        for gram, places in occurrences.items():
            index = vocabulary.get(gram)
            term = terms.get(offset + index, 0.0) if index is not None else 0.0
            for covered in places if term else ():
                for word in covered:
                    weights[word] += term / len(places) / len(covered)

    def _char_grams_of(self, word: str) -> tuple[tuple[int, int], ...]:
        """(vocabulary column, count) of each known character n-gram of one word."""
        counts = Counter(self._char_analyzer(word))
        return tuple(
            (self._char_vocabulary[gram], count)
            for gram, count in counts.items()
            if gram in self._char_vocabulary
        )

    def _add_char_ngrams(self, terms, words, weights):
        """Share each character n-gram's term among the words that contain it (vectorised:
        a headline has a few hundred n-grams and this runs for every article)."""
        offset = self._slices["headline_chars"].start
        per_word = [self._char_grams(w.group()) for w in words]
        grams = [(word, index, count) for word, g in enumerate(per_word) for index, count in g]
        if not grams:
            return
        word_of, index, count = np.array(grams, dtype=np.int64).T
        term = np.array([terms.get(offset + i, 0.0) for i in index.tolist()])
        _, same_gram = np.unique(index, return_inverse=True)
        totals = np.bincount(same_gram, weights=count)
        shares = np.bincount(
            word_of, weights=term * count / totals[same_gram], minlength=len(words)
        )
        for word, share in enumerate(shares.tolist()):
            weights[word] += share

    def _reasons(self, headline: str, body: str, terms: dict[int, float]) -> list[Reason]:
        relation = self._relation.cached_details(headline, body)
        details = {**self._style.cached_details(headline), **relation}
        dense = [terms.get(column, 0.0) for column in self._dense_columns]
        has_body = relation["has_body"][0] > 0
        # Features that tell an editor the same thing share a code: their terms are summed.
        merged: dict[str, list] = {}  # code -> [message, weight]
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
            if code in merged:
                merged[code][1] += weight
            else:
                merged[code] = [message.format(words=quote(words)), weight]
        return sorted(
            (
                Reason(code, message, round(float(weight), 4))
                for code, (message, weight) in merged.items()
                if abs(weight) >= MIN_WEIGHT or code == HEADLINE_ONLY[0]
            ),
            key=lambda reason: -abs(reason.weight),
        )
