"""Explanations read off the linear models' own terms, from the lean pipeline's evaluation.

A score is sigmoid(logit), and the logit is exactly `baseline` plus every headline term plus every
reason's weight. Each content word of the headline gets the sum of the terms of the word and
character n-grams it contains; the terms of function words and punctuation ("the", "a", "?")
are told together as one reason, the headline's phrasing. Each style or relation feature is one
reason, quoting the words its measure stands on; a part with no reasons of its own (any other
transformer) is told as one reason. The headline logit inside the with-body model is explained
by the headline model's own terms, scaled by its weight. Weights are in log-odds units: positive
raises the score, negative lowers it.
"""

import math
import re
from dataclasses import dataclass

import numpy as np

from model.features import FeatureSet, Relation
from model.lean import WORDS_CACHED, Evaluation, LeanPipeline, LogitSource, SparseRow, TfidfPart
from model.pipeline import HEADLINE
from model.text import STOP_WORDS, WordCache

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

    def to_dict(self) -> dict:
        """What `dataclasses.asdict` gives, built directly: asdict deep-copies each of the
        numbers and strings, 40 us for a scored article, a tenth of its time in the service
        besides scoring. Each part is a flat dataclass, whose fields are its `__dict__`."""
        return {
            "headline_terms": [dict(term.__dict__) for term in self.headline_terms],
            "reasons": [dict(reason.__dict__) for reason in self.reasons],
            "evidence": [dict(sentence.__dict__) for sentence in self.evidence],
            "baseline": self.baseline,
        }


def is_function_word(text: str) -> bool:
    word = text.lower().strip(TRIM)
    return len(word) <= 2 or word in STOP_WORDS or not any(c.isalpha() for c in word)


class _Reasons:
    """Reason weights merged by code (features that tell an editor the same thing). The merged
    reason is told in the words of its largest part that pulls the same way as the sum: 'the body
    covers the headline's words' never stands for a weight that raises the score."""

    def __init__(self):
        self.merged: dict[str, list[tuple[str, float]]] = {}

    def add(self, code: str, message: str, weight: float) -> None:
        self.merged.setdefault(code, []).append((message, weight))

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
        reasons = []
        for code, parts in self.merged.items():
            weight = math.fsum(w for _, w in parts)
            same_way = [part for part in parts if part[1] * weight > 0] or parts
            message = max(same_way, key=lambda part: abs(part[1]))[0]
            reasons.append(Reason(code, message, weight))
        return sorted(reasons, key=lambda reason: -abs(reason.weight))


class _WordSpreader:
    """Shares each word n-gram's term among the headline words its occurrences cover.

    The vectorizer's own preprocessor, tokenizer and stop words read each word: a token never
    spans white space, so the headline's tokens are its words' tokens, in order.
    """

    def __init__(self, part: TfidfPart):
        vectorizer = part.vectorizer
        self.vocabulary = vectorizer.vocabulary_
        self.low, self.high = vectorizer.ngram_range
        preprocess, tokenize = vectorizer.build_preprocessor(), vectorizer.build_tokenizer()
        stop_words = vectorizer.get_stop_words() or frozenset()
        # Headline words recur across articles: each is read once.
        self.tokens = WordCache(
            lambda word: tuple(t for t in tokenize(preprocess(word)) if t not in stop_words),
            WORDS_CACHED,
        )

    def spread(self, words: list[str], row: SparseRow, terms: np.ndarray, weights: np.ndarray):
        """Add each word's share to `weights`; return the terms no word accounts for."""
        term_of = dict(zip(row.indices.tolist(), terms.tolist(), strict=True))
        tokens, word_of = [], []
        for w, word_tokens in enumerate(self.tokens.many(words)):
            tokens += word_tokens
            word_of += [w] * len(word_tokens)
        places: dict[int, list[list[int]]] = {}
        for n in range(self.low, self.high + 1):
            for i in range(len(tokens) - n + 1):
                column = self.vocabulary.get(" ".join(tokens[i : i + n]))
                if column in term_of:
                    places.setdefault(column, []).append(word_of[i : i + n])
        for column, covered in places.items():
            term = term_of.pop(column)
            for words_of_one in covered:
                for w in words_of_one:
                    weights[w] += term / len(covered) / len(words_of_one)
        return sum(term_of.values())


class _CharSpreader:
    """Shares each character n-gram's term among the headline words that contain it, by count
    (`char_wb` n-grams never cross white space: the headline's are its words'), with the
    words' n-grams the lean vectorizer looked up for the score (vectorised: a headline has a
    few hundred n-grams and this runs for every article)."""

    def __init__(self, part: TfidfPart):
        tfidf = part.tfidf
        self.columns = (
            tfidf.word_columns if tfidf.by_word else WordCache(tfidf._word_columns, WORDS_CACHED)
        )

    def spread(self, words: list[str], row: SparseRow, terms: np.ndarray, weights: np.ndarray):
        """Add each word's share to `weights`; return the terms no word accounts for."""
        per_word = self.columns.many(words)
        if not words or not row.indices.size:
            return float(terms.sum())
        columns = np.concatenate(per_word)
        word_of = np.repeat(np.arange(len(words)), [len(c) for c in per_word])
        # Each occurrence's place in the row (the row's columns are sorted and distinct), and
        # how often its column occurs among the words: counted by place, not by sorting.
        position = np.minimum(np.searchsorted(row.indices, columns), len(row.indices) - 1)
        found = row.indices[position] == columns
        counts = np.bincount(position[found], minlength=len(row.indices))
        share = np.zeros(len(columns))
        share[found] = terms[position[found]] / counts[position[found]]
        weights += np.bincount(word_of, weights=share, minlength=len(words))
        placed = counts > 0
        return float(terms[~placed].sum())


SPREADERS = {"word": _WordSpreader, "char_wb": _CharSpreader}


@dataclass
class _Row:
    """What one row's explanation gathers while its model's parts are read."""

    words: list[str]
    weights: np.ndarray  # per headline word
    reasons: _Reasons
    unplaced: float = 0.0  # headline n-gram terms no word accounts for
    evidence: Relation | None = None


class Explainer:
    """Explanations of a lean pipeline's scores; `headline_only` marks the model that scores a
    headline alone."""

    def __init__(self, model: LeanPipeline, headline_only: bool):
        if not model.logistic.binary:
            raise ValueError("explanations are read off a binary model")
        self.model = model
        self.headline_only = headline_only
        self._spreaders: dict[int, _WordSpreader | _CharSpreader | None] = {}

    def explain(self, headline: str, evaluation: Evaluation, i: int) -> Explanation:
        """Row `i` of `evaluation` (of this explainer's model), whose headline is `headline`."""
        words = list(DISPLAY_WORD.finditer(headline))
        row = _Row([w.group() for w in words], np.zeros(len(words)), _Reasons())
        baseline = self._add(self.model, evaluation, i, 1.0, row)
        shown, phrasing = [], row.unplaced
        for word, weight in zip(words, row.weights.tolist(), strict=True):
            text = word.group()
            start = word.start() + len(text) - len(text.lstrip(TRIM))
            end = word.end() - (len(text) - len(text.rstrip(TRIM)))
            if end <= start or is_function_word(text):
                phrasing += weight
            elif weight:
                shown.append(HeadlineTerm(headline[start:end], start, end, weight))
        if phrasing:
            row.reasons.add(*PHRASING, phrasing)
        if self.headline_only:
            row.reasons.add(*HEADLINE_ONLY, 0.0)
        evidence = []
        if row.evidence is not None:
            evidence = [
                EvidenceSentence(
                    sentence.text, sentence.start, sentence.end, round(float(match), 4)
                )
                for sentence, match in zip(row.evidence.evidence, row.evidence.matches, strict=True)
            ]
        return Explanation(shown, row.reasons.sorted(), evidence, float(baseline))

    def _add(self, model: LeanPipeline, evaluation: Evaluation, i: int, factor: float, row: _Row):
        """Add row `i`'s terms of `model`, times `factor`, to `row`; return its baseline."""
        baseline = model.logistic.intercept * factor
        for name, columns, part in model.parts:
            output = evaluation.outputs[name]
            if isinstance(part, TfidfPart):
                sparse = output.row(i)
                terms = sparse.terms(model.logistic.coefficients[name]) * factor
                spreader = self._spreader(part) if columns == HEADLINE else None
                if spreader is not None:
                    row.unplaced += spreader.spread(row.words, sparse, terms, row.weights)
                elif terms.size:
                    row.reasons.add(*OTHER, float(terms.sum()))
                continue
            coefficients = model.logistic.coefficients[name] * factor
            # The constant part of each term (a raw value of 0) belongs to the baseline.
            baseline += float(part.offset @ coefficients)
            if isinstance(part.source, LogitSource):
                inner = float(part.slope[0] * coefficients[0])
                baseline += self._add(part.source.model, output.inner, i, inner, row)
                continue
            terms = (output.values[i] - part.offset) * coefficients
            if output.measures is None:
                row.reasons.add(*OTHER, float(terms.sum()))
                continue
            row.reasons.add_features(part.source.transformer.feature_set, output.measures[i], terms)
            if isinstance(output.readings[i], Relation):
                row.evidence = output.readings[i]
        return baseline

    def _spreader(self, part: TfidfPart):
        if id(part) not in self._spreaders:
            kind = SPREADERS.get(part.vectorizer.analyzer)
            self._spreaders[id(part)] = kind(part) if kind else None
        return self._spreaders[id(part)]
