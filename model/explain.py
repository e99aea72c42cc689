"""Explanations read off the linear models' own terms.

A score is sigmoid(logit), and the logit is exactly `baseline` plus every headline term plus every
reason's weight. Each content word of the headline gets the sum of the terms of the word and
character n-grams it contains; the terms of function words and punctuation ("the", "a", "?")
are told together as one reason, the headline's phrasing. Each style or relation feature is one
reason, quoting the words its measure stands on. Weights are in log-odds units: positive raises
the score, negative lowers it.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.pipeline import Pipeline

from model.features import RELATION, STYLE, FeatureSet, Measure
from model.text import STOP_WORDS, Sentence

DISPLAY_WORD = re.compile(r"\S+")
TRIM = "'\"“”‘’,.:;()[]«»!?"
PHRASING = ("headline_phrasing", "the headline's phrasing (its small words and punctuation)")
OTHER = ("other_relation", "other ways the headline and the body relate")
HEADLINE_ONLY = (
    "headline_only",
    "no article body to check against: scored from the headline alone",
)


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
class EvidenceSentence:
    """A body sentence the headline was matched to; `start`/`end` index the body as sent."""

    text: str
    start: int
    end: int
    similarity: float


@dataclass(frozen=True)
class Explanation:
    headline_terms: list[HeadlineTerm]
    reasons: list[Reason]
    evidence: list[EvidenceSentence]
    baseline: float  # the logit of a headline with no terms and no reasons


def is_function_word(text: str) -> bool:
    word = text.lower().strip(TRIM)
    return len(word) <= 2 or word in STOP_WORDS or not any(c.isalpha() for c in word)


class _Reasons:
    """Reason weights merged by code (features that tell an editor the same thing)."""

    def __init__(self):
        self.merged: dict[str, list] = {}

    def add(self, code: str, message: str, weight: float) -> None:
        if code in self.merged:
            self.merged[code][1] += weight
        else:
            self.merged[code] = [message, weight]

    def add_features(self, features: FeatureSet, measures, terms: np.ndarray) -> None:
        for feature, term in zip(features.features, terms.tolist(), strict=True):
            if term == 0:
                continue
            message = feature.reason(measures[feature.name], term)
            if message is None or feature.code is None:
                self.add(*OTHER, term)
            else:
                self.add(feature.code, message, term)

    def sorted(self) -> list[Reason]:
        return sorted(
            (
                Reason(code, message, float(weight))
                for code, (message, weight) in self.merged.items()
            ),
            key=lambda reason: -abs(reason.weight),
        )


class HeadlineExplainer:
    """Headline terms and style reasons of the fitted headline-only pipeline."""

    def __init__(self, pipeline: Pipeline):
        features = pipeline.named_steps["features"]
        classifier = pipeline.named_steps["classifier"]
        self.coef = classifier.coef_.ravel()
        self.slices = features.output_indices_
        self.style_scale = features.named_transformers_["headline_style"].named_steps["scale"]
        style_coef = self.coef[self.slices["headline_style"]]
        # A style feature's term is coef * (value - mean) / scale: the part that does not depend
        # on the headline goes to the baseline, so that an absent feature has no term.
        self.style_weights = style_coef / self.style_scale.scale_
        self.baseline = float(
            classifier.intercept_[0] - self.style_weights @ self.style_scale.mean_
        )
        self._word_vectorizer = features.named_transformers_["headline_words"]
        char_vectorizer = features.named_transformers_["headline_chars"]
        self._char_analyzer = char_vectorizer.build_analyzer()
        self._char_vocabulary = char_vectorizer.vocabulary_
        self._token = re.compile(self._word_vectorizer.token_pattern)
        # Headline words recur across articles: their character n-grams are looked up once.
        self._char_grams = lru_cache(maxsize=1 << 16)(self._char_grams_of)

    def add_terms(
        self,
        headline: str,
        columns: np.ndarray,
        values: np.ndarray,
        style: dict[str, Measure],
        factor: float,
        reasons: _Reasons,
    ) -> list[HeadlineTerm]:
        """The headline's terms times `factor` (the share of the headline logit in the score's
        logit); function words and style features go to `reasons`."""
        terms = dict(zip(columns.tolist(), (values * self.coef[columns]).tolist(), strict=True))
        words = list(DISPLAY_WORD.finditer(headline))
        weights = [0.0] * len(words)
        self._add_word_ngrams(headline, terms, words, weights)
        self._add_char_ngrams(terms, words, weights)
        shown, phrasing = [], 0.0
        for word, weight in zip(words, weights, strict=True):
            text = word.group()
            start = word.start() + len(text) - len(text.lstrip(TRIM))
            end = word.end() - (len(text) - len(text.rstrip(TRIM)))
            if end <= start or is_function_word(text):
                phrasing += weight * factor
            elif weight:
                shown.append(HeadlineTerm(headline[start:end], start, end, weight * factor))
        if phrasing:
            reasons.add(*PHRASING, phrasing)
        values = np.array([style[name].value for name in STYLE.names])
        reasons.add_features(STYLE, style, values * self.style_weights * factor)
        return shown

    def _add_word_ngrams(self, headline, terms, words, weights):
        """Share each word n-gram's term among the words its occurrences cover."""
        offset = self.slices["headline_words"].start
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
        offset = self.slices["headline_chars"].start
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


def explain_headline_only(
    explainer: HeadlineExplainer, headline: str, columns, values, style
) -> Explanation:
    reasons = _Reasons()
    terms = explainer.add_terms(headline, columns, values, style, 1.0, reasons)
    reasons.add(*HEADLINE_ONLY, 0.0)
    return Explanation(terms, reasons.sorted(), [], explainer.baseline)


def explain_with_body(
    explainer: HeadlineExplainer,
    headline: str,
    columns,
    values,
    style,
    headline_factor: float,
    baseline: float,
    relation: dict[str, Measure],
    relation_terms: np.ndarray,
    evidence: list[tuple[Sentence, float]],
) -> Explanation:
    """`headline_factor` scales the headline logit's terms into the with-body logit;
    `relation_terms` are the relation features' terms, without their constant part."""
    reasons = _Reasons()
    terms = explainer.add_terms(headline, columns, values, style, headline_factor, reasons)
    reasons.add_features(RELATION, relation, relation_terms)
    shown = [
        EvidenceSentence(sentence.text, sentence.start, sentence.end, round(float(match), 4))
        for sentence, match in evidence
    ]
    return Explanation(
        terms, reasons.sorted(), shown, baseline + explainer.baseline * headline_factor
    )
