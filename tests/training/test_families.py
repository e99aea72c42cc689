"""Each family of constructed pairs: one headline, a body it overstates and one that supports it."""

import random
import re

import pytest

from model.features import HeadlineBodyRelation
from model.lexicon import EVENT_VERBS
from model.text import sentence_spans
from training.families import (
    EVERY_ARTICLE,
    FAMILIES,
    HEDGED_LEADS,
    SCOPED_LEADS,
    WEAK_LEADS,
    Pair,
    cause_as_link,
    hedge_added,
    hedged_at_the_verb,
    inflated_change,
    inflated_number,
    lead_of,
    modal_made_fact,
    scope_added,
    short_source,
    swapped_event,
    unrealised_event,
    unreported_event,
    weak_source,
)

HEADLINE = "Council approves 12 new bus routes for the city"
BODY = (
    "The city council approved 12 new bus routes on Tuesday after a two-year review. "
    "The routes will serve outlying districts that have had no service. "
    "Transport officials said buses would start running in the spring. "
    "The plan costs 4 million dollars, paid from the transport budget."
)


def measured(pair) -> tuple[dict, dict]:
    """The relation features of a pair's overstated side and of its faithful side."""
    rows = [[pair.headline, pair.overstated_body], [pair.headline, pair.faithful_body]]
    overstated, faithful = HeadlineBodyRelation().fit(rows).measure_rows(rows)
    return overstated, faithful


@pytest.mark.parametrize("seed", range(8))
def test_lead_edits_keep_the_headline_and_weaken_only_the_lead(seed):
    rng = random.Random(seed)
    _, rest = lead_of(BODY)
    for family in (hedge_added, scope_added, weak_source):
        pair = family(HEADLINE, BODY, rng)
        assert pair.headline == HEADLINE and pair.faithful_body == BODY
        assert pair.overstated_body.endswith(rest) and pair.overstated_body != BODY
        assert re.search(r"approved? 12 new bus routes", pair.overstated_body)


def measured_over(lead_template: str) -> dict:
    """The relation features of HEADLINE over BODY with its lead told by `lead_template`."""
    clause = "the council approved 12 new bus routes"
    _, rest = lead_of(BODY)
    body = lead_template.format(c=clause, C=clause.capitalize()) + rest
    [measured] = HeadlineBodyRelation().fit([[HEADLINE, BODY]]).measure_rows([[HEADLINE, body]])
    return measured


def test_every_scoped_lead_writes_a_qualifier_the_features_recognise():
    for template in SCOPED_LEADS:
        assert measured_over(template)["scope_dropped"].value == 1, template
    assert measured_over("{C}.")["scope_dropped"].value == 0


def test_every_hedged_lead_leaves_the_headline_s_claim_open_for_the_features():
    for template in HEDGED_LEADS:
        assert measured_over(template)["evidence_hedged"].value == 1, template
    assert measured_over("{C}.")["evidence_hedged"].value == 0


def test_a_headline_that_hedges_itself_gets_no_hedged_lead():
    for headline in ("Council likely to approve new bus routes", "Will the council add routes?"):
        assert all(hedge_added(headline, BODY, random.Random(s)) is None for s in range(8))


def test_every_weak_lead_gives_the_claim_to_a_source_the_features_recognise():
    for template in WEAK_LEADS:
        assert measured_over(template)["weak_source"].value == 1, template
    assert measured_over("{C}.")["weak_source"].value == 0


def test_a_headline_that_says_whose_claim_it_is_gets_no_weak_source():
    for headline in (
        "Council may approve new bus routes",
        "Residents say council approved new bus routes",
        "Council accused of approving bus routes in secret",
    ):
        assert all(weak_source(headline, BODY, random.Random(s)) is None for s in range(8))
    assert weak_source("Officials say council approved new routes", BODY, random.Random(0))


def test_an_inflated_figure_is_overstated_unless_the_body_states_it_too():
    pair = inflated_number(HEADLINE, BODY, random.Random(0))
    assert pair.headline != HEADLINE and " 12 " not in pair.headline
    assert pair.overstated_body == BODY
    larger = pair.headline.split()[2]
    assert f"approved {larger} new bus routes" in pair.faithful_body
    assert inflated_number("Council approves bus routes", BODY, random.Random(0)) is None


def test_an_unreported_event_drops_the_sentences_that_report_it():
    pair = unreported_event(HEADLINE, BODY, random.Random(0))
    assert "approved" not in pair.overstated_body and pair.faithful_body == BODY
    assert unreported_event(HEADLINE, "One sentence only here.", random.Random(0)) is None


PLANNED_BODY = (
    "USX Corp said on Monday it would close its steel plant in Provo, Utah, next year, cutting "
    "900 jobs. The plant has lost money for three years. Union leaders said they would meet "
    "the company this week."
)


@pytest.mark.parametrize("seed", range(8))
def test_a_planned_step_told_as_certain_is_faithful_to_the_plan_not_to_a_could(seed):
    pair = modal_made_fact("USX to close Utah steel plant", PLANNED_BODY, random.Random(seed))
    assert pair.headline == "USX will close Utah steel plant"
    assert pair.faithful_body == PLANNED_BODY
    _, rest = lead_of(PLANNED_BODY)
    assert pair.overstated_body.endswith(rest) and "close its steel plant" in pair.overstated_body
    overstated, faithful = measured(pair)
    # What the family teaches: "will" against the lead's "could", and nothing over the plan.
    assert overstated["certainty_gap"].value > 0 and overstated["evidence_hedged"].value > 0
    assert faithful["certainty_gap"].value == 0 and faithful["evidence_hedged"].value == 0


def test_only_a_headline_in_the_wire_future_is_made_certain():
    for headline in ("USX closes Utah steel plant", "Exports up due to demand", "Close to a deal"):
        assert modal_made_fact(headline, PLANNED_BODY, random.Random(0)) is None
    # 'to' after a verb or a noun that takes it, after a verb of the subject's own or a denial,
    # or before a word the story does not use as its verb is no wire future: made into
    # 'will', these read 'USX wants will close Utah steel plant'.
    for headline in (
        "USX wants to close Utah steel plant",
        "USX agrees to close Utah steel plant",
        "USX sets meeting to close Utah steel plant",
        "No plans to close Utah steel plant",
        "USX plant to stay open",
        "USX converts plant to steel",
    ):
        assert modal_made_fact(headline, PLANNED_BODY, random.Random(0)) is None, headline


CLOSED_BODY = (
    "USX Corp closed its steel plant in Provo, Utah, on Monday, cutting 900 jobs. The plant "
    "had lost money for three years. Union leaders said they would meet the company this week."
)


@pytest.mark.parametrize("seed", range(8))
def test_a_swapped_event_is_reported_only_by_the_body_told_with_the_same_swap(seed):
    pair = swapped_event("USX closes Utah steel plant", CLOSED_BODY, random.Random(seed))
    swapped = pair.headline.split()[1]
    assert pair.headline == f"USX {swapped} Utah steel plant" and swapped != "closes"
    assert pair.overstated_body == CLOSED_BODY
    # The counterpart tells the swapped event in the body's own form: 'closed' -> past.
    past = EVENT_VERBS[swapped][2]
    assert pair.faithful_body == CLOSED_BODY.replace("closed", past)
    overstated, faithful = measured(pair)
    assert overstated["unreported_action"].value == 1 and faithful["unreported_action"].value == 0
    assert overstated["unreported_action"].words == (swapped.lower(),)


def test_an_event_is_never_swapped_for_one_the_body_reports_in_other_words():
    body = "Acme said it closed the Brightway plant, which it had acquired in a takeover last year."
    headline = "Acme closes Brightway plant"
    swaps = {swapped_event(headline, body, random.Random(s)).headline.split()[1] for s in range(60)}
    assert len(swaps) > 10 and not swaps & {"buys", "acquires", "shuts"}


def test_an_event_the_body_tells_only_as_planned_is_not_swapped():
    # 'would close' swapped is still a plan: no report for the swapped headline to be faithful to.
    assert swapped_event("USX closes Utah steel plant", PLANNED_BODY, random.Random(0)) is None


def test_an_event_the_body_does_not_report_cannot_be_swapped():
    assert swapped_event(HEADLINE.replace("approves", "backs"), BODY, random.Random(0)) is None


CAUSE_BODY = (
    "The strike cut output at the Ford plant by a fifth on Monday, the company said. "
    "A tax cut was also announced. Managers said the walkout could cut exports further. "
    "The union said its members would return on Friday."
)


@pytest.mark.parametrize("seed", range(8))
def test_a_cause_told_as_a_link_is_overstated_by_its_headline_and_told_as_a_cause_is_not(seed):
    pair = cause_as_link("Strike cuts output at Ford plant", CAUSE_BODY, random.Random(seed))
    assert pair.headline == "Strike cuts output at Ford plant"
    linked, caused = sentence_spans(pair.overstated_body), sentence_spans(pair.faithful_body)
    lead_linked = pair.overstated_body[slice(*linked[0])]
    lead_caused = pair.faithful_body[slice(*caused[0])]
    # The lead's verb is a link with the effect's direction, or another verb of the same effect.
    assert re.search(r"(linked to|with|tied to) lower output", lead_linked)
    assert " cut " not in lead_caused and lead_caused.endswith(
        "output at the Ford plant by a fifth on Monday, the company said."
    )
    # The noun ('a tax cut') and what the body does not retell stay as they were.
    for body in (pair.overstated_body, pair.faithful_body):
        assert "A tax cut was also announced." in body and body.endswith("return on Friday.")
    assert re.search(
        r"could (be linked to|coincide with|go hand in hand with|be associated with|be tied to)"
        r" lower exports",
        pair.overstated_body,
    )


def test_a_headline_without_the_cause_gives_way_to_the_sentence_that_states_it():
    pair = cause_as_link("Ford plant output falls in strike", CAUSE_BODY, random.Random(0))
    assert pair.headline == "The strike cut output at the Ford plant by a fifth on Monday"
    assert " cut output" not in pair.overstated_body + pair.faithful_body


def test_a_story_that_states_no_cause_is_not_made_a_link():
    # How far a figure moved, an agent's own act, a name that looks like a verb: no cause.
    moved = (
        "Reserves increased by 19 pct to 52 mln dlrs. The group raised its stake in the firm. "
        "Spurs boss Martin Jol said his team were robbed."
    )
    for headline in ("Orbit increases reserve values", "Group raises stake", "Jol fumes"):
        assert cause_as_link(headline, moved, random.Random(0)) is None


def test_families_that_cannot_apply_say_so():
    for family in (FAMILIES | EVERY_ARTICLE).values():
        assert family(HEADLINE, "Too short.", random.Random(0)) is None


def test_a_short_source_keeps_the_first_two_sentences():
    assert short_source(BODY) == BODY[: BODY.index(" Transport")]


@pytest.mark.parametrize("seed", range(8))
def test_an_unrealised_event_is_denied_on_one_side_and_reported_after_the_denial_on_the_other(
    seed,
):
    body = BODY + " Approved routes open in May."
    pair = unrealised_event(HEADLINE, body, random.Random(seed))
    assert pair.headline == HEADLINE
    denial, *rest = [pair.overstated_body[a:b] for a, b in sentence_spans(pair.overstated_body)]
    assert "approved 12 new bus routes" in denial
    # Every other sentence with the verb is gone from both sides; the report follows the
    # denial only on the faithful side, so the denial's words are on both.
    assert all("approve" not in sentence.lower() for sentence in rest)
    assert pair.faithful_body.startswith(denial + " " + BODY.split(". ")[0])
    assert pair.faithful_body.replace(BODY.split(". ")[0] + ". ", "", 1) == pair.overstated_body
    overstated, faithful = measured(pair)
    assert overstated["unrealised_event"].value == 1 and faithful["unrealised_event"].value == 0


def test_a_headline_that_keeps_its_event_open_or_plans_it_gets_no_unrealised_pair():
    for headline in ("Council may approve 12 new bus routes", "Council to approve new bus routes"):
        assert unrealised_event(headline, BODY, random.Random(0)) is None
    assert unrealised_event(HEADLINE.replace("approves", "backs"), BODY, random.Random(0)) is None


CHANGE_BODY = (
    "Factory output fell 0.4 percent in March, the statistics office said. Output had "
    "fallen in January too, while prices rose."
)


@pytest.mark.parametrize("seed", range(8))
def test_an_inflated_change_makes_the_headline_verb_strong_and_states_it_in_the_counterpart(seed):
    pair = inflated_change("Factory output dips in March", CHANGE_BODY, random.Random(seed))
    strong = pair.headline.split()[2]
    assert pair.headline == f"Factory output {strong} in March" and strong != "dips"
    assert pair.overstated_body == CHANGE_BODY
    # Every mild fall in the body is told with the strong verb; the rise is left alone.
    assert "fell" not in pair.faithful_body and "fallen" not in pair.faithful_body
    assert "prices rose" in pair.faithful_body
    overstated, faithful = measured(pair)
    assert overstated["inflated_change"].value == 1 and faithful["inflated_change"].value == 0


def test_a_change_the_body_already_tells_as_big_or_does_not_tell_is_not_inflated():
    sharply = CHANGE_BODY.replace("fell", "fell sharply")
    assert inflated_change("Factory output dips in March", sharply, random.Random(0)) is None
    assert inflated_change("Factory output rises in March", BODY, random.Random(0)) is None
    # 'Declined to comment' is no fall to make strong ('tumbled to comment').
    refused = f"{CHANGE_BODY} The company declined to comment."
    assert inflated_change("Factory output dips in March", refused, random.Random(0)) is None


@pytest.mark.parametrize("seed", range(8))
def test_a_verb_hedged_where_the_lead_tells_it_leaves_the_headline_s_own_claim_open(seed):
    body = hedged_at_the_verb(HEADLINE, BODY, random.Random(seed))
    lead, rest = lead_of(body)
    assert rest == lead_of(BODY)[1]
    assert re.search(r"^The city council (could|may|might)( \w+)? approve 12 new bus routes", lead)
    overstated, faithful = measured(Pair(HEADLINE, body, BODY))
    # What it teaches: the headline's own verb left open, and stated as done.
    assert overstated["evidence_hedged"].value == 1 and overstated["certainty_gap"].value > 0
    assert overstated["certainty_gap"].words == ("approves",)
    assert faithful["evidence_hedged"].value == 0 and faithful["certainty_gap"].value == 0


def test_a_verb_told_as_a_participle_or_not_as_fact_is_not_hedged_at_the_verb():
    for lead in (
        "Twelve new bus routes were approved by the city council on Tuesday.",
        "The city council has approved 12 new bus routes after a two-year review.",
        "The city council did not approve 12 new bus routes on Tuesday, officials said.",
    ):
        assert hedged_at_the_verb(HEADLINE, lead + " More follows.", random.Random(0)) is None
