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

from model.features import Headline, synonym_stems, unrealising
from model.lexicon import BIG_CHANGE, CHANGES, EVENT_VERBS, NOT_HEADLINE_FUTURE
from model.text import sentence_spans, stem, words


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
    "{C}, if approved by the board, a spokesman said.",
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
    "In a preprint that has not been peer reviewed, researchers reported that {c}.",
    "A study paid for by the company, and not yet published, found that {c}.",
)


def _edit_lead(
    templates: tuple[str, ...], faithful_to_any_lead: Callable[[Headline], bool] | None = None
) -> Callable[[str, str, random.Random], Pair | None]:
    """A family that edits the lead with one of `templates`; headlines that
    `faithful_to_any_lead` accepts would be faithful to the edited lead too, and are skipped."""

    def family(headline: str, body: str, rng: random.Random) -> Pair | None:
        lead, rest = lead_of(body)
        if len(lead.split()) < 6:
            return None
        if faithful_to_any_lead and faithful_to_any_lead(Headline.read(headline)):
            return None
        clause = _clause(lead)
        template = rng.choice(templates)
        edited = template.format(c=clause, C=clause[:1].upper() + clause[1:])
        return Pair(headline, edited + rest, body)

    return family


# "Japan likely to allow ..." is faithful to a hedged lead; "..., fans say" to a rumour.
_hedged_lead = _edit_lead(HEDGED_LEADS, lambda h: h.keeps_claim_open)


def hedge_added(headline: str, body: str, rng: random.Random) -> Pair | None:
    """The lead hedged: as a whole ('Officials said it was possible that ...'), or, half the
    time, at the verb with which it tells the headline's event ('approved' -> 'could approve'),
    as real stories hedge."""
    if rng.random() < 0.5 and not Headline.read(headline).keeps_claim_open:
        if (hedged := hedged_at_the_verb(headline, body, rng)) is not None:
            return Pair(headline, hedged, body)
    return _hedged_lead(headline, body, rng)


# Hedges put before a verb's base form: the verb's own claim left open, however the lead told it.
VERB_HEDGES = ("could", "may", "might", "could soon", "may yet", "might still", "could eventually")
# Before these a verb is a participle or a noun ('has closed', 'was banned', 'the ban'):
# hedging it would need the sentence rewritten.
_NOT_BEFORE_A_HEDGE = frozenset(
    "has have had having was were is are be been being will would the a an its their his her "
    "to".split()
)


def hedged_at_the_verb(headline: str, body: str, rng: random.Random) -> str | None:
    """The body with the headline's event verb hedged where the lead tells it as fact ('The
    council approved 12 routes' -> 'The council could approve 12 routes'), or None if the lead
    does not tell it as fact with a plain base, -s or past form."""
    lead, rest = lead_of(body)
    forms = _event_told(Headline.read(headline).event_verbs, set(words(lead)))
    if not forms or unrealising(lead, set(forms)) is not None:
        return None
    plain = "|".join(sorted(set(forms[:3]), key=len, reverse=True))
    for match in re.finditer(rf"(?<![\w'’-])({plain})(?![\w'’-])", lead, re.IGNORECASE):
        before = lead[: match.start()].split()[-1:]
        if before and before[0].lower().strip("\"'“‘(") not in _NOT_BEFORE_A_HEDGE:
            hedged = f"{rng.choice(VERB_HEDGES)} {forms[0]}"
            return lead[: match.start()] + hedged + lead[match.end() :] + rest
    return None


scope_added = _edit_lead(SCOPED_LEADS)
weak_source = _edit_lead(WEAK_LEADS, lambda h: h.keeps_claim_open or h.keeps_at_arms_length)

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
# Words before "to" that make it no wire future: a verb or an adjective that takes an
# infinitive ('agrees to buy', 'unable to pay', 'poised to breach') or a noun that it completes
# ('meeting to approve', 'end to'). Made into "will", they gave headlines no one writes
# ('Venezuela wants will boost its refining capacity').
_TAKES_TO = frozenset(
    """
    agree agrees agreed want wants wanted vow vows vowed ask asks asked unable able continue
    continues continued intend intends intended resolve resolves resolved poised likely
    unlikely seen see sees expect expects expected plan plans planned seek seeks aim aims aimed
    hope hopes hoped set sets decide decides decided fail fails failed refuse refuses refused
    threaten threatens threatened promise promises promised pledge pledges pledged offer offers
    offered try tries tried urge urges urged call calls called need needs needed order orders
    ordered allow allows allowed told ready willing prepared begin begins began start starts
    started opt opts opted bid bids deal deals way end add meeting effort efforts attempt
    attempts proposal proposals decision vote votes voted right power pressure approval
    permission reaction response exception threat key not first said
    """.split()
)


def modal_made_fact(headline: str, body: str, rng: random.Random) -> Pair | None:
    """A plan in the wire's future ("USX to close plant") told as a certainty ("USX will close
    plant") over a lead that only says it could happen; the counterpart body is the story's own,
    which reports the plan as decided."""
    match = _WIRE_FUTURE.search(headline)
    if not match or match.group(1).lower() in NOT_HEADLINE_FUTURE | _TAKES_TO:
        return None
    verb = match.group(2)
    lead, rest = lead_of(body)
    # The verb must be one, which the story's lead tells ('to merge' over 'agreed to merge');
    # the subject must have no verb of its own ('Ecuador suspends payments to private banks'),
    # nor a denial ('No immediate plans to close refinery').
    subject = headline[: match.start()].split()
    if (
        len(lead.split()) < 6
        or verb.endswith("ly")
        or stem(verb) not in {stem(w) for w in words(lead)}
        or any(w.islower() and w.endswith(("s", "ed", "said")) for w in subject)
        or {"no", "not", "n't"} & set(words(" ".join(subject)))
    ):
        return None
    certain = f"{headline[: match.start()]}{match.group(1)} will {headline[match.start(2) :]}"
    clause = _clause(lead)
    edited = rng.choice(HEDGED_LEADS).format(c=clause, C=clause[:1].upper() + clause[1:])
    return Pair(certain, edited + rest, body)


# 'Declined to comment' is a refusal, not a fall: made strong, it read 'tumbled to comment'.
_REFUSED = re.compile(r"\bdeclin\w*\s+(?:to\s|comment)", re.IGNORECASE)


def inflated_change(headline: str, body: str, rng: random.Random) -> Pair | None:
    """The headline's mild verb of change made strong ('Output dips' -> 'Output collapses')
    over the story, which tells the change in mild words; the counterpart body tells it with
    the same strong verb."""
    told = set(words(body))
    if told & BIG_CHANGE or _REFUSED.search(f"{headline} {body}"):
        return None
    for mild, strong in CHANGES:
        verbs = [t for t in words(headline) if t in mild]
        if verbs and told & mild.keys() and not told & strong.keys():
            swap = rng.choice(tuple(dict.fromkeys(strong.values())))
            stated = body
            for forms in dict.fromkeys(mild[t] for t in sorted(told & mild.keys())):
                stated = _replace_verb(stated, forms, swap)
            return Pair(_replace_verb(headline, mild[verbs[0]], swap), body, stated)
    return None


def unreported_event(headline: str, body: str, rng: random.Random) -> Pair | None:
    """The same headline over a body whose lead (where it is told) is gone: the story is still
    about its topic, but the event the headline reports is not in it."""
    spans = sentence_spans(body)
    if len(spans) < 4:
        return None
    rest = body[spans[2][0] :]
    return Pair(headline, rest, body)


UNREALISED_LEADS = (
    "Officials denied reports that {c}.",
    "A spokesman said it was not true that {c}.",
    "Critics had demanded that {c}.",
    "Some had hoped that {c}.",
    "Nobody could confirm that {c}.",
    "It was unclear whether {c}.",
    "Officials dismissed suggestions that {c}.",
    "Officials would not say whether {c}.",
    "There were fears that {c}, though officials played them down.",
    "Campaigners urged that {c}.",
    "Officials have ruled out claims that {c}.",
    "Rumours that {c} spread online.",
)


def unrealised_event(headline: str, body: str, rng: random.Random) -> Pair | None:
    """The headline's event told only as denied, wished for or possible: the sentence that
    reports it becomes one that says it did not happen ('Officials denied reports that ...'),
    and the story's other sentences with its verb are gone. The counterpart body has the same
    sentence and the report itself after it, so the words of the denial are on both sides."""
    read = Headline.read(headline)
    reported = _event_told(read.event_verbs, set(words(body)))
    if not read.states_as_done or not reported:
        return None
    forms = set(reported)
    sentences = [body[start:end] for start, end in sentence_spans(body)]
    with_verb = [i for i, sentence in enumerate(sentences) if forms & set(words(sentence))]
    first = sentences[with_verb[0]]
    # The report must be one: a sentence that already denies or weighs the event is no
    # counterpart ('Blair dismissed reports he would quit').
    if len(first.split()) < 6 or unrealising(first, forms) is not None:
        return None
    clause = _clause(first)
    denial = rng.choice(UNREALISED_LEADS).format(c=clause, C=clause[:1].upper() + clause[1:])
    kept = [s for i, s in enumerate(sentences) if i not in with_verb[1:]]
    place = with_verb[0]
    overstated = kept[:place] + [denial] + kept[place + 1 :]
    faithful = kept[:place] + [denial, first] + kept[place + 1 :]
    return Pair(
        headline, " ".join(s.strip() for s in overstated), " ".join(s.strip() for s in faithful)
    )


VERBS = tuple(dict.fromkeys(EVENT_VERBS.values()))  # each verb's forms, once, in a fixed order


def swapped_event(headline: str, body: str, rng: random.Random) -> Pair | None:
    """The headline's event swapped for one the story never reports ('USX closes plant' ->
    'USX sells plant') over the story as told; the counterpart body tells the same swap. The
    topic's words stay on both sides: only the event differs."""
    told = set(words(body))
    read = Headline.read(headline)
    forms = _event_told(read.event_verbs, told)
    if not forms or not set(forms) & set(read.tokens):
        return None  # nor a phrasal verb's event ('walk out' for 'strike'): no word to swap
    if not _told_as_fact(body, set(forms)):
        return None  # 'Blair dismissed reports he would quit': swapped, still no report
    # Nor another word for the swap's event ('sells' over a story of a sale).
    stems = {stem(word) for word in told}
    unreported = [v for v in VERBS if not told & set(v) and stems.isdisjoint(synonym_stems(v[0]))]
    swap = rng.choice(unreported)
    return Pair(_replace_verb(headline, forms, swap), body, _replace_verb(body, forms, swap))


def _event_told(event_verbs: list[str], told: set[str]) -> tuple[str, ...] | None:
    """The forms of the headline's first event verb that the body uses in some form."""
    for word in event_verbs:
        if told & set(EVENT_VERBS[word]):
            return EVENT_VERBS[word]
    return None


def _told_as_fact(body: str, forms: set[str]) -> bool:
    """Whether a sentence of the body uses one of `forms` without denying or weighing it."""
    sentences = [body[start:end] for start, end in sentence_spans(body)]
    return any(forms & set(words(s)) and unrealising(s, forms) is None for s in sentences)


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


def _forms(*verbs: str) -> tuple[tuple[str, ...], ...]:
    """Each verb's forms as 'base/-s/past/-ing' gives them, a particle after the slash list."""
    table = []
    for verb in verbs:
        forms, _, particle = verb.partition(" ")
        table.append(tuple(f"{form} {particle}".strip() for form in forms.split("/")))
    return tuple(table)


# Verbs that state an effect, by which way it goes: a headline that says one states a cause.
CAUSAL_VERBS = {
    "higher": _forms(
        "boost/boosts/boosted/boosting",
        "lift/lifts/lifted/lifting",
        "raise/raises/raised/raising",
        "push/pushes/pushed/pushing up",
        "drive/drives/drove/driving up",
        "fuel/fuels/fuelled/fuelling",
        "spur/spurs/spurred/spurring",
        "increase/increases/increased/increasing",
    ),
    "lower": _forms(
        "cut/cuts/cut/cutting",
        "curb/curbs/curbed/curbing",
        "slash/slashes/slashed/slashing",
        "reduce/reduces/reduced/reducing",
        "dent/dents/dented/denting",
        "weaken/weakens/weakened/weakening",
        "drag/drags/dragged/dragging down",
    ),
    "": _forms(
        "cause/causes/caused/causing",
        "trigger/triggers/triggered/triggering",
        "spark/sparks/sparked/sparking",
        "prompt/prompts/prompted/prompting",
        "lead/leads/led/leading to",
    ),
}
_CAUSES = [(direction, forms) for direction, verbs in CAUSAL_VERBS.items() for forms in verbs]
# A link in place of the cause, for each form of the verb it replaces (base, -s, past, -ing);
# the way the effect went follows it ("was linked to higher prices").
LINKS = (
    ("be linked to", "coincide with", "go hand in hand with", "be associated with", "be tied to"),
    (
        "is linked to",
        "coincides with",
        "goes hand in hand with",
        "is associated with",
        "is tied to",
    ),
    (
        "was linked to",
        "coincided with",
        "went hand in hand with",
        "was associated with",
        "was tied to",
        "was correlated with",
    ),
    ("being linked to", "coinciding with", "going hand in hand with", "being associated with"),
)
# Only a factor's effect on something is retold ('the strike cut output'). After an article or
# a possessive ('the increase'), or before a verb or a stop ('a tax cut was announced'), the
# word is a noun; after 'been' it is passive; before 'by', 'to' or 'from' it says how far a
# figure moved ('reserves increased by 19 pct'); before a possessive an agent acts ('the group
# raised its stake'). None of these states a cause.
_NOT_A_CAUSE_AFTER = frozenset("a an the this that its their his her our of be been being".split())
_NOT_A_CAUSE_BEFORE = frozenset(
    "was is were are has have had will would of in for and by to from its their his her".split()
)


def cause_as_link(headline: str, body: str, rng: random.Random) -> Pair | None:
    """A cause ('Strike cuts output') over its story with the cause told as a link ('the strike
    coincided with lower output'); the counterpart tells the same cause with another verb of the
    same effect ('the strike reduced output'). The headline's verb is missing from both bodies,
    so only the strength of the claim tells them apart. The cause is the headline's own when it
    states one; otherwise the first sentence of the story that does, as a headline."""
    told = set(words(body))
    stated = [(d, forms) for d, forms in _CAUSES if told & {f.split()[0] for f in forms}]
    for direction, forms in stated:
        if _verb_pattern(forms).search(headline):
            return _as_link(headline, body, forms, direction, rng)
    for start, end in sentence_spans(body):
        sentence = body[start:end]
        for direction, forms in stated:
            if cause := _cause_told_in(sentence, forms):
                return _as_link(cause, body, forms, direction, rng)
    return None


def _cause_told_in(sentence: str, forms: tuple[str, ...]) -> str | None:
    """The sentence's clause that states a cause with the verb ('Rising oil prices lifted
    airline shares'), up to its first comma, as a headline of 4 to 16 words."""
    clause = re.split(
        r",|;|\s+(?:said|says|according)\b", sentence.strip().rstrip("."), maxsplit=1
    )[0]
    if not 4 <= len(clause.split()) <= 16:
        return None
    if not any(map(_states_cause, _verb_pattern(forms).finditer(clause))):
        return None
    if Headline.read(clause).keeps_claim_open:
        return None  # 'would cut', 'plans to raise': a cause kept open, not stated
    return clause


def _as_link(
    headline: str, body: str, forms: tuple[str, ...], direction: str, rng: random.Random
) -> Pair | None:
    said = _verb_pattern(forms)
    synonym = rng.choice([v for v in CAUSAL_VERBS[direction] if v != forms])
    linked = _retell(body, said, forms, lambda form: _link(form, direction, rng))
    if linked == body:
        return None
    return Pair(headline, linked, _retell(body, said, forms, lambda form: synonym[form]))


def _link(form: int, direction: str, rng: random.Random) -> str:
    return f"{rng.choice(LINKS[form])} {direction}".strip()


def _verb_pattern(forms: tuple[str, ...]) -> re.Pattern:
    """Any form of a verb, with the word before it (which tells a verb from a noun)."""
    alternatives = "|".join(
        r"\s+".join(map(re.escape, form.split())) for form in sorted(set(forms), key=len)[::-1]
    )
    return re.compile(
        rf"(?<![A-Za-z'-])(?:(?P<before>[A-Za-z]+)\s+)?(?P<verb>{alternatives})(?![A-Za-z])"
        rf"(?=(?P<after>[\s,.;:]*[A-Za-z]*))",
        re.IGNORECASE,
    )


# After these a verb is in its base form ('could cut'); 'cut' after a subject is its past.
_BASE_AFTER = frozenset("to will would could can may might should must did does do not".split())


def _states_cause(match: re.Match) -> bool:
    """Whether a use of the verb (a match of `_verb_pattern`) states a cause (see above)."""
    before, after = (match.group("before") or "").lower(), match.group("after")
    return not (
        not before  # a cause has a subject: 'Spurs boss Martin Jol' opens with a name
        or before in _NOT_A_CAUSE_AFTER
        or after.strip().lower() in _NOT_A_CAUSE_BEFORE
        or after.lstrip()[:1] in (".", ",", ";", ":")
    )


def _retell(text: str, said: re.Pattern, forms: tuple[str, ...], told_as) -> str:
    """Each use of the verb that states a cause replaced by `told_as(form)`, in the case the
    text used."""

    def replace(match: re.Match) -> str:
        if not _states_cause(match):
            return match.group()
        before, verb = (match.group("before") or "").lower(), match.group("verb")
        spoken = " ".join(verb.lower().split())
        form = forms.index(spoken)
        if spoken == forms[2] and before not in _BASE_AFTER:
            form = 2  # 'cut' is also the past, unless a modal or 'to' asks for the base
        replacement = told_as(form)
        if verb[0].isupper():
            replacement = replacement.upper() if verb.isupper() else replacement.capitalize()
        return match.group()[: match.start("verb") - match.start()] + replacement

    return said.sub(replace, text)


FAMILIES: dict[str, Callable[[str, str, random.Random], Pair | None]] = {
    "hedge_added": hedge_added,
    "scope_added": scope_added,
    "weak_source": weak_source,
    "inflated_number": inflated_number,
    "inflated_change": inflated_change,
    "unreported_event": unreported_event,
}
# Built for every article they fit, besides the article's pair of FAMILIES: their headlines are
# not the article's own (a modal made a fact, an event swapped), so no two pairs share one.
EVERY_ARTICLE: dict[str, Callable[[str, str, random.Random], Pair | None]] = {
    "modal_made_fact": modal_made_fact,
    "swapped_event": swapped_event,
    "cause_as_link": cause_as_link,
    "unrealised_event": unrealised_event,
}


# Families whose pairs a cut to two sentences would spoil: the unreported event's story starts
# at its third sentence, and the report an unrealised event's faithful body keeps after the
# denial may come later than the second (cut, that body denies the event too).
WHOLE_BODIES = frozenset({"unreported_event", "unrealised_event"})


def short_source(body: str) -> str:
    """The first two sentences only: a wire brief or a press-release line is still a body."""
    spans = sentence_spans(body)
    return body[: spans[min(1, len(spans) - 1)][1]] if spans else body
