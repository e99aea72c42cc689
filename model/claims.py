"""Claim strength: how strong a relation a sentence or headline states, on a 0..3 scale.

0 no relation, 1 correlational ("linked to"), 2 conditional causal ("may reduce"), 3 direct
causal ("reduces"), the scale of Yu et al. (2019, 2020). A small TF-IDF + logistic regression
model over 1-D arrays of texts, with the words that state a relation and the claim's skeleton
(its cue and function words, its topic words masked), so that a claim's own words weigh against
its topic words.
"""

import re
from functools import lru_cache

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

STRENGTHS = (0, 1, 2, 3)


def _any_of(*patterns: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


_COMPARATIVE = (
    r"(?:more|less|fewer|higher|lower|greater|better|worse|poorer|faster|slower|longer|shorter)"
)

# How much, between a group's verb and its comparison: "scored slightly higher", "had much
# lower rates". Still a comparison of groups, not a cause.
_DEGREE = (
    r"(?:(?:slightly|significantly|substantially|considerably|markedly|somewhat|much|far|a\s+"
    r"little)\s+)?"
)


def _verbs(*verbs: str) -> str:
    """Each verb in every form a headline or finding writes it in ('cut': cuts, cutting; 'fuel':
    fuels, fuelled, fueling), with the words that follow it where given ('ward off')."""
    return "|".join(map(_verb_forms, verbs))


def _verb_forms(verb: str) -> str:
    base, _, rest = verb.partition(" ")
    stem, last = base[:-1], base[-1]
    if last == "e":
        forms = rf"{stem}(?:e|es|ed|ing)"
    elif last == "y" and stem[-1] not in "aeiou":
        forms = rf"{stem}(?:y|ies|ied|ying)"
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        forms = rf"{base}(?:|es|ed|ing)"
    else:  # a last consonant may be doubled ('stopped', 'fuelling')
        forms = rf"{base}(?:|s|ed|ing|{last}ed|{last}ing)"
    return forms + (r"\s+" + r"\s+".join(rest.split()) if rest else "")


# Each cue is a family of wordings, inflections included, that marks one kind of claim.
CUES: dict[str, re.Pattern] = {
    "correlational": _any_of(
        r"(?<!industry )(?<!trade )associat(?:ed|es?|ions?)",  # not a trade body
        r"link(?:s|ed)?\s+(?:to|with|between)",
        r"links?",
        r"tied\s+to",
        r"correlat(?:ed|es?|ions?)",
        r"relat(?:ed|ionships?)\s+(?:to|with|between)",
        r"connect(?:ed|ions?)\s+(?:to|with|between)",
        r"(?:more|less)\s+likely",
        r"(?:higher|lower|greater|increased|reduced|elevated|decreased)\s+"
        r"(?:rates?|risks?|odds|levels?|likelihood|incidence|prevalence|chances?)",
        r"predict(?:s|ed|ors?|ive)?",
        r"had\s+" + _DEGREE + r"(?:higher|lower|more|less|fewer|better|worse)",
        r"tend(?:s|ed)?\s+to",
        r"(?:more|less)\s+often",
        r"coincid(?:es?|ed|ing)\s+with",
        r"hand\s+in\s+hand",
        # Groups compared ("students who sleep more have higher grades"): a link, not a cause.
        r"(?:who|whose|those\s+with|people\s+with)\b[^.;]{0,60}?\b" + _COMPARATIVE,
        r"(?:saw|see|sees|report(?:s|ed)?|show(?:s|ed)?|ha[sd]|have|were|are|score[sd]?"
        r"|record(?:s|ed)?|experienc(?:e|es|ed)|suffer(?:s|ed)?)\s+" + _DEGREE + _COMPARATIVE,
    ),
    "conditional": _any_of(
        r"may",
        r"might",
        r"could",
        r"can",
        r"potential(?:ly)?",
        r"possibl[ey]",
        r"suggest(?:s|ed|ing)?",
        r"appears?\s+to",
        r"seems?\s+to",
        r"perhaps",
        r"likely\s+to",
    ),
    "causal": _any_of(
        r"caus(?:es?|ed|ing)",
        r"lead(?:s|ing)?\s+to",
        r"led\s+to",
        r"result(?:s|ed)?\s+in",
        r"increas(?:es?|ed)",
        r"reduc(?:es?|ed)",
        r"decreas(?:es?|ed)",
        r"prevent(?:s|ed)?",
        r"protect(?:s|ed)?",
        r"boost(?:s|ed)?",
        r"cuts?",
        r"improv(?:es?|ed)",
        r"trigger(?:s|ed)?",
        r"driv(?:es?|en)",
        r"drove",
        r"add(?:s|ed)?(?!\s+to\b)",  # "Walking adds 20 minutes of sleep", not "adds to"
        r"push(?:es|ed)?\s+(?:[\w'’-]+\s+){0,3}?into",  # "Loans push Australians into debt"
        # "Weak data sends shares lower"
        r"sen(?:ds?|t)\s+(?:[\w'’-]+\s+){1,4}?(?:lower|higher|down|up|tumbling|soaring|plunging)",
        r"rais(?:es?|ed)",
        r"lower(?:s|ed)",
        r"slow(?:s|ed)",
        r"shr[iau]nks?",
        r"stop(?:s|ped)?",
        r"kill(?:s|ed)?",
        r"block(?:s|ed)?",
        r"fights?",
        r"cur(?:es?|ed)",
        r"harm(?:s|ed)?",
        r"damag(?:es?|ed)",
        r"worsen(?:s|ed)?",
        r"enhanc(?:es?|ed)",
        r"promot(?:es?|ed)",
        r"induc(?:es?|ed)",
        r"inhibit(?:s|ed)?",
        r"suppress(?:es|ed)?",
        r"helps?",
        r"makes?",
        r"effects?\s+(?:of|on)",
        r"impacts?\s+on",
        r"benefits?",
        r"effective",
        r"due\s+to",
        r"because\s+of",
        r"(?:caus|increas|reduc|decreas|improv|rais|damag|enhanc|promot|induc|mak|driv|cur)ing",
        r"(?:prevent|protect|boost|trigger|lower|slow|kill|block|fight|harm|worsen)ing",
        r"(?:inhibit|suppress|help|cutt|stopp)ing",
        # The verbs of effect headlines use ("lifts grades", "wards off dementia").
        _verbs(
            "lift",
            "halve",
            "double",
            "triple",
            "lessen",
            "spur",
            "spark",
            "curb",
            "slash",
            "shield",
            "safeguard",
            "combat",
            "tackle",
            "heal",
            "reverse",
            "restore",
            "repair",
            "rejuvenate",
            "regenerate",
            "strengthen",
            "weaken",
            "hurt",
            "ruin",
            "wreck",
            "destroy",
            "extend",
            "prolong",
            "shorten",
            "accelerate",
            "delay",
            "sharpen",
            "disrupt",
            "disturb",
            "ease",
            "relieve",
            "soothe",
            "alleviate",
            "counter",
            "offset",
            "erase",
            "eliminate",
            "eradicate",
            "banish",
            "defeat",
            "stimulate",
            "deter",
            "impair",
            "undermine",
            "hinder",
            "threaten",
            "endanger",
            "clog",
            "push up",
            "push down",
            "drive up",
            "drive down",
            "bring down",
            "drag down",
            "ward off",
            "fend off",
            "stave off",
            "wipe out",
            "clean up",
            "speed up",
            "keep off",
        ),
        r"(?:keeps?|kept|keeping)\s+[^.;]{0,30}?\s+(?:at\s+bay|out\s+of|away\s+from)",
        r"(?:gives?|gave|giving)\s+(?:you|people|us|them|children|kids|women|men|adults)",
        r"turn(?:s|ed|ing)?\s+[^.;]{0,30}?\s+into",
        r"(?:is|are|was|were)\s+behind",
        r"(?:to\s+blame|blamed|responsible)\s+for",
        r"(?:key|secret)\s+to",
        r"(?:adds?|added|adding)\s+years",
        r"beat(?:s|ing)?",
        r"fuel(?:s|ed|led|ing|ling)",  # not 'fuel', the noun
        r"sav(?:es?|ed|ing)\s+lives",
    ),
    "negation": _any_of(
        r"no",
        r"not",
        r"\w+n[’']t",
        r"neither",
        r"nor",
        r"without",
        r"unrelated",
        r"fail(?:s|ed)?\s+to",
    ),
}
# The same cues for text already lowered: searched without IGNORECASE, 2.4x as fast. On ASCII
# text lowering first finds exactly what IGNORECASE finds (every cue is written in lowercase);
# other text is searched as it is, since case folding reaches beyond ASCII (the Kelvin sign
# matches "k").
LOWERED_CUES = {name: re.compile(pattern.pattern) for name, pattern in CUES.items()}


def cues_for(text: str) -> tuple[str, dict[str, re.Pattern]]:
    """The text to search for cues and the cues to search it with: ASCII text lowered, with
    LOWERED_CUES; other text as it is, with CUES. Either finds the same cues at the same places
    (lowering ASCII keeps every offset)."""
    return (text.lower(), LOWERED_CUES) if text.isascii() else (text, CUES)


# A modal over a cause reads differently from a modal over a link, and "no" over either.
PAIRS = (("conditional", "causal"), ("conditional", "correlational"), ("negation", "causal"))


class ClaimCues(TransformerMixin, BaseEstimator):
    """Which kinds of claim wording a text uses: one 0/1 column per cue and per pair of cues.

    Stateless: reads a 1-D sequence of texts and needs no fit (it keeps scikit-learn's API).
    """

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        check_is_fitted(self)
        rows = np.array([self._row(str(text)) for text in X], dtype=np.float64)
        cue_spans.cache_clear()  # the last reader of these texts' spans (see `cue_spans`)
        return rows.reshape(-1, len(CUES) + len(PAIRS))

    @staticmethod
    def _row(text: str) -> list[bool]:
        if text.isascii():  # the cues the skeleton found: the same search (see `cues_for`)
            found = dict(zip(CUES, map(bool, cue_spans(text)), strict=True))
        else:  # as it is: lowering may change its length (İ)
            found = {name: bool(pattern.search(text)) for name, pattern in CUES.items()}
        return [*found.values(), *(found[first] and found[second] for first, second in PAIRS)]

    def get_feature_names_out(self, input_features=None):
        return np.asarray([*CUES, *(f"{first}_{second}" for first, second in PAIRS)], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


# The claim model reads each text's cues twice, for its skeleton and then for its cue columns
# (`build_claim_strength` lists them in that order), over the same texts (a chunk's headlines
# and evidence, at most 512): the spans are found once. The cue columns clear them when done:
# sentences seldom recur between articles, and a cache that kept them would answer for the
# model wherever they do (a benchmark that cycles through its stories).
@lru_cache(maxsize=1024)
def cue_spans(text: str) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The (start, end) offsets of each cue of CUES, in its order, in the lowered text (for
    ASCII text, where `cues_for` searches)."""
    patterns = LOWERED_CUES if text.isascii() else CUES
    text = text.lower()
    return tuple(tuple(m.span() for m in pattern.finditer(text)) for pattern in patterns.values())


def claim_skeleton(text: str) -> str:
    """The claim without its topic: the words of its cues and its function words, each run of
    other words one 'x' ("Coffee drinkers had lower rates of liver disease" -> "x had lower
    rates of x"), so that a claim reads the same whatever it is about."""
    cues = _merged(span for spans in cue_spans(text) for span in spans)
    kept, next_cue = [], 0
    for match in _TOKEN.finditer(text.lower()):
        word, start = match.group(), match.start()
        while next_cue < len(cues) and cues[next_cue][1] <= start:
            next_cue += 1
        in_cue = next_cue < len(cues) and cues[next_cue][0] <= start
        if not in_cue and word not in ENGLISH_STOP_WORDS:
            word = "x"
        if word != "x" or kept[-1:] != ["x"]:
            kept.append(word)
    return " ".join(kept)


def _merged(spans) -> list[tuple[int, int]]:
    """Overlapping (start, end) spans as one, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def build_claim_strength(random_state: int = 0, C: float = 2.0) -> Pipeline:
    """The untrained claim-strength model: texts in, classes 0..3 out."""
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True
                ),
            ),
            (
                "skeleton",
                TfidfVectorizer(
                    preprocessor=claim_skeleton,
                    token_pattern=r"\S+",
                    ngram_range=(1, 3),
                    min_df=2,
                    sublinear_tf=True,
                ),
            ),
            ("cues", ClaimCues()),
        ]
    )
    classifier = LogisticRegression(
        C=C, class_weight="balanced", max_iter=2000, random_state=random_state
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def expected_strength(model: Pipeline, texts) -> np.ndarray:
    """Each text's expected claim strength under the fitted model, in [0, 3]."""
    return model.predict_proba(list(texts)) @ model.classes_.astype(np.float64)
