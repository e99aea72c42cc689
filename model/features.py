"""Custom transformers: the headline's style, and how the headline relates to its body's evidence.

Every feature is declared once, with the function that measures it and the sentences that tell an
editor what it means. A measurement is a `Measure`: the value the model reads, the headline words
it stands on and what the evidence says instead, so that explanations quote the same reading the
score was computed from.
"""

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import pairwise

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from model import lexicon
from model.claims import cues_for
from model.text import (
    CASED_WORD,
    NUMBER_WORDS,
    PERCENT,
    RATE,
    SHARE,
    STOP_WORDS,
    Body,
    Sentence,
    TokenIndex,
    changes,
    content_words,
    headline_names,
    numbers,
    percentages,
    phrases,
    points,
    stem,
    words,
)


@dataclass(frozen=True)
class Measure:
    value: float
    words: tuple[str, ...] = ()  # what in the headline the feature stands on
    against: tuple[str, ...] = ()  # what the evidence says instead

    @classmethod
    def of(cls, value: float, words=(), against=()) -> "Measure":
        # Most measures stand on nothing: an empty sequence is not deduplicated.
        return cls(
            float(value),
            tuple(dict.fromkeys(words)) if words else (),
            tuple(dict.fromkeys(against)) if against else (),
        )


NOTHING = Measure(0.0)


def quote(items: Sequence[str]) -> str:
    return ", ".join(f"'{item}'" for item in items[:3])


@dataclass(frozen=True)
class Feature:
    """One feature: its name, how it is measured, and the reasons it gives.

    `raises` is told when the feature pushes the score up, `lowers` when it pulls it down; either
    may quote `{words}` (the headline's) and `{against}` (the evidence's). A message that quotes
    what the measure did not find is not told.
    """

    name: str
    measure: Callable
    code: str | None = None
    raises: str | None = None
    lowers: str | None = None

    @property
    def only_raises(self) -> bool:
        """A feature that says only how the headline goes beyond its body: it may raise the score
        or leave it, never lower it (training holds its weight at 0 or above)."""
        return self.raises is not None and self.lowers is None

    def reason(self, measure: Measure, weight: float) -> str | None:
        message = self.raises if weight > 0 else self.lowers
        if message is None or ("{words}" in message and not measure.words):
            return None
        if "{against}" in message and not measure.against:
            return None
        if weight > 0 and measure.value <= 0 and self.lowers is None:
            return None
        return message.format(words=quote(measure.words), against=quote(measure.against))


@dataclass
class FeatureSet:
    features: list[Feature] = field(default_factory=list)

    def declare(self, name: str, code: str | None = None, raises=None, lowers=None):
        def register(measure: Callable) -> Callable:
            self.features.append(Feature(name, measure, code, raises, lowers))
            return measure

        return register

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(feature.name for feature in self.features)


# Headline style ---------------------------------------------------------------------------


KEEPS_AT_ARMS_LENGTH = (
    (lexicon.ATTRIBUTIONS - lexicon.REPORTING) | lexicon.WEAK_SOURCES | lexicon.REFUTATIONS
)
# Prepositions before a noun phrase: an event verb after one and a word is a noun ('row over
# benefit cuts', 'strike after pay cuts'). Not 'in' or 'to': 'Man in Leeds wins', 'set to cut'.
NOUN_PREPOSITIONS = frozenset("over amid against after despite about on at of for".split())
# Verbs whose object is a thing wished for: an event word within two words after one is that
# noun ('Committee recommends congestion charge', 'Union backs strike').
WISHING_FOR = frozenset(
    """recommend recommends recommended back backs backed propose proposes proposed endorse
    endorses endorsed urge urges urged seek seeks sought want wants""".split()
)
# Before these an event's word names one that did not happen: 'released without charge'.
NONE_OF = frozenset({"no", "without"})
# Whose an authority is, said before it: 'industry report', 'union report', 'company-funded
# study'.
OWNERS = frozenset(
    """industry company firm lobby campaign union party opposition activist funded
    commissioned""".split()
)
# 'Reach' a deal: the event of 'agree', in the same form.
_REACH = {"reach": "agree", "reaches": "agrees", "reached": "agreed", "reaching": "agreeing"}
_DEALS = frozenset("deal agreement accord settlement truce ceasefire pact compromise".split())
# Before a verb these say its event did not happen: 'has not cut', 'failed to reduce'.
NOT_DONE = frozenset("not never".split())
FAILED = frozenset("fail fails failed".split())


def _denies(before: Sequence[str]) -> bool:
    """Whether the words before a headline's verb say its event did not happen: 'has not
    cut', 'hasn't cut', 'never paid', 'failed to reduce'."""
    last = before[-1] if before else ""
    return (
        last in NOT_DONE
        or last.endswith(("n't", "n’t"))
        or (last == "to" and len(before) > 1 and before[-2] in FAILED)
    )


# After these an event's verb reports a reaction, not the event: 'raise concerns', 'lift hopes'.
NOT_AN_EVENT_AFTER = frozenset("concerns questions doubts fears alarm hopes awareness".split())
# The first words of the phrasal verbs of an event ('walk' of 'walk out').
_PHRASAL_FIRST = frozenset(phrase.split()[0] for phrase in lexicon.EVENT_PHRASES)
# A word before a hyphen is half of a compound modifier ('Quit-smoking app'), not a verb.
_BEFORE_HYPHEN = re.compile(r"(\w+)-\w")
# An opening quotation mark: the headline quotes a claim rather than making it.
QUOTATION = re.compile(r"(?:^|[\s(:])['\"\u2018\u201c]\w")


@dataclass(frozen=True)
class Headline:
    text: str
    tokens: list[str]
    index: TokenIndex
    cased: list[str]

    @classmethod
    def read(cls, text: str) -> "Headline":
        tokens = words(text)
        return cls(text, tokens, TokenIndex.of(tokens), CASED_WORD.findall(text))

    @cached_property
    def keeps_claim_open(self) -> bool:
        """The headline leaves its claim open itself: a hedge ("mulls", "likely to"), a
        question or a quotation."""
        return (
            bool(phrases(self.index, lexicon.HEADLINE_HEDGES))
            or "?" in self.text
            or bool(QUOTATION.search(self.text))
        )

    @cached_property
    def keeps_at_arms_length(self) -> bool:
        """The headline says whose claim it is: a rumour, a hoax or an allegation ("Actor victim
        of death hoax"), or a claim reported without an authority ("..., fans say")."""
        return (
            bool(phrases(self.index, KEEPS_AT_ARMS_LENGTH))
            or bool(phrases(self.index, lexicon.REPORTING) and not self.authorities)
            or self._owned_authority
        )

    @cached_property
    def _owned_authority(self) -> bool:
        """The headline says whose its authority is: 'Industry report says ...', 'Union
        report finds ...', 'Company-funded study ...' give the claim to one side."""
        tokens = self.tokens
        return any(
            token in lexicon.AUTHORITIES and tokens[place - 1] in OWNERS
            for place, token in enumerate(tokens)
            if place
        )

    @cached_property
    def disputes(self) -> bool:
        """The headline disputes a claim ("Scientists dismiss claim that ...", "Inspectors
        find no cracks", "Phone maker rejects online video's claim"): it does not make the
        claim, at any scope, nor give it to anyone."""
        return bool(phrases(self.index, lexicon.HEADLINE_DISPUTES)) or bool(
            lexicon.DISPUTED_CLAIM.search(self.text)
        )

    @cached_property
    def plan(self) -> str:
        """The wire's future, as the headline says it ('to shut', 'to be offered'): 'USX to
        shut Utah plant' says USX plans to, not that it has. Empty for any other headline, and
        for a 'to' after the headline's own verb, which says what for ('Council closes two
        pools to save money')."""
        tokens = self.tokens
        verb_at = self._events[0][0] if self._events else len(tokens)
        triples = zip(tokens[:verb_at], tokens[1:], tokens[2:], strict=False)
        for place, (before, token, after) in enumerate(triples):
            if (
                token == "to"
                and before not in lexicon.NOT_HEADLINE_FUTURE
                and after.isalpha()
                and (after not in STOP_WORDS or after in lexicon.PLAIN_VERBS)
            ):
                return " ".join(tokens[place + 1 : place + (4 if after == "be" else 3)])
        return ""

    @cached_property
    def states_as_done(self) -> bool:
        """The headline states its event as done: it neither keeps the claim open nor says
        whose claim it is, and it neither plans the event nor says it will happen (for those,
        'would' and 'plans to' are the body's evidence, not a denial)."""
        return not (
            self.keeps_claim_open
            or self.keeps_at_arms_length
            or self.plan
            or "will" in self.index.counts
        )

    @cached_property
    def event_verbs(self) -> list[str]:
        """The headline's verbs of an event (`lexicon.EVENT_VERBS`), in order, but for those it
        uses as nouns: after a determiner, a possessive or a preposition ('the cuts', 'vote on
        cuts'), after a preposition and a word ('row over benefit cuts'), after a word that says
        there was none ('released without charge', 'no ban'), or before a reaction ('raise
        concerns'), or as its first word, its subject ('Storm leaves homes without power'). A
        phrasal verb stands for its event's verb: 'walk out' for 'strike'."""
        return [verb for _, verb, _ in self._events]

    def said(self, verb: str) -> str:
        """How the headline says an event verb of `event_verbs`: 'walk out' for 'strike'."""
        return next((said for _, v, said in self._events if v == verb), verb)

    @cached_property
    def _events(self) -> list[tuple[int, str, str]]:
        """Each event verb's place in the headline, the verb, and the headline's words for it."""
        tokens = self.tokens
        modifiers = self.compounded
        # Where a verb or a phrasal verb's first word can be the headline's verb: not its first
        # word, the subject ('Storm leaves homes without power'), nor a modifier or a noun.
        verbs_at = [
            place
            for place, token in enumerate(tokens)
            if place
            and (token in lexicon.EVENT_VERBS or token in _PHRASAL_FIRST)
            and token not in modifiers
            and self.used_as_verb(place)
        ]
        found = [
            (place, tokens[place], tokens[place])
            for place in verbs_at
            if tokens[place] in lexicon.EVENT_VERBS
            and not (place + 1 < len(tokens) and tokens[place + 1] in NOT_AN_EVENT_AFTER)
        ]
        for place in verbs_at:
            if tokens[place] in _PHRASAL_FIRST:
                for length in (2, 3):
                    said = " ".join(tokens[place : place + length])
                    verb = lexicon.EVENT_PHRASES.get(said)
                    if verb:
                        found.append((place, verb, said))
                        break
        # 'reach a deal' is to agree one: 'Union and rail operator reach pay deal'.
        for place, token in enumerate(tokens):
            if token in _REACH and place and self.used_as_verb(place):
                deals = [at for at, t in enumerate(tokens[place + 1 : place + 4]) if t in _DEALS]
                if deals:
                    said = " ".join(tokens[place : place + 2 + deals[0]])
                    found.append((place, _REACH[token], said))
        return sorted(found)

    def used_as_verb(self, place: int) -> bool:
        """Whether the word at `place` can be the headline's verb: not after a word that names
        a thing ('the cuts') or says there was none ('no ban'), nor within two words after a
        preposition ('row over benefit cuts') or a verb of wishing ('recommends congestion
        charge')."""
        tokens = self.tokens
        before = tokens[place - 1] if place else ""
        return not (
            _names_a_thing(before)
            or before in NONE_OF
            or _denies(tokens[:place])
            or any(
                t in NOUN_PREPOSITIONS or t in WISHING_FOR
                for t in tokens[max(place - 2, 0) : place]
            )
        )

    @cached_property
    def compounded(self) -> frozenset[str]:
        """The words before a hyphen: the first half of a compound modifier ('Quit-smoking app',
        'cut-price fares'), never the headline's verb."""
        return frozenset(word.lower() for word in _BEFORE_HYPHEN.findall(self.text))

    @cached_property
    def authorities(self) -> list[str]:
        """The authorities the headline gives its claim to ('engineers', 'officials')."""
        return phrases(self.index, lexicon.AUTHORITIES)


STYLE = FeatureSet()


@STYLE.declare("question", "question", raises="the headline is framed as a question")
def _question(h: Headline) -> Measure:
    return Measure.of("?" in h.text, ["?"] if "?" in h.text else [])


@STYLE.declare("exclamation", "exclamation", raises="the headline uses an exclamation mark")
def _exclamation(h: Headline) -> Measure:
    return Measure.of("!" in h.text, ["!"] if "!" in h.text else [])


@STYLE.declare("shouting", "shouting", raises="the headline shouts in capitals ({words})")
def _shouting(h: Headline) -> Measure:
    shouting = [w for w in h.cased if len(w) > 2 and w.isupper()]
    # A headline written all in capitals is a house style (wires), not emphasis.
    if not h.cased or len(shouting) / len(h.cased) > 0.8:
        return NOTHING
    return Measure.of(len(shouting) / len(h.cased), shouting)


@STYLE.declare(
    "starts_with_number", "listicle", raises="the headline opens with a number ({words})"
)
def _starts_with_number(h: Headline) -> Measure:
    starts = bool(re.match(r"\s*\d", h.text)) or (bool(h.tokens) and h.tokens[0] in NUMBER_WORDS)
    return Measure.of(starts, h.tokens[:1] if starts else [])


@STYLE.declare("teaser_words", "teaser", raises="the headline teases the reader ({words})")
def _teasers(h: Headline) -> Measure:
    teasers = phrases(h.index, lexicon.TEASERS)
    return Measure.of(min(len(teasers), 3) / 3, teasers)


@STYLE.declare(
    "intense_words", "sensational_words", raises="the headline uses sensational words ({words})"
)
def _intense(h: Headline) -> Measure:
    intense = phrases(h.index, lexicon.INTENSITY)
    return Measure.of(min(len(intense), 3) / 3, intense)


@STYLE.declare("headline_length")
def _length(h: Headline) -> Measure:
    return Measure.of(min(len(h.tokens), 30) / 30)


class _TextTransformer(TransformerMixin, BaseEstimator):
    """Shared fit/transform for transformers whose features are measured per text row."""

    n_columns = 1
    feature_set: FeatureSet

    def fit(self, X, y=None):
        validate_data(self, X, dtype=None, ensure_2d=True, ensure_all_finite=False)
        if self.n_features_in_ < self.n_columns:
            raise ValueError(f"expected {self.n_columns} text column(s), got {self.n_features_in_}")
        return self

    def _rows(self, X) -> list[list[str]]:
        check_is_fitted(self)
        X = validate_data(self, X, dtype=None, reset=False, ensure_all_finite=False)
        return [[str(value) for value in row[: self.n_columns]] for row in X]

    def transform(self, X):
        return self.values(self.measure_rows(self._rows(X)))

    def measure_rows(self, rows: list[list[str]]) -> list[dict[str, Measure]]:
        """The per-row entry point, shared by `transform` and the lean path (`model.lean`):
        each row's reading (`readings`), then its measures (`measure`)."""
        return [self.measure(reading) for reading in self.readings(rows)]

    def values(self, measured: list[dict[str, Measure]]) -> np.ndarray:
        names = self.feature_set.names
        matrix = np.zeros((len(measured), len(names)))
        for i, measures in enumerate(measured):
            matrix[i] = [measures[name].value for name in names]
        return matrix

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "n_features_in_")
        return np.asarray(self.feature_set.names, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = True
        return tags


class HeadlineStyle(_TextTransformer):
    """Sensational framing in the headline itself: questions, exclamations, capitals, teasers."""

    feature_set = STYLE

    def readings(self, rows: list[list[str]]) -> list[str]:
        return [row[0] for row in rows]

    def measure(self, headline: str) -> dict[str, Measure]:
        read = Headline.read(headline)
        return {feature.name: feature.measure(read) for feature in STYLE.features}


# Headline and body -----------------------------------------------------------------------


@dataclass
class Relation:
    """A headline read against its body and against the evidence: the sentences it matches."""

    headline: Headline
    body: Body
    evidence: list[Sentence]
    matches: list[float]  # how well each evidence sentence matches the headline
    content: list[str]  # the headline's content words, once each, in order
    idf: dict[str, float]  # content word -> how rare its stem is across training bodies
    headline_strength: float = 0.0  # claim strength, 0 (no relation) to 3 (direct cause)
    evidence_strength: float = 0.0

    @cached_property
    def evidence_index(self) -> TokenIndex:
        return TokenIndex.of([t for s in self.evidence for t in s.index.joined.split()])

    @cached_property
    def evidence_stems(self) -> frozenset[str]:
        return frozenset().union(*(s.stems for s in self.evidence))

    def missing(self, stems: frozenset[str]) -> list[str]:
        return [w for w in self.content if stem(w) not in stems]

    def idf_share(self, missing: list[str]) -> float:
        return sum(self.idf[w] for w in missing) / max(sum(self.idf.values()), 1e-9)

    @cached_property
    def figures_the_body_lacks(self) -> set[float]:
        """The headline's figures that the body does not state (the body's are read only for a
        headline with figures)."""
        figures = numbers(self.headline.text, self.headline.tokens)
        return figures - self.body.numbers if figures else figures

    @cached_property
    def best(self) -> Sentence | None:
        """The evidence sentence that matches the headline best (None for an empty body)."""
        return self.evidence[self.matches.index(max(self.matches))] if self.evidence else None

    @cached_property
    def open_claims(self) -> list[str]:
        """The best-matching sentence's open-claim words as it says them ('could raise'),
        but for the plans a headline in the future tense reports as plans."""
        if self.best is None:
            return []
        return _open_claims_in(self.best, planned=not self.headline.plan)


def _open_claims_in(sentence: Sentence, planned: bool = True) -> list[str]:
    """A sentence's open-claim words as it says them ('could raise'), those that really leave
    the claim open; without plans ('plans to') if not `planned`."""
    found = phrases(sentence.index, lexicon.OPEN_CLAIMS)
    if not planned:
        found = [entry for entry in found if entry not in lexicon.PLANNED]
    said = _windows(sentence.index, found)
    return [words for words in said if _still_open(words, sentence.text)]


def _still_open(said: str, sentence: str) -> bool:
    """Whether an open-claim word really leaves the claim open: 'could not' and 'could no
    longer' report what did not happen, and 'May' in 'May 20' is the month."""
    first, *after = said.split()
    if first == "could" and after[:1] in (["not"], ["no"], ["never"]):
        return False
    return first != "may" or _says_may(sentence)


def _says_may(sentence: str) -> bool:
    """Whether a sentence has the modal 'may': only a lowercase one is ('May 20' is a month,
    'May Department Stores' a name)."""
    return re.search(r"\bmay\b", sentence) is not None


RELATION = FeatureSet()


@RELATION.declare(
    "similarity",
    "topic",
    raises="the body is mostly about something other than the headline",
    lowers="the body is about what the headline says",
)
def _similarity(r: Relation) -> Measure:
    stems = {stem(w): r.idf[w] for w in r.content}
    norms = math.sqrt(sum(v * v for v in stems.values())) * r.body.content_norm
    overlap = sum(w * r.body.content_weights.get(s, 0.0) for s, w in stems.items())
    return Measure.of(overlap / norms if norms else 0.0)


@RELATION.declare(
    "unsupported_words",
    "unsupported_words",
    raises="the body never mentions {words}",
    lowers="the body covers the headline's words",
)
def _unsupported_words(r: Relation) -> Measure:
    missing = r.missing(r.body.stems)
    return Measure.of(len(missing) / max(len(r.content), 1), missing)


@RELATION.declare(
    "unsupported_key_words", "unsupported_words", raises="the body never mentions {words}"
)
def _unsupported_key_words(r: Relation) -> Measure:
    missing = sorted(r.missing(r.body.stems), key=lambda w: -r.idf[w])
    return Measure.of(r.idf_share(missing), missing)


@RELATION.declare(
    "shares_nothing",
    "topic",
    raises="the body shares no word with the headline: it is about something else",
)
def _shares_nothing(r: Relation) -> Measure:
    """Not one of the headline's content words in the body: the wrong story, not a stretched
    one. A step the linear similarity cannot make: a body that shares one word is about the
    headline's topic far more often than one that shares none."""
    return Measure.of(
        bool(r.content) and r.body.content_weights.keys().isdisjoint(map(stem, r.content))
    )


@RELATION.declare(
    "unsupported_in_evidence",
    "not_in_evidence",
    raises="the sentences closest to the headline never mention {words}",
    lowers="the sentences closest to the headline say what it says",
)
def _unsupported_in_evidence(r: Relation) -> Measure:
    missing = sorted(r.missing(r.evidence_stems), key=lambda w: -r.idf[w])
    return Measure.of(r.idf_share(missing), missing)


@RELATION.declare(
    "evidence_match",
    "topic",
    raises="no sentence of the body is close to the headline",
    lowers="a sentence of the body says what the headline says",
)
def _evidence_match(r: Relation) -> Measure:
    """How well the body's best sentence matches the headline: a story that reports the
    headline's claim says it somewhere in one sentence."""
    return Measure.of(max(r.matches, default=0.0))


@RELATION.declare(
    "unlinked_words",
    "unreported_event",
    raises="no sentence of the body puts {words} together",
)
def _unlinked_words(r: Relation) -> Measure:
    """Neighbouring headline words that each occur in the body but never in one sentence:
    the parts of the claim are there ("war", "declare") but the event is not."""
    stems = [stem(w) for w in r.content]
    pairs = [(a, b) for a, b in pairwise(stems) if a != b]
    present = [(a, b) for a, b in pairs if a in r.body.stems and b in r.body.stems]
    if not pairs:
        return NOTHING
    unlinked = [
        (a, b)
        for a, b in present
        if not any(a in sentence and b in sentence for sentence in r.body.sentence_stems)
    ]
    shown = [f"{r.content[stems.index(a)]} ... {r.content[stems.index(b)]}" for a, b in unlinked]
    return Measure.of(len(unlinked) / len(pairs), shown)


@cache
def synonym_stems(verb: str) -> frozenset[str]:
    """The stems of the other words for an event verb's event ('buys': 'acquir', 'purchas',
    'acquisition', ...), with which a body may report it."""
    base = lexicon.EVENT_VERBS[verb][0]
    return frozenset(stem(word) for word in lexicon.EVENT_SYNONYMS.get(base, ()) if word != base)


@RELATION.declare(
    "unreported_action",
    "unreported_event",
    raises="the body never reports what the headline says happened: {words}",
)
def _unreported_action(r: Relation) -> Measure:
    """A verb of an event in the headline ('declares', 'closes', 'resigns') that the body never
    uses in any form, nor reports with another word for the same event ('acquired' for 'buys',
    `lexicon.EVENT_SYNONYMS`): the story's words may all be there ('war', 'border') but not the
    event. A headline that keeps its claim open ('may close', 'cuts if sales disappoint') does
    not say the event happened, and one that disputes a claim reports the dispute, which a body
    tells in its own words ('Phone maker rejects claim' over 'said it had no such reports')."""
    if r.headline.keeps_claim_open or r.headline.disputes:
        return NOTHING
    counts = r.body.index.counts
    missing = [
        t
        for t in r.headline.event_verbs
        if not any(form in counts for form in lexicon.EVENT_VERBS[t])
        and r.body.stems.isdisjoint(synonym_stems(t))
        and not _told_by_phrase(r.body, t)
    ]
    return Measure.of(bool(missing), [r.headline.said(verb) for verb in missing])


@RELATION.declare(
    "unrealised_event",
    "unreported_event",
    raises="the body speaks of {words} only as denied, wished for or possible ({against})",
)
def _unrealised_event(r: Relation) -> Measure:
    """A verb of an event the headline states ('Ashford sack manager') that the body uses only
    where it says the event did not happen or has not yet: 'fans chanted for him to be sacked',
    'filing for bankruptcy was not being considered', 'no homes had been flooded'; or, never
    using the verb, uses its other words only so ('no agreement had been reached' for
    'agree'). The story names the event; it does not report it."""
    if not r.headline.states_as_done:
        return NOTHING
    counts = r.body.index.counts
    unrealised, cues = [], []
    for verb in dict.fromkeys(r.headline.event_verbs):
        if _told_by_phrase(r.body, verb):  # 'staff walked out' reports the strike
            continue
        # Its other words only where the body never uses the verb: used loosely elsewhere
        # ('profits were lower'), they would hide the verb's own denial. They are nouns as
        # often as not, told by what comes before them ('no agreement'): what follows a noun is
        # about something else ('started talks about possible changes').
        after = UNREALISED_AFTER
        if not (forms := counts.keys() & lexicon.EVENT_VERBS[verb]):
            forms, after = _synonyms_in(r.body, verb), 0
        framed = [unrealising(s.text, forms, s.tokens, after) for s in r.body.sentences_with(forms)]
        if None not in framed and any(framed):
            unrealised.append(verb)
            cues += [cue for found in framed for cue in found]
    said = [r.headline.said(verb) for verb in unrealised]
    return Measure.of(bool(unrealised), said, list(dict.fromkeys(cues)))


def _synonyms_in(body: Body, verb: str) -> set[str]:
    """The body's other words for an event verb's event ('agreement' for 'agree')."""
    others = synonym_stems(verb)
    if body.stems.isdisjoint(others):
        return set()
    return {word for word in body.index.counts if stem(word) in others}


def _told_by_phrase(body: Body, verb: str) -> bool:
    """Whether the body tells an event verb's event with one of its phrasal verbs: 'staff
    walked out' tells a strike."""
    said = lexicon.PHRASES_OF_EVENT.get(lexicon.EVENT_VERBS[verb][0])
    return bool(said) and bool(phrases(body.index, said))


UNREALISED_AFTER = 5  # "filing for bankruptcy protection was not being considered"
A_THING_TOLD_WITHIN = 4  # "would opt for a cut": a cue this close before a noun after "a"


# Words before a noun: 'the cuts', 'its ban', 'the company's sacking' name the thing, and
# neither report nor deny that it happened. Not 'that', which opens a clause as often as not:
# 'the board that sacked him' reports the sacking.
BEFORE_A_NOUN = frozenset("the a an this these those its their his her our any each".split())


def _names_a_thing(before: str) -> bool:
    """Whether a verb's word after `before` is a noun: 'the cuts', 'the company's sacking'."""
    return before in BEFORE_A_NOUN or before.endswith("'s")


def unrealising(
    sentence: str,
    forms: set[str],
    tokens: tuple[str, ...] | None = None,
    after: int = UNREALISED_AFTER,
) -> list[str] | None:
    """The words that tell each use of `forms` as a verb in a sentence as unrealised (any
    before it in the sentence, or one of the `after` words after it); None if one use is told
    as fact. A noun after 'any' is a use when a cue tells it ('not consulted on any cuts'),
    one after 'a' when a cue just before does ('would opt for a cut', 'did not rule out a
    strike'); either names the thing otherwise. `tokens` are the sentence's words, if they
    were read already."""
    tokens = tuple(words(sentence)) if tokens is None else tokens
    cues = _unrealised_cues(tokens, modal_may=_says_may(sentence))
    found = []
    for place, token in enumerate(tokens):
        before = tokens[place - 1] if place else ""
        if token not in forms:
            continue
        near = [
            (abs(at - place), at, cue)
            for at, cue in cues
            if at < place or place < at <= place + after
        ]
        if before in ("a", "an"):  # only a cue just before: not 'no one was hurt when a bomb'
            near = [n for n in near if place - A_THING_TOLD_WITHIN <= n[1] < place]
        elif _names_a_thing(before) and before != "any":
            continue
        if near:
            _, at, cue = min(near)  # the closest tells it
            found.append(_as_said(tokens, at, at + len(cue.split()), place))
        elif not _names_a_thing(before):
            return None
    return found


def _as_said(tokens: tuple[str, ...], start: int, end: int, verb: int) -> str:
    """A cue (tokens start..end) with the verb it tells, as the sentence says them: 'no homes
    had been flooded'; with the words between left out when they are many: 'chanted for ...
    sacked'."""
    cue, said = " ".join(tokens[start:end]), tokens[verb]
    between = tokens[verb:end] if verb < start else tokens[start : verb + 1]
    if len(between) <= 6:
        return " ".join(between)
    return f"{said} ... {cue}" if verb < start else f"{cue} ... {said}"


def _unrealised_cues(tokens: tuple[str, ...], modal_may: bool) -> list[tuple[int, str]]:
    """Where a sentence says something did not or may not happen, and the words that say it."""
    cues, covered = [], 0
    for place, token in enumerate(tokens):
        if place < covered:  # inside a phrase already found: 'plans to' in 'no plans to'
            continue
        if token.endswith("n't"):
            cues.append((place, token))
        for length in (3, 2, 1):
            said = " ".join(tokens[place : place + length])
            if said in lexicon.UNREALISED and (said != "may" or modal_may):
                cues.append((place, said))
                covered = place + length
                break
    return cues


@RELATION.declare("unsupported_names", "unsupported_names", raises="the body never names {words}")
def _unsupported_names(r: Relation) -> Measure:
    names = [n for n in headline_names(r.headline.text) if not _names_in(n, r.body.index.counts)]
    return Measure.of(min(len(set(names)), 3) / 3, names)


def _names_in(name: str, counts: Counter) -> bool:
    """Whether the body uses a name, as it is or in the possessive ("Queensland's")."""
    name = name.lower().replace("’", "'").removesuffix("'s")
    return name in counts or f"{name}'s" in counts


@RELATION.declare(
    "unsupported_numbers",
    "unsupported_numbers",
    raises="the figure {words} appears nowhere in the body",
)
def _unsupported_numbers(r: Relation) -> Measure:
    missing = sorted(r.figures_the_body_lacks)
    return Measure.of(min(len(missing), 2) / 2, [f"{n:g}" for n in missing])


@RELATION.declare(
    "inflated_number",
    "inflated_number",
    raises="the headline's figure {words} is larger than the body's {against}",
)
def _inflated_number(r: Relation) -> Measure:
    """A headline share above every share the body states ('a third' over '4 percent') or,
    if it states none, tells by two figures ('doubles' over '38, up from 31'); or a headline
    figure the body lacks, above every figure of the evidence for what it counts, or of the
    whole evidence (years aside: a story dated 2024 does not make '300 jobs' modest)."""
    # A change in points above every change in points the body tells ('by a full point' over
    # 'to 5.4 percent from 5.1 percent').
    # The body's are read only for a headline that states one: most do not.
    if (said := points(r.headline.text)) and (told := r.body.point_changes):
        if max(said) > max(told) * 1.25:
            return Measure.of(1, [_in_points(max(said))], [_in_points(max(told))])
    shares = percentages(r.headline.text, r.headline.tokens)
    told = shares and (_shares_of_what(r) or r.body.percentages or r.body.changes)
    if told and max(shares) > max(told) * 1.25:
        return Measure.of(1, [f"{max(shares):g}%"], [f"{max(told):g}%"])
    figures = r.figures_the_body_lacks - years_in(r.headline.text)
    if not figures:
        return NOTHING
    # What the headline's figures count, where the evidence counts it too ('120 jobs' for
    # 'thousands of jobs'), else every figure of the evidence.
    stated = _counted_in(r.evidence, _counted_nouns(r.headline.tokens)) or {
        n for s in r.evidence for n in numbers(s.text, s.tokens)
    }
    stated -= set().union(*(years_in(s.text) for s in r.evidence))
    if stated and max(figures) > max(stated):
        return Measure.of(1, [f"{max(figures):g}"], [f"{max(stated):g}"])
    return NOTHING


def _in_points(change: float) -> str:
    return f"{change:g} point" if change == 1 else f"{change:g} points"


def _shares_of_what(r: Relation) -> set[float]:
    """The shares the body gives in its sentences about what the headline's shares are of:
    'a quarter more passengers' is compared with the passengers' '7 percent', not with the
    '71 percent' of trains on time."""
    text = r.headline.text
    ends = [m.end() for pattern in (PERCENT, SHARE, RATE) for m in pattern.finditer(text)]
    nouns = {stem(w) for end in ends for w in content_words(words(text[end:]))[:2]}
    about = [
        r.body.sentence(position)
        for position, stems in enumerate(r.body.sentence_stems)
        if not nouns.isdisjoint(stems)
    ]
    # Shares first, as for the whole body: 'rose from 10 to 30 percent' is read by its shares.
    shares = {share for s in about for share in percentages(s.text, s.tokens)}
    return shares or {change for s in about for change in changes(s.text)}


# A year as a text writes it ('in 2024'), which counts nothing; 'thousands' (2,000) and
# '2,000 people' are figures.
YEAR = re.compile(r"(?<!\d)(?<!\d[.,])(?:19\d\d|20\d\d|2100)(?!\d|[.,]\d)")


def years_in(text: str) -> set[float]:
    return {float(year) for year in YEAR.findall(text)}


# Words a figure is made of besides digits: 'tens of thousands', 'two million'.
_FIGURE_WORDS = frozenset(NUMBER_WORDS) | {"tens", "of", "m", "bn", "mln", "bln"}


def _counted_nouns(tokens: list[str]) -> list[str]:
    """What a text's figures count: the first content word within three words after each
    figure ('thousands of new jobs' -> 'jobs', '10,000 protesters' -> 'protesters')."""
    nouns = []
    for place, token in enumerate(tokens):
        if not (token[0].isdigit() or token in NUMBER_WORDS):
            continue
        after = place + 1
        while after < len(tokens) and (
            tokens[after][0].isdigit() or tokens[after] in _FIGURE_WORDS
        ):
            after += 1
        found = content_words(tokens[after : after + 3])
        if found and not found[0][0].isdigit():
            nouns.append(found[0])
    return list(dict.fromkeys(nouns))


def _counted_in(evidence: list[Sentence], nouns: list[str]) -> set[float]:
    """The figures the evidence gives just before any of `nouns`, in any form ('cut 120 head
    office jobs')."""
    counted = set()
    said = [re.compile(rf"\b{re.escape(stem(noun))}[a-z]*\b") for noun in nouns]
    for sentence in evidence:
        text = sentence.text.lower()
        for match in (m for noun in said for m in noun.finditer(text)):
            before = " ".join(text[: match.start()].split()[-4:])
            counted |= numbers(before, words(before))
    return counted


@RELATION.declare(
    "inflated_change",
    "inflated_number",
    raises="the headline says {words} where the body reports a smaller change: {against}",
)
def _inflated_change(r: Relation) -> Measure:
    """A strong verb of change in the headline ('collapses', 'soars'), or a mild one made big
    ('fall sharply'), over a body that tells the change in the same direction in mild words
    only ('fell 0.4 percent', 'rose')."""
    counts = r.body.index.counts
    if not counts.keys().isdisjoint(lexicon.BIG_CHANGE):
        return NOTHING
    big = [t for t in r.headline.tokens if t in lexicon.BIG_CHANGE]  # 'fall sharply'
    said, against = [], []
    for mild, strong in lexicon.CHANGES:
        verbs = [t for t in r.headline.tokens if t in strong or (big and t in mild)]
        told = sorted(counts.keys() & mild.keys())
        if verbs and told and counts.keys().isdisjoint(strong):
            said += verbs + big
            against += told
    return Measure.of(bool(said), list(dict.fromkeys(said)), against)


@RELATION.declare(
    "unsupported_intensity",
    "unsupported_intensity",
    raises="the headline's strong words ({words}) have no match in the body",
)
def _unsupported_intensity(r: Relation) -> Measure:
    return _headline_words_the_body_lacks(r, lexicon.INTENSITY, cap=3)


def _headline_words_the_body_lacks(r: Relation, entries: frozenset[str], cap: int) -> Measure:
    """Entries of a lexicon the headline uses and the body does not, counted up to `cap`."""
    found = [w for w in phrases(r.headline.index, entries) if w not in r.body.index]
    return Measure.of(min(len(found), cap) / cap, found)


@RELATION.declare(
    "causal_words",
    "causal_claim",
    raises="the headline claims cause and effect ({words}) that the body does not state",
)
def _causal_words(r: Relation) -> Measure:
    return _headline_words_the_body_lacks(r, lexicon.CAUSAL, cap=2)


@RELATION.declare(
    "claim_gap",
    "claim_strength",
    raises="the headline claims a stronger link than its evidence ({against})",
)
def _claim_gap(r: Relation) -> Measure:
    gap = max(r.headline_strength - r.evidence_strength, 0.0)
    cues = phrases(r.evidence_index, LINKS_AND_HEDGES)
    return Measure.of(gap / 3, against=cues)


# Built once: a union made per call was hashed and compared again by the lexicon cache.
LINKS_AND_HEDGES = lexicon.CORRELATIONAL | lexicon.HEDGES


@RELATION.declare(
    "cause_from_link",
    "claim_strength",
    raises="the body says {against} where the headline says {words}",
)
def _cause_from_link(r: Relation) -> Measure:
    """The headline states a cause ('protects', 'cuts') where its evidence reports only a link
    ('linked to', 'had lower rates', 'children who ... were less likely'): the commonest
    overstatement of a finding. Evidence that states a cause too supports it, as does a trial's
    comparison with its control group, which is how a cause is shown."""
    if not r.evidence or r.headline.keeps_claim_open:
        return NOTHING
    headline, cues = cues_for(r.headline.text)
    if cues["negation"].search(headline):
        return NOTHING
    # A causal word with nothing after it acts on nothing: 'deaths fall in year limits cut'.
    causes = [c for c in causes_stated(r.headline.text) if _effect_stems(r.headline.text, c)]
    if not causes:
        return NOTHING
    # Evidence supports the cause when it states one about the headline's effect: 'the towns
    # had also increased police patrols' says nothing of what cut burglaries.
    effect = _effect_stems(r.headline.text, causes[0])
    # Before any of its causal words: 'Lower speed limits cut deaths' has two.
    cause = frozenset().union(*(_cause_stems(r.headline.text, c) for c in causes))
    if any(
        _supports_a_cause(s.text, cause, effect) and (not effect or not effect.isdisjoint(s.stems))
        for s in r.evidence
    ):
        return NOTHING
    links = []
    for sentence in r.evidence:
        text, cues = cues_for(sentence.text)
        links += [link.lower() for link in cues["correlational"].findall(text)]
    links += _doubts_of_the_cause(r.body, cause)
    return Measure.of(bool(links), causes, links)


def _doubts_of_the_cause(body: Body, cause: frozenset[str]) -> list[str]:
    """Where the body doubts a headline's cause (the stems of its words), anywhere in it: it
    names other factors ('other factors may have contributed'), or asks about the cause itself
    ('no study had examined whether the lighting played a role' under 'Street lighting cut
    burglaries')."""
    if not (lexicon.OTHER_CAUSES.search(body.text) or UNSHOWN.search(body.text)):
        return []
    doubts = []
    for sentence in body.sentences:
        if found := lexicon.OTHER_CAUSES.search(sentence.text):
            doubts.append(found.group().lower())
        elif (found := UNSHOWN.search(sentence.text)) and not cause.isdisjoint(sentence.stems):
            doubts.append(found.group().lower())
    return doubts


# Where a headline's claim ends and its attribution starts: 'cuts burglaries, report finds'.
_CLAUSE_END = re.compile(r"[,;:|]|\s[-–—]\s")


def _effect_stems(text: str, cause: str) -> frozenset[str]:
    """The stems of the content words after a text's causal word, up to the end of its clause:
    its effect ('Street lighting cuts burglaries, report finds' -> 'burglari'). A causal
    phrase holds its effect: 'sends mining shares lower'."""
    return _stems_of(_clause_around(text, cause)[1])


def _cause_stems(headline: str, cause: str) -> frozenset[str]:
    """The stems of the content words before a headline's causal word, from the start of its
    clause: its cause ('Brighter street lighting cut burglaries' -> 'brighter street light')."""
    return _stems_of(_clause_around(headline, cause)[0])


def _clause_around(text: str, cause: str) -> tuple[str, str]:
    """The lowered words of a causal word's clause before it, and after its first word (both
    empty if the text lacks it)."""
    text = text.lower()
    found = re.search(rf"\b{re.escape(cause.lower())}\b", text)
    if found is None:
        return "", ""
    after = found.start() + len(cause.split()[0])
    return (
        _CLAUSE_END.split(text[: found.start()])[-1],
        _CLAUSE_END.split(text[after:], maxsplit=1)[0],
    )


def _stems_of(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in content_words(words(text)))


def _supports_a_cause(sentence: str, cause: frozenset[str], effect: frozenset[str]) -> bool:
    """The sentence states a cause, or reports a trial's comparison with its control group.
    A causal word that acts on the headline's cause (the stems of its words) and not on its
    effect brought the cause about, and says nothing of the effect: 'the government raised
    fines for speeding' under 'Higher speeding fines cut road deaths'."""
    if lexicon.TRIAL_FINDING.search(sentence):
        return True
    for stated in causes_stated(sentence):
        acted_on = _effect_stems(sentence, stated)
        if cause.isdisjoint(acted_on) or not effect.isdisjoint(acted_on):
            return True
    return False


# Before these a causal word is a noun ('the increase', 'a cut'), not a cause stated.
_DETERMINERS = frozenset("a an the this that its their his her our of".split())


# After these a cause is asked about or said not to be shown, not stated: 'could not show
# whether time outdoors reduced stress', 'it is unclear if coffee protects the liver', 'cannot
# establish that exercise prevents dementia'. A study's disclaimer is the opposite of its cause.
UNSHOWN = re.compile(
    r"\b(?:whether|unclear|not\s+(?:known|clear)|no\s+evidence"
    r"|too\s+(?:early|soon)\s+to\s+(?:say|tell|know|judge)"
    r"|(?:not|n[’']t|cannot)\s+(?:be\s+)?"
    r"(?:show|prove|establish|determin|confirm|demonstrat|tell|say|separat)[a-z]*)\b",
    re.IGNORECASE,
)
# 'Cause' as half of a noun: 'the study could not prove cause and effect'.
CAUSE_AND_EFFECT = re.compile(r"[\s-]+and[\s-]+effects?\b", re.IGNORECASE)


def causes_stated(text: str) -> list[str]:
    """The words with which a text states a cause, outside the wordings of a link ('increased
    risk' is a link), before any words that leave it unshown (UNSHOWN), and but for nouns ('the
    increase', 'cause and effect') and 'effective' ('effective immediately' fills wire copy)."""
    text, cues = cues_for(text)
    text = cues["correlational"].sub(" ", text)
    unshown = UNSHOWN.search(text)
    causes = []
    for match in cues["causal"].finditer(text, 0, unshown.start() if unshown else len(text)):
        before = text[: match.start()].split()[-1:]
        cause = match.group().lower()
        if cause == "effective" or (before and before[0].lower() in _DETERMINERS):
            continue
        if not CAUSE_AND_EFFECT.match(text, match.end()):
            causes.append(cause)
    return causes


@RELATION.declare(
    "sweeping_words",
    "sweeping_words",
    raises="the headline generalises ({words}) beyond what the body says",
)
def _sweeping_words(r: Relation) -> Measure:
    return _headline_words_the_body_lacks(r, lexicon.SCOPE, cap=2)


def _windows(index: TokenIndex, entries: list[str]) -> list[str]:
    """Each entry with the word after it, as the text says it, at its first place: 'could
    raise'. The entry's first word is the token after as many spaces as precede its place in
    the joined tokens."""
    tokens = index.joined.split()
    shown = []
    for entry in entries:
        place = index.joined.find(f" {entry} ")
        if place >= 0:
            first = index.joined.count(" ", 0, place)
            shown.append(" ".join(tokens[first : first + len(entry.split()) + 1]))
    return shown


@RELATION.declare(
    "evidence_hedged",
    "hedge_dropped",
    raises="the body says {against} where the headline states it as fact",
)
def _evidence_hedged(r: Relation) -> Measure:
    """The sentence that best matches the headline keeps its claim open ('could', 'is
    considering', 'no decision has been made') and the headline does not."""
    if r.headline.keeps_claim_open:
        return NOTHING
    found = r.open_claims
    return Measure.of(bool(found), phrases(r.headline.index, lexicon.CERTAINTY), found)


@RELATION.declare(
    "certainty_gap",
    "certainty_gap",
    raises="the headline says {words} where the body says {against}",
)
def _certainty_gap(r: Relation) -> Measure:
    """The headline says it will happen or has happened ('will', 'confirms', an event's verb:
    'Council bans cars') where the evidence keeps it open ('is considering a ban'). Half for
    one such word; full for two, or for a word the evidence leaves open itself ('spreads' over
    'could spread'), which says the very claim is open."""
    hedges = r.open_claims
    if not hedges:
        return NOTHING
    certain = phrases(r.headline.index, lexicon.CERTAINTY)
    said = _windows(r.headline.index, certain)  # 'will raise'
    hedged = []
    if not r.headline.keeps_claim_open:
        if r.headline.plan:  # 'Free jab to be offered' over 'could be offered'
            certain.append(r.headline.plan)
            said.append(r.headline.plan)
        events = [
            t
            for t in dict.fromkeys(r.headline.event_verbs)
            if t not in certain and not _told_as_done(r.body, t)
        ]
        certain += events
        # Once each, as the headline says it: 'walk out' for 'strike'; 'offered' is in 'to be
        # offered'.
        events_said = [r.headline.said(verb) for verb in events]
        said += [w for w in events_said if not _within(w, said)]
        hedged = [w for w in _hedged_in_headline(r) if not _told_as_done_by_stem(r.body, w)]
        new = [w for w in hedged if w not in certain and not _within(w, said)]
        certain += new
        said += new
    if not certain:
        return NOTHING
    # A body that says nothing is decided leaves the very claim open, as a hedged word does.
    undecided = phrases(r.body.index, lexicon.UNDECIDED)
    full = hedged or undecided
    return Measure.of(1 if full else min(len(certain), 2) / 2, said, [*hedges, *undecided])


def _within(words: str, said: list[str]) -> bool:
    """Whether `words` are among the words of one of `said`: 'offered' in 'to be offered'."""
    return any(f" {words} " in f" {s} " for s in said)


# Between an open-claim word and the verb it leaves open: 'could be cut', 'likely to rise'.
_BEFORE_THE_VERB = frozenset(
    "to be have been also still soon eventually even further start begin".split()
)
# Open-claim words before the verb they leave open (the rest are nouns or adjectives):
# 'could cut', 'considering cutting'.
_BEFORE_A_VERB = frozenset(
    """may might could possibly potentially probably perhaps reportedly allegedly consider
    considers considering weigh weighing weighs""".split()
)


def _hedged_words(sentence: Sentence) -> set[str]:
    """The stems of the words a sentence's open claims leave open: 'spread' in 'could spread',
    'cut' in 'might be cut', 'rise' in 'expected to rise'."""
    tokens = sentence.tokens
    hedged = set()
    for entry in phrases(sentence.index, lexicon.OPEN_CLAIMS):
        if not (entry in _BEFORE_A_VERB or entry.endswith(" to")):
            continue  # 'a possible takeover': a noun, left open as a noun
        first = entry.split()
        for place in range(len(tokens) - len(first)):
            if list(tokens[place : place + len(first)]) != first:
                continue
            after = place + len(first)
            while after < len(tokens) and tokens[after] in _BEFORE_THE_VERB:
                after += 1
            if after < len(tokens) and tokens[after] not in STOP_WORDS:
                hedged.add(stem(tokens[after]))
    return hedged


def _hedged_in_headline(r: Relation) -> list[str]:
    """The headline's words, used as verbs, that the best-matching sentence leaves open
    ('Outbreak spreads' over 'the outbreak could spread')."""
    if r.best is None or not r.open_claims:
        return []
    hedged = _hedged_words(r.best)
    return [
        token
        for place, token in enumerate(r.headline.tokens)
        if token not in STOP_WORDS and stem(token) in hedged and r.headline.used_as_verb(place)
    ]


def _told_as_done_by_stem(body: Body, word: str) -> bool:
    """Whether a sentence of the body uses a word of the same stem and leaves nothing open."""
    root = stem(word)
    return any(
        not _open_claims_in(body.sentence(position))
        for position, stems in enumerate(body.sentence_stems)
        if root in stems
    )


def _told_as_done(body: Body, verb: str) -> bool:
    """Whether the body tells the event in a sentence that leaves nothing open: 'The alert
    level was raised' supports 'alert level raised' whatever another sentence hedges."""
    forms = set(lexicon.EVENT_VERBS[verb])
    return _told_by_phrase(body, verb) or any(
        not _open_claims_in(s) for s in body.sentences_with(forms)
    )


@RELATION.declare(
    "body_hedges",
    "body_hedges",
    raises="the body hedges ({against}) where the headline asserts",
)
def _body_hedges(r: Relation) -> Measure:
    if r.headline.keeps_claim_open:
        return NOTHING
    hedges = phrases(r.body.index, lexicon.HEDGES)
    rate = (
        sum(r.body.index.counts[h] for h in hedges if " " not in h)
        * 100
        / max(r.body.word_count, 1)
    )
    return Measure.of(min(rate, 4) / 4, against=hedges)


@RELATION.declare(
    "scope_dropped",
    "scope_dropped",
    raises="the body reports this {against}; the headline drops it",
)
def _scope_dropped(r: Relation) -> Measure:
    """A qualifier of the evidence ('in mice', 'in 20 patients', 'only in Australia', 'some')
    whose words the headline does not repeat. What a finding was seen in counts in every
    evidence sentence: a story often limits its finding in the lead and restates it later in
    words closer to the headline's. A part of a place or of time, or a quantifier, counts only
    in the best match: elsewhere it is about other things as often as not ('in some wooded
    areas'). A headline that disputes the claim drops nothing."""
    if r.best is None or r.headline.disputes:
        return NOTHING
    headline_stems = {stem(t) for t in r.headline.tokens}
    best = r.best.text
    qualifiers = [
        q
        for s in r.evidence
        for seen in (lexicon.SEEN_IN, lexicon.SEEN_AT)
        for q in seen.finditer(s.text)
    ]
    qualifiers += lexicon.LIMITED_TO.finditer(best)
    qualifiers += [
        match
        for match in lexicon.SCOPE_QUANTIFIERS.finditer(best)
        if any(stem(t) in headline_stems for t in words(best[match.end() :])[:3])
    ]
    kept = [match for match in qualifiers if _keeps(match, headline_stems)]
    # A limit next to one the headline keeps narrows that one, and is kept with it: 'on four
    # Zambian farms' keeps 'on four farms in Zambia's Southern Province'.
    dropped = [
        match.group().lower()
        for match in qualifiers
        if match not in kept and not any(_next_to(match, other) for other in kept)
    ]
    disclaimed = _scope_disclaimed(r.body)
    if disclaimed and not _names_whom(r):
        dropped.append(disclaimed)
    # Once each: "in two cities" is both a count of places and a part of the world.
    return Measure.of(bool(dropped), against=list(dict.fromkeys(dropped)))


def _keeps(match: re.Match, headline_stems: set[str]) -> bool:
    """Whether the headline keeps a qualifier. A count is kept only by repeating it ('in 20
    patients' under '... in 20 patients'), a part of a place by repeating the part ('three' of
    'in three London boroughs'), a group's place by repeating the place ('care' of 'residents
    of care homes')."""
    said = words(match.group())
    part = next(filter(None, match.groupdict().values()), None)  # the part that limits
    if age := _AGE.search(match.group()):  # 'among adults aged 70' is kept by 'over-70s'
        key = [age.group(2), *_AGE_WORDS[age.group(1).lower()]]
    elif part:
        key = [t for t in words(part) if t not in ("a", "of")]
    else:
        key = [t for t in said if t[0].isdigit()] or content_words(said) or said[:1]
    return any(_repeats(stem(k), headline_stems) for k in key + _same_counts(key))


# An age that narrows a group ('men over 65'): the limit, which an age or a word for it keeps
# ('over-65s', 'older men'); the group alone does not ('in adults' of 'adults aged 70').
_AGE = re.compile(r"\b(over|under|aged) (\d+)", re.IGNORECASE)
_OLDER = ("older", "elderly", "senior", "pensioner", "retiree")
_AGE_WORDS = {"over": _OLDER, "aged": _OLDER, "under": ("younger", "young", "youth")}


def _next_to(match: re.Match, other: re.Match) -> bool:
    """Whether two qualifiers of one sentence follow each other, a space or a comma apart."""
    if match.string != other.string:
        return False
    first, second = sorted((match, other), key=lambda m: m.start())
    return 0 <= second.start() - first.end() <= 2


# Words without which no sentence disclaims a scope (SCOPE_DISCLAIMED): most bodies have none.
_DISCLAIMING = frozenset(
    "tried tested studied trialled trialed apply included cover differ observed seen".split()
)


def _scope_disclaimed(body: Body) -> str:
    """Whom the body says its finding was not tried on or may not apply to, as it says it
    ('not yet been tried in women without symptoms'), anywhere in it: a story says so after
    its finding. Empty if it says nothing of the kind."""
    if _DISCLAIMING.isdisjoint(body.index.counts):
        return ""
    found = lexicon.SCOPE_DISCLAIMED.search(body.text)
    if found is None:
        return ""
    return " ".join([*words(found.group()), *words(body.text[found.end() :])[:3]])


# A headline's group: 'in people with hypertension', 'among care home residents'.
_WHOM = re.compile(r"\b(?:in|among|for|with|at)\s+([\w' -]+)", re.IGNORECASE)


def _names_whom(r: Relation) -> bool:
    """Whether the headline says whom its finding holds for, in the body's words: 'in women
    already diagnosed' over a story of 50 women known to have the disease."""
    return any(
        stem(w) in r.body.stems
        for match in _WHOM.finditer(r.headline.text)
        for w in content_words(words(match.group(1)))[:3]
    )


# A small count in words and in figures: 'three farms' is kept by '3 farms'.
_COUNTS = "one two three four five six seven eight nine ten eleven twelve".split()
_SAME_COUNT = {
    **{word: str(n) for n, word in enumerate(_COUNTS, 1)},
    **{str(n): word for n, word in enumerate(_COUNTS, 1)},
    "single": "one",
}


def _same_counts(key: list[str]) -> list[str]:
    """The same counts said the other way: '3' for 'three', 'one' for 'a single'."""
    return [_SAME_COUNT[k] for k in key if k in _SAME_COUNT]


def _repeats(key: str, stems: set[str]) -> bool:
    """Whether the headline repeats a qualifier's word, shortened or not ('lab' for
    'laboratory'); a count must be repeated as it is."""
    if key in stems or key[0].isdigit():  # '70' is said by 'over-70s'
        return key in stems or f"{key}s" in stems
    return any(len(s) >= 3 and (key.startswith(s) or s.startswith(key)) for s in stems)


@RELATION.declare(
    "weak_source",
    "weak_source",
    raises="the body attributes this to {against}; the headline states it as fact",
)
def _weak_source(r: Relation) -> Measure:
    """The evidence gives the claim to a forum post, a rumour or critics, and the headline
    states it as fact, without saying whose it is or disputing it."""
    weak = [w for s in r.evidence for w in phrases(s.index, lexicon.WEAK_SOURCES)]
    headline = r.headline
    if headline.keeps_claim_open or headline.keeps_at_arms_length or headline.disputes:
        return NOTHING
    weak = weak or _disputed_allegation(r)
    return Measure.of(1, against=weak) if weak else NOTHING


def _disputed_allegation(r: Relation) -> list[str]:
    """An allegation in the evidence ('a former employee alleged that the firm dumped waste')
    that the body says is denied ('the claims were false', 'will contest the claims'): one
    side's claim, which a headline that states it as fact takes as its own."""
    if _ALLEGING.isdisjoint(r.evidence_index.counts):
        return []
    found = next(filter(None, (lexicon.ALLEGATION.search(s.text) for s in r.evidence)), None)
    if found is None or not (
        phrases(r.body.index, lexicon.REFUTATIONS) or lexicon.DISPUTED_CLAIM.search(r.body.text)
    ):
        return []
    return [found.group().split()[0].lower()]


# Words without which no sentence makes an allegation (ALLEGATION): most evidence has none, and
# the body's denial is looked for only after one.
_ALLEGING = frozenset(
    "alleges alleged alleging claims claimed claiming accuses accused accusing".split()
)


@RELATION.declare(
    "unsupported_authority",
    "unsupported_authority",
    raises="the headline credits {words}, whom the evidence does not name",
)
def _unsupported_authority(r: Relation) -> Measure:
    authorities = r.headline.authorities
    evidence = r.evidence_stems
    missing = [a for a in authorities if stem(a) not in evidence]
    return Measure.of(min(len(missing), 1), missing)


@RELATION.declare("body_refutes", "body_refutes", raises="the body disputes the claim ({against})")
def _body_refutes(r: Relation) -> Measure:
    refutations = phrases(r.body.index, lexicon.REFUTATIONS)
    in_evidence = phrases(r.evidence_index, lexicon.REFUTATIONS)
    return Measure.of(min(len(in_evidence) + 0.5 * len(refutations), 2) / 2, against=refutations)


ROWS_PER_BLOCK = 4096


class HeadlineBodyRelation(_TextTransformer):
    """How far the headline goes beyond its body and beyond the evidence it is matched to.

    Parameters
    ----------
    evidence_sentences : int
        How many body sentences that best match the headline make its evidence.
    lead_prior : float
        Added to the lead sentence's match (half of it to the second): a faithful headline is
        usually told by the story's opening.
    claim_strength : Pipeline or None
        A fitted claim-strength model (see `model.claims`), or its lean equivalent (`model.lean`
        puts one in), applied to the headline and to its evidence; None leaves the claim gap at 0.
    """

    n_columns = 2
    feature_set = RELATION
    accepts_read_bodies = True  # the lean path hands `readings` the Body the Scorer has read

    def __init__(self, evidence_sentences=2, lead_prior=0.1, claim_strength=None):
        self.evidence_sentences = evidence_sentences
        self.lead_prior = lead_prior
        self.claim_strength = claim_strength

    def transform(self, X):
        """Rows grouped by body and read a block at a time: each body is parsed once per block,
        and a fit over a whole corpus never holds every parsed body at once."""
        rows = self._rows(X)
        order = sorted(range(len(rows)), key=lambda i: rows[i][1])
        values = np.zeros((len(rows), len(self.feature_set.names)))
        for start in range(0, len(order), ROWS_PER_BLOCK):
            block = order[start : start + ROWS_PER_BLOCK]
            values[block] = self.values(self.measure_rows([rows[i] for i in block]))
        return values

    def fit(self, X, y=None):
        """Learn how rare each word stem is across the bodies, so that rare words weigh more."""
        super().fit(X, y)
        bodies = {str(body) for body in np.asarray(X, dtype=object)[:, 1]}
        document_frequency: dict[str, int] = {}
        for text in bodies:
            for s in {stem(w) for w in words(text)}:
                document_frequency[s] = document_frequency.get(s, 0) + 1
        self.idf_ = {
            s: float(np.log((1 + len(bodies)) / (1 + count)) + 1)
            for s, count in document_frequency.items()
            if count > 1
        }
        self.unseen_idf_ = float(np.log(1 + len(bodies)) + 1)
        return self

    def readings(self, rows: Sequence[Sequence]) -> list[Relation]:
        """Each row's headline read against its body; a body is read once per batch, and a row
        may bring its body already read (a `Body`: the Scorer reads each body once)."""
        check_is_fitted(self)
        bodies: dict[str, Body] = {}
        relations = []
        for headline, body in rows:
            if not isinstance(body, Body):
                if body not in bodies:
                    bodies[body] = Body(body)
                body = bodies[body]
            relations.append(self.relate(headline, body))
        if self.claim_strength is not None and relations:
            self._add_claim_strengths(relations)
        return relations

    def relate(self, headline: str, body: Body) -> Relation:
        read = Headline.read(headline)
        content = list(dict.fromkeys(content_words(read.tokens)))
        idf = {w: self.idf_.get(stem(w), self.unseen_idf_) for w in content}
        evidence = self.select_evidence(content, idf, body)
        return Relation(
            read,
            body,
            [sentence for sentence, _ in evidence],
            [match for _, match in evidence],
            content,
            idf,
        )

    def select_evidence(
        self, content: list[str], idf: dict[str, float], body: Body
    ) -> list[tuple[Sentence, float]]:
        """The body sentences that best match the headline's content words (IDF-weighted
        cosine, the lead favoured by `lead_prior`), in body order, with their match."""
        weights = {stem(w): idf[w] for w in content}
        norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
        ranked = []
        headline_stems = weights.keys()
        idf_of, unseen = self.idf_.get, self.unseen_idf_
        for position, stems in enumerate(body.sentence_stems):
            if headline_stems.isdisjoint(stems):  # two sentences in three: one test in C
                continue
            match = sum([weights[s] * idf_of(s, unseen) for s in weights if s in stems])
            prior = self.lead_prior / (1 + position) if position < 2 else 0.0
            sentence_norm = body.idf_norm(position, self.idf_, unseen)
            ranked.append((match / (norm * sentence_norm) + prior, position))
        if not ranked:
            return [(body.sentence(0), 0.0)] if body.spans else []
        best = sorted(ranked, reverse=True)[: self.evidence_sentences]
        return [
            (body.sentence(position), match) for match, position in sorted(best, key=lambda b: b[1])
        ]

    def _add_claim_strengths(self, relations: list[Relation]) -> None:
        texts = [r.headline.text for r in relations]
        texts += [s.text for r in relations for s in r.evidence]
        # Each distinct text is scored once: a headline recurs over many bodies (FNC-1, the
        # constructed pairs) and a body's evidence under many headlines.
        distinct = list(dict.fromkeys(texts))
        # Expected strength on the 0-3 scale: the classes' probabilities times their values.
        expected = self.claim_strength.predict_proba(distinct) @ self.claim_strength.classes_
        by_text = dict(zip(distinct, expected.tolist(), strict=True))
        strengths = [by_text[text] for text in texts]
        headline_strengths, rest = strengths[: len(relations)], strengths[len(relations) :]
        for relation, strength in zip(relations, headline_strengths, strict=True):
            relation.headline_strength = strength
            relation.evidence_strength = max(rest[: len(relation.evidence)], default=0.0)
            rest = rest[len(relation.evidence) :]

    def measure(self, relation: Relation) -> dict[str, Measure]:
        return {feature.name: feature.measure(relation) for feature in RELATION.features}
