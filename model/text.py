"""Reading text: words, stems, figures, names, and a body's sentences with their offsets."""

import math
import re
import string
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache, cached_property
from itertools import chain
from typing import NamedTuple, TypeVar

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
CASED_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "dozen": 12, "dozens": 24, "twenty": 20,
    "thirty": 30, "fifty": 50, "hundred": 100, "hundreds": 200, "thousand": 1_000,
    "thousands": 2_000, "million": 1_000_000, "millions": 2_000_000, "billion": 10**9,
    "billions": 2 * 10**9,
}  # fmt: skip
# Shares written as words, in percent, so that "a third" can be compared with "4 percent":
# verbs ('doubles' is a 100 percent rise) and fractions.
SHARE_VERBS = {
    "doubles": 100.0, "doubled": 100.0, "double": 100.0, "triples": 200.0, "tripled": 200.0,
    "halves": 50.0,
}  # fmt: skip
# A fraction is a share after "a" or a count ("a third", "two thirds", "three quarters"), and
# "half" is one; not in a compound ("third-quarter", "half-year") or before what is counted in
# order ("a fifth consecutive month", "a third time"), nor "the first half" of a year.
_IN_ORDER = r"(?:consecutive|straight|successive|time|times|year|day|month|week|round|term)"
SHARE = re.compile(
    rf"\b(a|an|one|two|three|four)[\s-]+(third|quarter|fifth|tenth)s?\b(?!-)(?!\s+{_IN_ORDER}\b)"
    rf"|(?<!first )(?<!second )\bhalf\b(?!-)(?!\s+{_IN_ORDER}\b)",
    re.IGNORECASE,
)
# "Most" of a group, or a majority of it: more than half, so "most employers" over "11 percent
# of employers" is a share made larger. Not the superlative ("the most", "most serious"): "most"
# counts before a plural, a word ending in -s but not -ous, -ss, -is or -us, or "people".
MORE_THAN_HALF = re.compile(
    r"(?<!\bthe )(?<!\bat )\bmost "
    r"(?:(?![a-z]*(?:ous|ss|is|us)\b)[a-z]+s|people|children|men|women)\b"
    r"|\bmajority of\b",
    re.IGNORECASE,
)
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_FRACTIONS = {"third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent\b|percent\b|pc\b)", re.IGNORECASE)
STOP_WORDS = ENGLISH_STOP_WORDS | {"says", "said", "new", "just", "like", "get", "gets", "got"}
SUFFIXES = ("ingly", "edly", "ing", "ied", "ies", "ed", "es", "s", "ly")
# The longest word a cache keyed by words keeps: a real word is shorter, and longer ones are
# worked out each time. Without it, bodies of 10,000-letter words made the character n-gram
# cache hold 0.6 MB a request, and a cache of so many entries is bounded in bytes no longer.
CACHED_WORD_CHARS = 24
T = TypeVar("T")


class WordCache:
    """`function` of one word, remembered for up to `entries` words of up to CACHED_WORD_CHARS
    characters; once that many are remembered it starts again from none. A plain dict, not an
    LRU: a body's few hundred words are looked up in bulk (`of_each`, `many`), and an LRU's
    bookkeeping cost more than the stems themselves."""

    def __init__(self, function: Callable[[str], T], entries: int):
        self.function = function
        self.entries = entries
        self._known: dict[str, T] = {}

    def __call__(self, word: str) -> T:
        known = self._known
        return known[word] if word in known else self._worked_out(word)

    def many(self, words: Iterable[str]) -> list[T]:
        known, worked_out = self._known, self._worked_out
        return [known[word] if word in known else worked_out(word) for word in words]

    def of_each(self, words: Iterable[str]) -> dict[str, T]:
        """`function` of each word, by word (a body's distinct words at once)."""
        known, worked_out = self._known, self._worked_out
        return {word: known[word] if word in known else worked_out(word) for word in words}

    def _worked_out(self, word: str) -> T:
        value = self.function(word)
        if len(word) <= CACHED_WORD_CHARS:
            if len(self._known) >= self.entries:
                self._known = {}
            self._known[word] = value
        return value


# Wire copy's abbreviations, read as the words they stand for: a results brief that says "Qtly
# div 27 cts" supports "Washington National votes quarterly dividend".
WIRE_ABBREVIATIONS = {
    "div": "dividend", "divs": "dividends", "qtr": "quarter", "qtrs": "quarters",
    "qtly": "quarterly", "shr": "share", "shrs": "shares", "rev": "revenue", "revs": "revenues",
    "oper": "operating", "mln": "million", "bln": "billion", "dlr": "dollar", "dlrs": "dollars",
    "cts": "cents", "pct": "percent", "avg": "average", "govt": "government",
}  # fmt: skip

# Irregular verbs' past forms, read as their base, which headlines use: "Shares fall" over a
# body whose shares "fell", "Prices rise" over prices that "rose". Only forms that are rarely
# another word ("left" is, but a story's "left the party" is the headline's "leaves").
IRREGULAR_VERBS = {
    past: base
    for base, forms in {
        "arise": "arose arisen", "beat": "beaten", "become": "became", "begin": "began begun",
        "bleed": "bled", "blow": "blew blown", "break": "broke broken",
        "bring": "brought", "build": "built", "buy": "bought", "catch": "caught",
        "choose": "chose chosen", "come": "came", "deal": "dealt", "dig": "dug",
        "draw": "drew drawn", "drive": "drove driven", "eat": "ate eaten", "fall": "fell fallen",
        "feed": "fed", "feel": "felt", "fight": "fought", "find": "found", "flee": "fled",
        "fly": "flew flown", "forbid": "forbade forbidden", "forget": "forgot",
        "freeze": "froze frozen", "get": "got gotten", "give": "gave given", "go": "went gone",
        "grow": "grew grown", "hear": "heard", "hide": "hid hidden", "hold": "held",
        "keep": "kept", "know": "knew known", "lead": "led", "leave": "left", "lend": "lent",
        "lose": "lost", "make": "made", "mean": "meant", "meet": "met", "pay": "paid",
        "ride": "rode ridden", "rise": "rose risen", "run": "ran", "say": "said",
        "see": "saw seen", "seek": "sought", "sell": "sold", "send": "sent",
        "shake": "shook shaken",
        "shoot": "shot", "sink": "sank sunk", "sleep": "slept", "speak": "spoke spoken",
        "spend": "spent", "stand": "stood", "steal": "stole stolen", "stick": "stuck",
        "strike": "struck stricken", "swear": "swore sworn", "sweep": "swept", "take": "took taken",
        "teach": "taught", "tear": "tore torn", "tell": "told", "think": "thought",
        "throw": "threw thrown", "uphold": "upheld", "wake": "woke woken", "wear": "wore worn",
        "win": "won", "withdraw": "withdrew withdrawn", "write": "wrote written",
        "oversee": "oversaw overseen", "overtake": "overtook overtaken",
        "undertake": "undertook undertaken", "understand": "understood",
    }.items()
    for past in forms.split()
}  # fmt: skip


def _suffix(word: str, suffixes: tuple[str, ...] = SUFFIXES) -> str:
    """The first of `suffixes` the word ends with, leaving a stem of three letters or more;
    not the 's' of 'cross', 'virus' or 'crisis', which is no plural."""
    for suffix in suffixes:
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            continue
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return suffix
    return ""


# What a plural's stem may end with besides: 'crossings' -> 'crossing' -> 'cross'.
INNER_SUFFIXES = tuple(s for s in SUFFIXES if s not in ("ies", "es", "s"))


_DOUBLING = frozenset(("ing", "ed", "ingly", "edly"))
_DOUBLED = frozenset("bdgmnprt")


def _stem(word: str) -> str:
    """Cut common inflections so that 'crossings' in a headline meets 'crossed' in a body, and
    a possessive, so that 'Portugal' meets 'Portugal's'."""
    if word.endswith("'s"):
        word = word[:-2]
    word = WIRE_ABBREVIATIONS.get(word, word)
    word = IRREGULAR_VERBS.get(word, word)
    cut = _suffix(word)
    word = word[: len(word) - len(cut)]
    # A consonant doubled before '-ing' or '-ed': 'cutting' meets 'cuts', 'banned' meets 'bans'
    # (not 'falling', 'missed' or 'buzzing', whose base ends so; nor 'added', whose would be 'ad').
    if cut in _DOUBLING and len(word) >= 4 and word[-1] == word[-2] and word[-1] in _DOUBLED:
        word = word[:-1]
    if cut == "s":
        word = word[: len(word) - len(_suffix(word, INNER_SUFFIXES))]
    # 'company' meets 'companies' (cut to 'compan'), 'city' meets 'cities'; not 'day' or 'buy'.
    if word.endswith("y") and len(word) >= 4 and word[-2] not in "aeiou":
        word = word[:-1]
    # A base form's final 'e', which its inflections lose: 'approve' meets 'approves' and
    # 'approved' (all 'approv'), 'close' meets 'closing', 'home' meets 'homes'.
    elif not cut and word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    return word


stem = WordCache(_stem, 1 << 16)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


def content_words(tokens: Iterable[str]) -> list[str]:
    return [t for t in tokens if len(t) > 2 and t not in STOP_WORDS and not t.isdigit()]


_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# Figures that count nothing: an ordinal ('2nd quarter'), a day of the month ('Feb 28', '7
# April') or a time of day ('1445 gmt', '10:30').
NOT_A_FIGURE = re.compile(
    rf"\b\d+(?:st|nd|rd|th)\b|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}(?![a-z])"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b"
    r"|\b\d{3,4}\s*(?:gmt|bst|cet|est|edt|hrs)\b",
    re.IGNORECASE,
)


# A figure times its scale: 'two hundred', '3 million', '4.5 mln', '£5m', '1.2bn'.
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 10**6, "mln": 10**6, "billion": 10**9,
    "bln": 10**9, "m": 10**6, "mn": 10**6, "bn": 10**9,
}  # fmt: skip
_SCALED = re.compile(
    r"\b(\d+(?:[.,]\d+)*|" + "|".join(w for w in NUMBER_WORDS if NUMBER_WORDS[w] < 100) + ")"
    r"(?:\s*(hundred|thousand|million|mln|billion|bln)|(m|mn|bn))\b",
    re.IGNORECASE,
)
# A rough count, read as ten or a hundred times the plural's value: 'tens of thousands' is 20,000,
# more than the 2,000 the organisers' figure may say.
_ROUGH = re.compile(r"\b(tens|hundreds) of (thousands|millions|billions)\b", re.IGNORECASE)
_ROUGH_TIMES = {"tens": 10, "hundreds": 100}
# The same patterns for lowered ASCII text, without IGNORECASE: several times as fast, and they
# find the same (every one is written in lowercase; other text keeps IGNORECASE).
_LOWERED = {pattern: re.compile(pattern.pattern) for pattern in (NOT_A_FIGURE, _SCALED, _ROUGH)}

# A rate, 'four in ten' or '1 in 5': a share (40, 20 percent), not two figures.
_RATE_COUNT = r"one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3}"
RATE = re.compile(
    rf"\b({_RATE_COUNT}) in ({_RATE_COUNT})\b(?! ?(?:%|per ?cent\b|percent\b))", re.IGNORECASE
)


# A part of a whole told by its two counts: '140 of its roughly 1,100 workers' (12.7 percent).
PART_OF = re.compile(
    r"\b(\d[\d,]*) of (?:its |their |the |his |her )?(?:roughly |about |around |some |nearly "
    r"|almost |more than )?(\d[\d,]*)\b(?! ?(?:%|per ?cent\b|percent\b))"
)


def parts_of(text: str) -> set[float]:
    """The shares a text tells by a part and its whole ('140 of its 1,100 workers'), in
    percent, years aside."""
    if " of " not in text:
        return set()
    found = set()
    for part, whole in PART_OF.findall(text):
        part_n, whole_n = float(part.replace(",", "")), float(whole.replace(",", ""))
        if 0 < part_n < whole_n and not _is_year((whole, None)):
            found.add(round(part_n / whole_n * 100, 1))
    return found


def rates(text: str) -> list[tuple[re.Match, float]]:
    """The rates a text states ('four in ten'), each with its share in percent (40)."""
    if " in " not in text:
        return []
    found = []
    for match in RATE.finditer(text):
        part, whole = (_count(group) for group in match.groups())
        if 0 < part < whole:
            found.append((match, round(part / whole * 100, 1)))
    return found


def _count(said: str) -> float:
    """A count in figures or words: '140', 'ten', 'one' or 'a' (1)."""
    said = said.lower()
    if said in ("a", "an", "one"):
        return 1.0
    return NUMBER_WORDS[said] if said in NUMBER_WORDS else float(said)


def numbers(text: str, tokens: Iterable[str]) -> set[float]:
    """The figures a text states, in digits or words ('two hundred' is 200, '3 mln' 3,000,000),
    but for ordinals, dates and times."""
    not_a_figure, scaled, rough = NOT_A_FIGURE, _SCALED, _ROUGH
    if text.isascii():
        text = text.lower()
        not_a_figure, scaled, rough = (_LOWERED[p] for p in (NOT_A_FIGURE, _SCALED, _ROUGH))
    text = not_a_figure.sub(" ", text)
    values: set[float] = set()
    said = tokens if isinstance(tokens, Counter) else Counter(tokens)
    used: Counter = Counter()  # number words read with their scale ('two hundred')
    if "of" in said and rough.search(text):
        for match in rough.finditer(text):
            times, plural = (group.lower() for group in match.groups())
            values.add(_ROUGH_TIMES[times] * NUMBER_WORDS[plural])
            used.update(words(match.group()))
        text = rough.sub(" ", text)
    for match, _ in rates(text):  # a share, not its two counts
        used.update(words(match.group()))
        text = text.replace(match.group(), " ", 1)
    if scaled.search(text):
        for match in scaled.finditer(text):
            values.add(_scaled(match))
            used.update(words(match.group()))
        text = scaled.sub(" ", text)
    values.update(float(n.replace(",", "")) for n in NUMBER.findall(text) if n.count(".") <= 1)
    values.update(NUMBER_WORDS[w] for w in NUMBER_WORDS.keys() & said.keys() if said[w] > used[w])
    return values


def _scaled(match: re.Match) -> float:
    figure = match.group(1).lower()
    value = NUMBER_WORDS[figure] if figure in NUMBER_WORDS else float(figure.replace(",", ""))
    return value * _SCALES[(match.group(2) or match.group(3)).lower()]


# A change told by its two figures: 'from 1,850 in March to 1,720', '38 people, up from 31'.
_FIGURE = r"(\d[\d,]*(?:\.\d+)?)(?:\s*(million|mln|billion|bln|m|bn)\b)?"
_FROM_TO = re.compile(rf"\bfrom\s+[£$€]?{_FIGURE}[^\d.;]{{0,40}}?\bto\s+[£$€]?{_FIGURE}")
_UP_FROM = re.compile(rf"{_FIGURE}[^\d.;]{{0,80}}?,\s*(?:up|down)\s+from\s+[£$€]?{_FIGURE}")
_TO_FROM = re.compile(
    rf"\b(?:rose|fell|increased|decreased|grew|dropped|climbed|declined)\s+to\s+[£$€]?{_FIGURE}"
    rf"[^\d.;]{{0,40}}?\bfrom\s+[£$€]?{_FIGURE}"
)


def changes(text: str) -> set[float]:
    """The relative changes a text tells by their figures, in percent of the first: 'fell
    from 1,850 to 1,720' is 7, '38, up from 31' is 23, 'rose to 372 from 356' is 4.5 (years
    aside: 'from 2019 to 2023')."""
    if "from" not in text:
        return set()
    told = set()
    pairs = [(m.group(1, 2), m.group(3, 4)) for m in _FROM_TO.finditer(text)]
    pairs += [(m.group(3, 4), m.group(1, 2)) for m in _UP_FROM.finditer(text)]
    pairs += [(m.group(3, 4), m.group(1, 2)) for m in _TO_FROM.finditer(text)]
    for before, after in pairs:
        if _is_year(before) or _is_year(after):
            continue
        old, new = _told_figure(*before), _told_figure(*after)
        if old > 0:
            told.add(round(abs(new - old) / old * 100, 1))
    return told


# A change of a share told in points: 'by more than ten points', 'a full point', '1.3
# percentage points' (not 'at one point').
POINTS = re.compile(
    r"(?<!\bat )\b(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|fifteen|twenty)\s+(?:full\s+|percentage\s+)?points?\b",
    re.IGNORECASE,
)
# Two shares of one thing, before and after: 'rose to 5.4 percent from 5.1 percent', '54.2
# percent, up from 52.9 percent', 'from 12 percent to 15 percent'.
_SHARE_FIGURE = r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent\b|percent\b)"
_SHARE_PAIRS = re.compile(
    rf"\bfrom\s+{_SHARE_FIGURE}[^\d.;]{{0,40}}?\bto\s+{_SHARE_FIGURE}"
    rf"|\bto\s+{_SHARE_FIGURE}[^\d.;]{{0,40}}?\bfrom\s+{_SHARE_FIGURE}"
    rf"|{_SHARE_FIGURE}[^\d.;]{{0,60}}?\b(?:up|down)\s+from\s+{_SHARE_FIGURE}",
    re.IGNORECASE,
)


def points(text: str) -> set[float]:
    """The changes in points a text states ('by a full point' is 1)."""
    if "point" not in text.lower():
        return set()
    return {_count(n) for n in POINTS.findall(text)}


def point_changes(text: str) -> set[float]:
    """The changes in points a text tells by two shares ('to 5.4 percent from 5.1 percent' is
    0.3), and those it states."""
    told = points(text)
    for match in _SHARE_PAIRS.finditer(text):
        first, second = (float(n) for n in match.groups() if n is not None)
        told.add(round(abs(first - second), 1))
    return told


def _is_year(figure: tuple[str, str | None]) -> bool:
    number, scale = figure
    return not scale and number.isdigit() and 1900 <= int(number) <= 2100


def _told_figure(number: str, scale: str | None) -> float:
    return float(number.replace(",", "")) * (_SCALES[scale.lower()] if scale else 1)


def percentages(text: str, tokens: Iterable[str]) -> set[float]:
    """Shares the text states, in percent: '4 percent', '12%', 'a third', 'four in ten', '140
    of its 1,100 workers', 'doubles', 'most employers' (50: more than half)."""
    values = {float(match.group(1)) for match in PERCENT.finditer(text)}
    values.update(share for _, share in rates(text))
    values |= parts_of(text)
    for count, fraction in SHARE.findall(text):
        share = _COUNTS[count.lower()] * _FRACTIONS[fraction.lower()] if fraction else 50.0
        values.add(round(share, 1))
    values.update(SHARE_VERBS[t] for t in SHARE_VERBS.keys() & tokens)
    if ("most" in tokens or "majority" in tokens) and MORE_THAN_HALF.search(text):
        values.add(50.0)
    return values


def headline_names(headline: str) -> list[str]:
    """Capitalised words past the first, taken as names unless the headline is in Title Case."""
    cased = CASED_WORD.findall(headline)
    capitalised = [w for w in cased[1:] if w[0].isupper() and not w.isupper()]
    if len(capitalised) > 0.5 * max(len(cased) - 1, 1):
        return []
    return [w for w in capitalised if len(w) > 2 and w.lower() not in STOP_WORDS]


class TokenIndex(NamedTuple):
    """A text's tokens counted once, so that several lexicons can be looked up cheaply."""

    counts: Counter
    joined: str

    @classmethod
    def of(cls, tokens: list[str]) -> "TokenIndex":
        return cls(Counter(tokens), f" {' '.join(tokens)} ")

    def __contains__(self, phrase: str) -> bool:
        return f" {phrase} " in self.joined


def phrases(tokens: list[str] | TokenIndex, lexicon_words: frozenset[str]) -> list[str]:
    """Lexicon entries found in `tokens` (words and phrases), in text order, once each (a word
    before a phrase that starts at the same place: 'could' before 'could be')."""
    counts, joined = tokens if isinstance(tokens, TokenIndex) else TokenIndex.of(tokens)
    single, by_first_word = _lexicon_parts(lexicon_words)
    # The smaller side is looked up in the larger: a headline has fewer words than a lexicon,
    # a body more.
    if len(counts) < len(single):
        found = [word for word in counts if word in single]
    else:
        found = [word for word in single if word in counts]
    # A phrase is looked for in the text only when the text has its first word (one set
    # operation in C for the whole lexicon) and all its others; in the lexicon's order.
    firsts = by_first_word.keys() & counts.keys()
    if firsts:
        words_present = counts.keys()
        candidates = sorted(entry for first in firsts for entry in by_first_word[first])
        found += [
            entry
            for _, parts, padded, entry in candidates
            if words_present >= parts and padded in joined
        ]
    return sorted(found, key=lambda entry: joined.find(f" {entry} "))


@cache
def _lexicon_parts(lexicon_words: frozenset[str]):
    """A lexicon's single words, and its phrases by their first word, each as (its rank in the
    lexicon's sorted phrases, the set of its words, ' phrase ', phrase)."""
    single = frozenset(entry for entry in lexicon_words if " " not in entry)
    by_first_word: dict[str, list[tuple[int, frozenset[str], str, str]]] = {}
    for rank, entry in enumerate(sorted(e for e in lexicon_words if " " in e)):
        parts = entry.split(" ")
        by_first_word.setdefault(parts[0], []).append((rank, frozenset(parts), f" {entry} ", entry))
    return single, by_first_word


# Sentence ends: . ! ? (with closing quotes or brackets), then space and an opening capital,
# digit or quote; or a line break between paragraphs, list items or wire-style lines.
# Every boundary's first character is matched by one character set, and each kind then looks
# behind at it: a pattern that starts with one set lets the regex engine skip to the next
# candidate in C (three alternatives, each with its own first character, took 3x as long).
_BOUNDARY = re.compile(
    r"[.!?\n]"
    # End mark, space, capital; "<" is how Reuters wire copy opens a company's name.
    r"""(?:(?<=[.!?])["'”’)\]]*\s+(?=["'“‘(\[<]?[A-Z0-9])"""
    r"|(?<=\n)\s*\n"  # a blank line between paragraphs
    r"|(?<=\n)(?=\s*(?:[-*•]|\d+[.)])\s))"  # a list item on its own line
)
# Words after which a full stop does not end the sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt st jr sr inc ltd co corp dept univ no vs etc "
    "fig approx est jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.g i.e a.m p.m "
    "mt ft ave rev".split()
)
MIN_SENTENCE_WORDS = 4


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of each sentence in `text`, stripped of outer space.

    A full stop after an abbreviation ("Dr.", "U.S.") or a single initial ("J. Smith") does not
    end a sentence, nor one inside a figure ("2.5", "$3.2bn"), which the boundary never matches.
    """
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        # A sentence keeps its end mark; the other boundaries start at a line break.
        end = match.start() + 1 if text[match.start()] in ".!?" else match.start()
        before = text[start:end].rstrip("\"'”’)] ")
        if before.endswith("."):
            last = before.rsplit(None, 1)[-1].lower().rstrip(".")
            if last in _ABBREVIATIONS or (len(last) == 1 and "a" <= last <= "z"):
                continue
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    stripped = []
    for begin, end in spans:
        piece = text[begin:end]
        begin += len(piece) - len(piece.lstrip())
        end -= len(piece) - len(piece.rstrip())
        if end > begin:
            stripped.append((begin, end))
    return stripped


# A byte table that keeps the characters words are made of and makes every other one a space.
# A lowered text encoded to ASCII ("?" for each other character, so offsets are kept) and
# translated with it has WORD's words as its pieces between spaces, which str.split finds twice
# as fast as WORD; a piece with an apostrophe is still read by WORD ("rock'n'roll" is "rock'n",
# "roll").
_WORD_CHARACTERS_ONLY = bytes(
    byte if chr(byte) in string.ascii_lowercase + string.digits + "'" else ord(" ")
    for byte in range(256)
)


class Sentence:
    """A sentence of a body: its offsets, text, words and their stems. Made when a feature asks
    for it (the evidence's few): a body keeps only each sentence's stems and word count."""

    def __init__(self, start: int, end: int, text: str, stems: frozenset[str]):
        self.start = start
        self.end = end
        self.text = text
        self.stems = stems

    def __repr__(self) -> str:
        return f"Sentence({self.start}, {self.end}, {self.text!r})"

    @cached_property
    def tokens(self) -> tuple[str, ...]:
        """The words the body read in this sentence: `words` of its text (tested)."""
        return tuple(words(self.text))

    @cached_property
    def index(self) -> TokenIndex:
        return TokenIndex.of(list(self.tokens))


# 1 + log(count) of the counts most words have in a body, worked out once.
_LOG_COUNT_WEIGHTS = [0.0] + [1 + math.log(count) for count in range(1, 256)]


def log_count_weight(count: int) -> float:
    return _LOG_COUNT_WEIGHTS[count] if count < 256 else 1 + math.log(count)


class Body:
    """What a body says, read once: its sentences, words, stems, figures and content weights.

    Each sentence is kept as its offsets, its stems and its word count, which is all that
    choosing the evidence reads; its `Sentence` is made when asked for (`sentence`). A body of
    600 words has about 30 sentences, and an object, a dict and a tuple each fewer per sentence
    is also less for the cycle collector to go through while a batch is scored.
    """

    def __init__(self, text: str):
        self.text = text
        self.spans = sentence_spans(text)
        lowered = text.lower().replace("’", "'")
        if len(lowered) == len(text):
            # Lowercasing kept every character one character, so offsets into the text are
            # offsets into `lowered`: each sentence's words are read there, without slicing it
            # out and lowercasing it again (the same words: `words` of the slice).
            plain = lowered.encode("ascii", "replace").translate(_WORD_CHARACTERS_ONLY).decode()
            pieces = [plain[start:end] for start, end in self.spans]
            said = [WORD.findall(piece) if "'" in piece else piece.split() for piece in pieces]
        else:
            said = [words(text[start:end]) for start, end in self.spans]
        # The body's words are its sentences' words: no word spans the space between sentences.
        tokens = list(chain.from_iterable(said))
        counts = Counter(tokens)
        stem_of = stem.of_each(counts)
        self.sentence_stems = [frozenset(map(stem_of.__getitem__, sentence)) for sentence in said]
        self.sentence_word_counts = list(map(len, said))
        self._sentences: dict[int, Sentence] = {}
        self._idf_norms: tuple[dict, float, dict[int, float]] | None = None
        self.word_count = len(tokens)
        self.index = TokenIndex(counts, f" {' '.join(tokens)} ")
        self.stems = frozenset(stem_of.values())
        # Counted by stem in one pass in C over the body's own small table (a big table's
        # lookups miss the CPU's caches): a stem first appears with the first of its words,
        # so the stems come in the order of their first word, as the words' counts do.
        content_stem_of = {word: stem_of[word] for word in content_words(counts)}
        stem_counts = Counter(map(content_stem_of.get, tokens))
        stem_counts.pop(None, None)
        self.content_weights = dict(
            zip(stem_counts, map(log_count_weight, stem_counts.values()), strict=True)
        )
        self.content_norm = math.sqrt(sum([w * w for w in self.content_weights.values()]))

    def sentence(self, position: int) -> Sentence:
        """The sentence at `position` (from 0), made once."""
        if position not in self._sentences:
            start, end = self.spans[position]
            self._sentences[position] = Sentence(
                start, end, self.text[start:end], self.sentence_stems[position]
            )
        return self._sentences[position]

    def sentences_with(self, words: set[str]) -> list[Sentence]:
        """The sentences that use any of `words` (looked for by stem first: most have none)."""
        stems = {stem(word) for word in words}
        return [
            self.sentence(position)
            for position, sentence_stems in enumerate(self.sentence_stems)
            if not stems.isdisjoint(sentence_stems)
            and not words.isdisjoint(self.sentence(position).tokens)
        ]

    @property
    def sentences(self) -> list[Sentence]:
        return [self.sentence(position) for position in range(len(self.spans))]

    def idf_norm(self, position: int, idf: dict[str, float], unseen: float) -> float:
        """The norm of a sentence's stems weighted by `idf` (`unseen` for a stem it lacks),
        summed once for the last table asked: a body is read against each of its headlines (in
        FNC-1 dozens) with the same table. Summed exactly (fsum): a set's order changes with the
        hash seed, and a plain sum in that order made scores differ between processes."""
        known = self._idf_norms
        if known is None or known[0] is not idf or known[1] != unseen:
            self._idf_norms = known = (idf, unseen, {})
        norms = known[2]
        if position not in norms:
            weight = idf.get
            stems = self.sentence_stems[position]
            norms[position] = math.sqrt(math.fsum([weight(s, unseen) ** 2 for s in stems]))
        return norms[position]

    @cached_property
    def numbers(self) -> frozenset[float]:
        """Read when a feature asks (a headline that states a figure): most do not."""
        return frozenset(numbers(self.text, self.index.counts))

    @cached_property
    def percentages(self) -> frozenset[float]:
        """Read when a feature asks (a headline that states a share): most do not."""
        return frozenset(percentages(self.text, self.index.counts))

    @cached_property
    def point_changes(self) -> frozenset[float]:
        """Read when a feature asks (a headline that states a change in points)."""
        return frozenset(point_changes(self.text))

    @cached_property
    def changes(self) -> frozenset[float]:
        """Read when a feature asks (a headline that states a share): most do not."""
        return frozenset(changes(self.text))

    @property
    def is_empty(self) -> bool:
        """No full sentence: too little to judge a headline against, so it is scored alone."""
        return all(count < MIN_SENTENCE_WORDS for count in self.sentence_word_counts)
