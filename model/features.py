"""Custom transformers: headline style and how the headline relates to its body.

Both take a 2-D array of strings (columns: headline, or headline and body) and return dense
numeric features whose names come from `get_feature_names_out`. Each feature also has a plain
`details` view (which words triggered it), so explanations can quote the text they stand on.
"""

import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.utils.validation import check_is_fitted, validate_data

from model import lexicon

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
CASED_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "dozens": 24,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
    "hundreds": 200,
    "thousand": 1_000,
    "thousands": 2_000,
    "million": 1_000_000,
    "millions": 2_000_000,
    "billion": 10**9,
    "billions": 2 * 10**9,
}
STOP_WORDS = ENGLISH_STOP_WORDS | {"says", "said", "new", "just", "like", "get", "gets", "got"}
SUFFIXES = ("ingly", "edly", "ing", "ied", "ies", "ed", "es", "s", "ly")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Cut common inflections so that 'crossings' in a headline meets 'crossed' in a body."""
    for _ in range(2):
        for suffix in SUFFIXES:
            if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
    return word


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


class TokenIndex(NamedTuple):
    """A text's tokens counted once, so that several lexicons can be looked up cheaply."""

    counts: Counter
    joined: str

    @classmethod
    def of(cls, tokens: list[str]) -> "TokenIndex":
        return cls(Counter(tokens), f" {' '.join(tokens)} ")


def phrases(tokens: list[str] | TokenIndex, lexicon_words: frozenset[str]) -> list[str]:
    """Lexicon entries found in `tokens` (words and phrases), each as often as it occurs.

    Counting runs in C (Counter, str.count) because bodies are long and scored in bulk.
    """
    counts, joined = tokens if isinstance(tokens, TokenIndex) else TokenIndex.of(tokens)
    found = {entry: counts[entry] for entry in counts.keys() & lexicon_words}
    for entry in _phrase_entries(lexicon_words):
        if entry.split(" ", 1)[0] in counts and (n := joined.count(f" {entry} ")):
            found[entry] = n
    ordered = sorted(found, key=lambda entry: joined.find(f" {entry} "))
    return [entry for entry in ordered for _ in range(found[entry])]


@cache
def _phrase_entries(lexicon_words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(entry for entry in lexicon_words if " " in entry))


def numbers(text: str, tokens: Iterable[str]) -> set[float]:
    values = {float(n.replace(",", "")) for n in NUMBER.findall(text) if n.count(".") <= 1}
    values.update(NUMBER_WORDS[t] for t in NUMBER_WORDS.keys() & set(tokens))
    return values


def content_words(tokens: Iterable[str]) -> list[str]:
    return [t for t in tokens if len(t) > 2 and t not in STOP_WORDS and not t.isdigit()]


def headline_names(headline: str) -> list[str]:
    """Capitalised words past the first, taken as names unless the headline is in Title Case."""
    cased = CASED_WORD.findall(headline)
    capitalised = [w for w in cased[1:] if w[0].isupper() and not w.isupper()]
    if len(capitalised) > 0.5 * max(len(cased) - 1, 1):
        return []
    return [w for w in capitalised if len(w) > 2 and w.lower() not in STOP_WORDS]


def content_weights(counts: Counter) -> dict[str, float]:
    stem_counts = Counter()
    for word in content_words(counts):
        stem_counts[stem(word)] += counts[word]
    return {s: 1 + math.log(count) for s, count in stem_counts.items()}


class BodyProfile(NamedTuple):
    words: frozenset[str]
    stems: frozenset[str]
    content_weights: dict[str, float]  # stem -> 1 + log(count), content words only
    content_norm: float
    lead_stems: frozenset[str]
    numbers: frozenset[float]
    word_count: int
    hedges: list[str]
    lead_hedges: list[str]
    refutations: list[str]


@lru_cache(maxsize=1024)
def body_profile(body: str, lead_words: int) -> BodyProfile:
    """What a body says, computed once per body: many headlines can share one body."""
    tokens = words(body)
    lead = tokens[:lead_words]
    index = TokenIndex.of(tokens)
    weights = content_weights(index.counts)
    return BodyProfile(
        words=frozenset(index.counts),
        stems=frozenset(map(stem, index.counts)),
        content_weights=weights,
        content_norm=math.sqrt(sum(w * w for w in weights.values())),
        lead_stems=frozenset(stem(t) for t in lead),
        numbers=frozenset(numbers(body, index.counts)),
        word_count=len(tokens),
        hedges=phrases(index, lexicon.HEDGES),
        lead_hedges=phrases(tokens[: lead_words * 2], lexicon.HEDGES),
        refutations=phrases(index, lexicon.REFUTATIONS),
    )


@lru_cache(maxsize=512)
def _recent_details(transformer, *texts: str) -> dict[str, tuple[float, list[str]]]:
    # Keyed by the transformer itself (identity), so two loaded models never share entries.
    return transformer.details(*texts)


class _TextTransformer(TransformerMixin, BaseEstimator):
    """Shared fit/transform for transformers that compute a row of features per text row."""

    n_columns = 1

    def fit(self, X, y=None):
        validate_data(self, X, dtype=None, ensure_2d=True, ensure_all_finite=False)
        if self.n_features_in_ < self.n_columns:
            raise ValueError(f"expected {self.n_columns} text column(s), got {self.n_features_in_}")
        _recent_details.cache_clear()  # refitted, its remembered details are stale
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, dtype=None, reset=False, ensure_all_finite=False)
        rows = [
            [value for value, _ in self.cached_details(*map(str, row[: self.n_columns])).values()]
            for row in X
        ]
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.feature_names))

    def cached_details(self, *texts: str) -> dict[str, tuple[float, list[str]]]:
        """`details`, remembered for recent rows, so explaining a batch just scored is free."""
        return _recent_details(self, *texts)

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "n_features_in_")
        return np.asarray(self.feature_names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = True
        return tags


class HeadlineStyle(_TextTransformer):
    """Sensational framing in the headline itself: questions, exclamations, capitals, teasers."""

    feature_names = (
        "question",
        "exclamation",
        "shouting",
        "starts_with_number",
        "teaser_words",
        "intense_words",
        "headline_length",
    )

    def details(self, headline: str) -> dict[str, tuple[float, list[str]]]:
        """Each feature's value with the words it stands on, in `feature_names` order."""
        tokens = words(headline)
        cased = CASED_WORD.findall(headline)
        shouting = [w for w in cased if len(w) > 2 and w.isupper()]
        # A headline written all in capitals is a house style (wires), not emphasis.
        if cased and len(shouting) / len(cased) > 0.8:
            shouting = []
        starts_with_number = bool(re.match(r"\s*\d", headline)) or (
            bool(tokens) and tokens[0] in NUMBER_WORDS
        )
        teasers = phrases(tokens, lexicon.TEASERS)
        intense = phrases(tokens, lexicon.INTENSITY)
        return {
            "question": (float("?" in headline), ["?"] if "?" in headline else []),
            "exclamation": (float("!" in headline), ["!"] if "!" in headline else []),
            "shouting": (len(shouting) / len(cased) if cased else 0.0, shouting),
            "starts_with_number": (
                float(starts_with_number),
                tokens[:1] if starts_with_number else [],
            ),
            "teaser_words": (min(len(teasers), 3) / 3, teasers),
            "intense_words": (min(len(intense), 3) / 3, intense),
            "headline_length": (min(len(tokens), 30) / 30, []),
        }


class HeadlineBodyRelation(_TextTransformer):
    """How far the headline goes beyond its body.

    Parameters
    ----------
    lead_words : int
        How many words open the body (its lead), where a faithful headline is usually found.
    min_body_words : int
        Shorter bodies are treated as missing: every relation feature is 0 and `has_body` is 0.
    """

    n_columns = 2
    feature_names = (
        "has_body",
        "similarity",
        "unsupported_key_words",
        "unsupported_words",
        "unsupported_in_lead",
        "unsupported_names",
        "unsupported_numbers",
        "inflated_number",
        "unsupported_intensity",
        "hedge_gap",
        "certainty_gap",
        "causal_gap",
        "scope_gap",
        "body_refutes",
    )

    def __init__(self, lead_words=60, min_body_words=25):
        self.lead_words = lead_words
        self.min_body_words = min_body_words

    def fit(self, X, y=None):
        """Learn how rare each word is across the bodies, so that rare words weigh more."""
        super().fit(X, y)
        bodies = dict.fromkeys(str(body) for body in np.asarray(X, dtype=object)[:, 1])
        bodies = [body for body in bodies if self.has_body(body)]
        document_frequency = Counter()
        for body in bodies:
            document_frequency.update(body_profile(body, self.lead_words).stems)
        self.idf_ = {
            word: float(np.log((1 + len(bodies)) / (1 + count)) + 1)
            for word, count in document_frequency.items()
            if count > 1
        }
        self.unseen_idf_ = float(np.log(1 + len(bodies)) + 1)
        return self

    @staticmethod
    def _cosine(headline: dict[str, float], profile: BodyProfile) -> float:
        """Cosine between the headline's IDF-weighted key words and the body's word counts."""
        norms = math.sqrt(sum(v * v for v in headline.values())) * profile.content_norm
        overlap = sum(w * profile.content_weights.get(s, 0.0) for s, w in headline.items())
        return overlap / norms if norms else 0.0

    def has_body(self, body: str) -> bool:
        return body_profile(body, self.lead_words).word_count >= self.min_body_words

    def details(self, headline: str, body: str) -> dict[str, tuple[float, list[str]]]:
        """Each feature's value with the words it stands on, in `feature_names` order."""
        if not self.has_body(body):
            return {name: (0.0, []) for name in self.feature_names}
        profile = body_profile(body, self.lead_words)
        h_tokens = words(headline)
        h_content = list(dict.fromkeys(content_words(h_tokens)))
        missing = [w for w in h_content if stem(w) not in profile.stems]
        idf = {w: self.idf_.get(stem(w), self.unseen_idf_) for w in h_content}
        key_missing = sorted(missing, key=lambda w: -idf[w])
        key_missing_share = sum(idf[w] for w in missing) / max(sum(idf.values()), 1e-9)
        similarity = self._cosine({stem(w): idf[w] for w in h_content}, profile)
        missing_in_lead = [w for w in h_content if stem(w) not in profile.lead_stems]
        content_count = max(len(h_content), 1)

        names = headline_names(headline)
        missing_names = list(dict.fromkeys(n for n in names if n.lower() not in profile.words))

        missing_numbers = sorted(numbers(headline, h_tokens) - profile.numbers)
        inflated = [n for n in missing_numbers if profile.numbers and n > max(profile.numbers)]
        b_lower = profile.words
        b_tokens_count = profile.word_count

        h_index = TokenIndex.of(h_tokens)

        def in_headline_not_body(words_of: frozenset[str]) -> list[str]:
            return [w for w in dict.fromkeys(phrases(h_index, words_of)) if w not in b_lower]

        head_hedges = phrases(h_index, lexicon.HEDGES)
        body_hedges, lead_hedges, refutations = (
            profile.hedges,
            profile.lead_hedges,
            profile.refutations,
        )
        per_100_words = 100 / max(b_tokens_count, 1)
        hedge_rate = min(len(body_hedges) * per_100_words, 4) / 4
        hedge_gap = 0.0 if head_hedges else max(hedge_rate, 0.5 * bool(lead_hedges))
        certain = phrases(h_index, lexicon.CERTAINTY)
        causal = in_headline_not_body(lexicon.CAUSAL)
        scope = in_headline_not_body(lexicon.SCOPE)
        intense = in_headline_not_body(lexicon.INTENSITY)

        return {
            "has_body": (1.0, []),
            "similarity": (similarity, []),
            "unsupported_key_words": (key_missing_share, key_missing),
            "unsupported_words": (len(missing) / content_count, missing),
            "unsupported_in_lead": (len(missing_in_lead) / content_count, missing_in_lead),
            "unsupported_names": (min(len(missing_names), 3) / 3, missing_names),
            "unsupported_numbers": (
                min(len(missing_numbers), 2) / 2,
                [f"{n:g}" for n in missing_numbers],
            ),
            "inflated_number": (float(bool(inflated)), [f"{n:g}" for n in inflated]),
            "unsupported_intensity": (min(len(intense), 3) / 3, intense),
            "hedge_gap": (hedge_gap, list(dict.fromkeys(lead_hedges or body_hedges))[:3]),
            "certainty_gap": (min(len(certain), 2) / 2 * (hedge_rate > 0), certain),
            "causal_gap": (min(len(causal), 2) / 2, causal),
            "scope_gap": (min(len(scope), 2) / 2, scope),
            "body_refutes": (
                min(len(refutations) * per_100_words, 2) / 2,
                list(dict.fromkeys(refutations))[:3],
            ),
        }
