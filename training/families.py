"""Constructed pairs that teach the relation: one headline, two bodies, two labels.

Each family takes a real training article (a sober headline over its own body, which supports
it) and edits the BODY so that the same headline now says more than it: the body's lead gets a
hedge, a qualifier of scope, or a weak source; or the headline's figure is inflated and the
counterpart body is edited to state it. Because the same headline is faithful over one body and
overstated over the other, no headline word alone can predict the label: only the relation can.
Wordings are varied widely so that no fixed phrase becomes the signal.
"""

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from model.lexicon import EVENT_VERBS, NOT_HEADLINE_FUTURE
from model.text import sentence_spans, words


@dataclass(frozen=True)
class Pair:
    headline: str
    overstated_body: str  # the body the headline overstates
    faithful_body: str  # the body that supports the same headline


def lead_of(body: str) -> tuple[str, str]:
    """The body's first sentence and the rest."""
    spans = sentence_spans(body)
    if not spans:
        return "", body
    start, end = spans[0]
    return body[start:end], body[end:]


def _clause(sentence: str) -> str:
    """A sentence as a clause: no final stop, first letter lowered unless it starts a name."""
    clause = sentence.rstrip(" .!?")
    words = clause.split(" ", 1)
    if words and words[0][:1].isupper() and words[0][1:].islower() and len(words[0]) > 1:
        clause = clause[:1].lower() + clause[1:]
    return clause


HEDGED_LEADS = (
    "Officials said it was possible that {c}, but no decision had been made.",
    "{C} could happen, officials said, though nothing has been decided.",
    "Analysts said {c} might follow, but cautioned it was too early to say.",
    "It is not yet clear whether {c}.",
    "Some observers suggested {c} may come next, although plans were still under discussion.",
    "{C} is being considered, according to people familiar with the talks.",
    "There is speculation that {c}, but it has not been confirmed.",
    "If conditions allow, {c}, a spokesman said.",
)
SCOPED_LEADS = (
    "{C}, in a small study in mice.",
    "In early laboratory tests, {c}.",
    "{C} in one district, local officials said.",
    "Among a few dozen households surveyed, {c}.",
    "{C} in some parts of the region.",
    "In a pilot study of 20 patients, {c}.",
    "{C}, at least for now, in a handful of cities.",
    "In cell experiments, researchers found that {c}.",
)
WEAK_LEADS = (
    "A post on an online forum claimed that {c}.",
    "Rumours circulating on social media suggested {c}.",
    "Critics say {c}, though officials dispute it.",
    "An anonymous blogger alleged that {c}.",
    "According to an unverified video shared widely online, {c}.",
    "Users on Twitter claimed {c}; inspectors later found no evidence.",
    "A viral Facebook post alleged that {c}.",
    "Activists said {c}, a claim that could not be verified.",
)


def _edit_lead(templates: tuple[str, ...]) -> Callable[[str, str, random.Random], Pair | None]:
    def family(headline: str, body: str, rng: random.Random) -> Pair | None:
        lead, rest = lead_of(body)
        if len(lead.split()) < 6:
            return None
        clause = _clause(lead)
        template = rng.choice(templates)
        edited = template.format(c=clause, C=clause[:1].upper() + clause[1:])
        return Pair(headline, edited + rest, body)

    return family


hedge_added = _edit_lead(HEDGED_LEADS)
scope_added = _edit_lead(SCOPED_LEADS)
weak_source = _edit_lead(WEAK_LEADS)

_FIGURE = re.compile(r"(?<![\d.,])(\d+(?:\.\d+)?)(?![\d.,])")


def inflated_number(headline: str, body: str, rng: random.Random) -> Pair | None:
    """The headline's figure multiplied; its counterpart body states the larger figure too."""
    match = _FIGURE.search(headline)
    if not match or not re.search(rf"(?<![\d.,]){re.escape(match.group())}(?![\d.,])", body):
        return None
    figure = float(match.group())
    larger = f"{figure * rng.choice((2, 3, 5, 10)):g}"
    inflated = headline[: match.start()] + larger + headline[match.end() :]
    stated = re.sub(rf"(?<![\d.,]){re.escape(match.group())}(?![\d.,])", larger, body)
    return Pair(inflated, body, stated)


# The wire's future ("USX to close plant"): the headline word before "to" and the verb after it.
_WIRE_FUTURE = re.compile(r"\b([A-Za-z][\w'’.-]*) to ([a-z]+)\b")


def modal_made_fact(headline: str, body: str, rng: random.Random) -> Pair | None:
    """A plan in the wire's future ("USX to close plant") told as a certainty ("USX will close
    plant") over a lead that only says it could happen; the counterpart body is the story's own,
    which reports the plan as decided."""
    match = _WIRE_FUTURE.search(headline)
    if not match or match.group(1).lower() in NOT_HEADLINE_FUTURE:
        return None
    certain = f"{headline[: match.start()]}{match.group(1)} will {headline[match.start(2) :]}"
    lead, rest = lead_of(body)
    if len(lead.split()) < 6:
        return None
    clause = _clause(lead)
    edited = rng.choice(HEDGED_LEADS).format(c=clause, C=clause[:1].upper() + clause[1:])
    return Pair(certain, edited + rest, body)


def unreported_event(headline: str, body: str, rng: random.Random) -> Pair | None:
    """The same headline over a body whose lead (where it is told) is gone: the story is still
    about its topic, but the event the headline reports is not in it."""
    spans = sentence_spans(body)
    if len(spans) < 4:
        return None
    rest = body[spans[2][0] :]
    return Pair(headline, rest, body)


VERBS = tuple(dict.fromkeys(EVENT_VERBS.values()))  # each verb's forms, once, in a fixed order


def swapped_event(headline: str, body: str, rng: random.Random) -> Pair | None:
    """The headline's event swapped for one the story never reports ('USX closes plant' ->
    'USX sells plant') over the story as told; the counterpart body tells the same swap. The
    topic's words stay on both sides: only the event differs."""
    told = set(words(body))
    reported = [t for t in words(headline) if t in EVENT_VERBS and told & set(EVENT_VERBS[t])]
    if not reported:
        return None
    forms = EVENT_VERBS[reported[0]]
    unreported = [verb for verb in VERBS if not told & set(verb)]
    swap = rng.choice(unreported)
    return Pair(_replace_verb(headline, forms, swap), body, _replace_verb(body, forms, swap))


def _replace_verb(text: str, forms: tuple[str, ...], swap: tuple[str, ...]) -> str:
    """Every form of a verb replaced by the same form of another ('closed' -> 'sold'), cased
    as the text had it."""
    pattern = "|".join(sorted(forms, key=len, reverse=True))
    return re.sub(
        rf"(?<![A-Za-z])(?:{pattern})(?![A-Za-z])",
        lambda match: _with_form(match.group(), forms, swap),
        text,
        flags=re.IGNORECASE,
    )


def _with_form(said: str, forms: tuple[str, ...], swap: tuple[str, ...]) -> str:
    position = forms.index(said.lower())
    if position > 3:  # another spelling ('canceled', 'withdrawn'): a past or an -ing form
        position = 3 if said.lower().endswith("ing") else 2
    replacement = swap[position]
    if said.isupper() and len(said) > 1:
        return replacement.upper()
    return replacement.capitalize() if said[0].isupper() else replacement


FAMILIES: dict[str, Callable[[str, str, random.Random], Pair | None]] = {
    "hedge_added": hedge_added,
    "scope_added": scope_added,
    "weak_source": weak_source,
    "inflated_number": inflated_number,
    "unreported_event": unreported_event,
}
# Built for every article they fit, besides the article's pair of FAMILIES: their headlines are
# not the article's own (a modal made a fact, an event swapped), so no two pairs share one.
EVERY_ARTICLE: dict[str, Callable[[str, str, random.Random], Pair | None]] = {
    "modal_made_fact": modal_made_fact,
    "swapped_event": swapped_event,
}


def short_source(body: str) -> str:
    """The first two sentences only: a wire brief or a press-release line is still a body."""
    spans = sentence_spans(body)
    return body[: spans[min(1, len(spans) - 1)][1]] if spans else body
