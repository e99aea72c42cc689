"""The custom transformers: scikit-learn's estimator checks and the features an editor relies on."""

import numpy as np
import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from model.features import (
    Headline,
    HeadlineBodyRelation,
    HeadlineStyle,
    Measure,
    _effect_stems,
    causes_stated,
    years_in,
)
from model.lexicon import HEDGES
from model.pipeline import as_rows, build_headline_pipeline
from model.text import (
    CACHED_WORD_CHARS,
    Body,
    WordCache,
    changes,
    numbers,
    percentages,
    phrases,
    point_changes,
    points,
    sentence_spans,
    stem,
    words,
)

BODY = (
    "Soldiers crossed the border by accident on Tuesday and went back after warning shots, "
    "officials said. The crossing appeared to be accidental and there was no sign of a planned "
    "incursion, the military said, adding that 3 soldiers were involved in the incident."
)

# These transformers read text: scikit-learn's generic checks feed them numbers, which they read
# as text too; only the checks below cannot apply.
NOT_FOR_TEXT = {
    "check_estimators_nan_inf": "text has no NaN or inf; a float NaN is read as the word 'nan'",
}
NEEDS_TWO_COLUMNS = {
    "check_fit2d_1feature": "the relation transformer needs a headline and a body column",
}


@parametrize_with_checks(
    [HeadlineStyle(), HeadlineBodyRelation()],
    expected_failed_checks=lambda estimator: (
        NOT_FOR_TEXT | NEEDS_TWO_COLUMNS
        if isinstance(estimator, HeadlineBodyRelation)
        else NOT_FOR_TEXT
    ),
)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


def measures(headline, body=BODY, **params):
    transformer = HeadlineBodyRelation(**params).fit(np.array([[headline, body]], dtype=object))
    return transformer.measure_rows([[headline, body]])[0]


def relation(headline, body=BODY, **params):
    return {name: m.value for name, m in measures(headline, body, **params).items()}


def relation_words(headline, body=BODY):
    return {name: list(m.words) for name, m in measures(headline, body).items()}


def evidence_says(headline, body=BODY):
    return {name: list(m.against) for name, m in measures(headline, body).items()}


def test_transform_returns_one_row_per_article_in_feature_order():
    rows = np.array([["War starts now!", BODY], ["Soldiers cross border", BODY]], dtype=object)
    transformer = HeadlineBodyRelation().fit(rows)
    matrix = transformer.transform(rows)
    assert matrix.shape == (2, len(transformer.get_feature_names_out()))
    unsupported = list(transformer.get_feature_names_out()).index("unsupported_words")
    assert matrix[0, unsupported] > matrix[1, unsupported]


def test_words_the_body_never_mentions_are_named():
    found = relation_words("Is Kim Starting a War to Impress Putin?!")
    assert "war" in found["unsupported_words"]
    assert "soldiers" not in relation_words("Soldiers cross border")["unsupported_words"]
    assert relation("Soldiers cross border by accident")["unsupported_words"] == 0


def test_a_name_the_body_uses_in_the_possessive_is_named():
    body = "Rain over southern Queensland's grain belt is likely to be below average this winter."
    assert relation("Dry winter likely for Queensland grain belt", body)["unsupported_names"] == 0
    found = relation_words("Dry winter likely for Victoria grain belt", body)
    assert found["unsupported_names"] == ["Victoria"]
    farmers = "Farmers in Queensland expect a dry winter."
    assert relation("Dry winter ahead for Queensland's farmers", farmers)["unsupported_names"] == 0


def test_inflections_still_count_as_mentioned():
    assert stem("warning") == stem("warned") == stem("warns")
    assert stem("crossings") == stem("crossed") == stem("cross")
    assert relation("Officials warn of accidental crossings")["unsupported_words"] == 0
    # A possessive is the word it is of: 'Portugal's minister' mentions Portugal.
    assert stem("portugal's") == stem("portugal") and stem("company's") == stem("companies")
    assert stem("city") == stem("cities") and stem("study") == stem("studied") == stem("studying")
    assert stem("day") != stem("da") and stem("buys") == stem("buy")
    assert stem("approve") == stem("approves") == stem("approved") == stem("approving")
    assert stem("close") == stem("closes") == stem("closed") == stem("closing")
    assert stem("home") == stem("homes") and stem("house") == stem("houses")
    assert stem("tree") == stem("trees") and stem("rise") == stem("rises") == stem("rising")
    assert stem("virus") == stem("viruses") and stem("focus") == stem("focused")
    # A consonant doubled before an ending meets the base, unless the base ends so itself.
    assert stem("cutting") == stem("cuts") and stem("banned") == stem("bans") == stem("ban")
    assert stem("stopped") == stem("stops") and stem("planning") == stem("plans")
    assert stem("falling") == stem("falls") and stem("missed") == stem("miss")
    assert stem("added") == stem("adds")
    # An irregular verb's past meets its present: headlines say 'falls' where stories say 'fell'.
    assert stem("fell") == stem("falls") and stem("rose") == stem("rises")
    assert stem("told") == stem("tells") and stem("won") == stem("wins")
    assert (
        relation_words("Exports fall in March", "Exports fell in March.")["unsupported_words"] == []
    )
    minister = "Portugal’s transport minister said the rail operator would be reviewed."
    assert relation_words("Portugal sells rail operator", minister)["unsupported_words"] == [
        "sells"
    ]


def test_wire_abbreviations_count_as_the_words_they_stand_for():
    assert stem("div") == stem("dividend") and stem("qtly") == stem("quarterly")
    brief = "Qtly div 27 cts vs 27 cts prior qtr. Pay April 1, record March 16."
    told = relation("Washington National votes quarterly dividend", brief)
    assert told["shares_nothing"] == 0


def test_hedged_evidence_under_an_assertive_headline_is_a_gap():
    body = (
        "Central bank officials said a rise in interest rates next month was possible, but no "
        "decision had been made. Two members said they could support a rise."
    )
    assert relation("Central bank will raise rates next month", body)["evidence_hedged"] > 0
    gap = measures("Central bank will raise rates next month", body)["certainty_gap"]
    assert gap.words == ("will raise",) and "no decision had" in gap.against
    assert relation("Central bank may raise rates next month", body)["evidence_hedged"] == 0


def test_an_event_reported_as_done_over_evidence_that_keeps_it_open_is_a_certainty_gap():
    body = (
        "The city council is considering a ban on private cars in the old town, the mayor's "
        "office said. A consultation runs until March and no decision has been made."
    )
    gap = measures("Council bans private cars in old town", body)["certainty_gap"]
    assert gap.value > 0 and gap.words == ("bans",) and "considering a" in gap.against
    assert relation("Council may ban private cars in old town", body)["certainty_gap"] == 0
    decided = "The city council banned private cars from the old town on Tuesday."
    assert relation("Council bans private cars in old town", decided)["certainty_gap"] == 0


def test_a_word_the_evidence_leaves_open_stated_by_the_headline_is_a_certainty_gap():
    body = (
        "Health officials said a measles outbreak in the capital could spread to nearby towns "
        "if vaccination rates did not rise. Twelve cases have been confirmed so far."
    )
    gap = measures("Measles outbreak spreads to towns near capital", body)["certainty_gap"]
    assert gap.words == ("spreads",) and gap.against == ("could spread",)
    # The very word the evidence leaves open: the full gap, where one word of certainty
    # ('will') over a hedge about the matter is half of it.
    assert gap.value == 1
    assert relation("Measles outbreak will reach towns near capital", body)["certainty_gap"] == 0.5
    # The same word after 'might be', and none when the headline keeps it open or the body
    # tells it as done elsewhere.
    mine = "Output might be cut next quarter, the mine's operator said. It has not decided."
    assert measures("Mine cuts output over acid shortage", mine)["certainty_gap"].value > 0
    hedged = "Measles outbreak could spread to towns near capital"
    assert relation(hedged, body)["certainty_gap"] == 0
    told = body + " The outbreak spread to two towns on Friday, officials later said."
    assert relation("Measles outbreak spreads to towns near capital", told)["certainty_gap"] == 0
    # A verb left open two steps on ('could start to fall'), or by a plan still weighed
    # ('considering cutting').
    rates = "Interest rates could start to fall next year if inflation eases, the economist said."
    assert measures("Interest rates will fall next year", rates)["certainty_gap"].value == 1
    rail = "The rail operator said it was considering cutting late services on the coastal line."
    gap = measures("Rail operator cuts late services on coastal line", rail)["certainty_gap"]
    assert gap.value == 1 and gap.words == ("cuts",)
    # What a noun's hedge leaves open is a noun: 'a possible takeover' is no takeover stated.
    talks = "Talks over a possible takeover of the club by a US group were continuing."
    assert relation("Club confirms takeover talks continue", talks)["certainty_gap"] <= 0.5
    assert "takeover" not in measures("Club in takeover talks", talks)["certainty_gap"].words


def test_a_body_that_says_nothing_is_decided_makes_the_whole_certainty_gap():
    visas = (
        "The government may raise the salary threshold for skilled worker visas next year. "
        "Officials are reviewing submissions, and no decision has been made."
    )
    told = measures("Government to require higher salaries for visas", visas)["certainty_gap"]
    assert told.value == 1 and "no decision" in told.against
    # A decision still to come says the same.
    later = visas.replace("no decision has been made", "the cabinet will decide in May")
    assert relation("Government to require higher salaries for visas", later)["certainty_gap"] == 1
    # Without it, a plan over 'may' is half a gap.
    open_only = visas.replace(", and no decision has been made", "")
    assert (
        relation("Government to require higher salaries for visas", open_only)["certainty_gap"]
        == 0.5
    )


def test_a_plan_the_headline_reports_over_a_body_that_says_it_could_happen_is_a_certainty_gap():
    body = "A free shingles vaccine could be offered to everyone over 60 from next autumn."
    gap = measures("Free shingles jab to be offered to over-60s", body)["certainty_gap"]
    assert gap.words == ("to be offered",) and gap.against == ("could be",)
    # A hedged headline states no plan, and 'to' before a word that is no verb reports none.
    hedged = "Advisers say free shingles jab could be offered to over-60s"
    assert relation(hedged, body)["certainty_gap"] == 0
    assert Headline.read("Jab offered to over-60s").plan == ""
    assert Headline.read("Bank to keep rates on hold").plan == "to keep"
    # A 'to' after the headline's own verb says what for: the event is told as done.
    assert Headline.read("Council shuts two libraries to save money").plan == ""
    assert Headline.read("Council shuts two libraries to save money").states_as_done
    # A plan over a plan is faithful: 'plans to' is no 'could' for a headline in the future.
    planned = "The health ministry plans to offer a free shingles vaccine to everyone over 60."
    assert relation("Free shingles jab to be offered to over-60s", planned)["certainty_gap"] == 0


def test_a_strong_verb_of_change_over_a_body_that_tells_the_change_mildly_is_inflated():
    body = "Factory output fell 0.4 percent in March, the statistics office said."
    told = measures("Factory output collapses in March", body)["inflated_change"]
    assert told.value == 1 and told.words == ("collapses",) and told.against == ("fell",)
    assert relation("Factory output dips in March", body)["inflated_change"] == 0
    # A body that tells the change as big, or another change, does not make it inflated.
    sharply = body.replace("fell", "fell sharply, by 9 percent,")
    assert relation("Factory output collapses in March", sharply)["inflated_change"] == 0
    assert relation("Factory output soars in March", body)["inflated_change"] == 0
    # A mild verb made big is a strong one: 'falls sharply'; not one made small.
    made_big = measures("Factory output falls sharply in March", body)["inflated_change"]
    assert made_big.words == ("falls", "sharply") and made_big.against == ("fell",)
    assert relation("Factory output falls slightly in March", body)["inflated_change"] == 0
    assert relation("Factory output falls sharply in March", sharply)["inflated_change"] == 0
    # Sales that 'boom' over a rise of 4 percent.
    rose = "Sales of electric cars rose by 4 percent in October, an industry body said."
    assert relation("Electric car sales boom in October", rose)["inflated_change"] == 1


def test_a_decision_still_to_be_weighed_leaves_the_claim_open():
    for body in (
        "The transport authority said it was looking at whether to bring in a congestion "
        "charge for the city centre, and would publish options in the spring.",
        "The club's board said a consortium interested in buying the club had approached it.",
    ):
        headline = (
            "City centre to get congestion charge"
            if "charge" in body
            else "Consortium to buy the club"
        )
        assert relation(headline, body)["certainty_gap"] > 0
        assert relation(headline, body)["evidence_hedged"] == 1
    # A headline that reports the review, the consultation or the decision keeps it open.
    review = (
        "The transport secretary said the government would review whether to extend the line "
        "to Manchester."
    )
    for headline in (
        "Government to review extending line to Manchester",
        "Government to decide whether to extend line to Manchester",
        "Council to consult on extending line to Manchester",
    ):
        assert Headline.read(headline).keeps_claim_open
        assert relation(headline, review)["certainty_gap"] == 0
    assert relation("Government extends line to Manchester", review)["certainty_gap"] == 1


def test_an_event_verb_the_body_never_uses_in_any_form_is_an_unreported_event():
    # Soldiers crossed and went back: nobody declared anything, invaded or shot.
    declared = measures("North Korea declares war and invades the South")
    assert declared["unreported_action"].value == 1
    assert declared["unreported_action"].words == ("declares", "invades")
    assert relation("Soldiers shoot across the border")["unreported_action"] == 1
    # Any form of the verb reports the event: 'declares' over 'declared'.
    declared_body = BODY + " The North declared it an accident."
    reported = relation("North Korea declares border crossing an accident", declared_body)
    assert reported["unreported_action"] == 0
    assert relation("Soldiers cross border by accident")["unreported_action"] == 0
    # So does another word for the same event, verb or noun: 'buys' over 'acquired'.
    deal = "Acme Corp said it had acquired Brightway for 40 mln dlrs. The purchase closes in May."
    assert relation("Acme buys Brightway", deal)["unreported_action"] == 0
    assert relation("Acme sells Brightway", deal)["unreported_action"] == 1
    assert relation("Bank cuts rates", "The bank lowered its main rate.")["unreported_action"] == 0
    talks = "The airline said it had started talks with unions about cabin crew rosters."
    assert relation("Airline opens talks with unions", talks)["unreported_action"] == 0
    assert (
        relation("Reading scheme lifts scores", "Pupils improved scores.")["unreported_action"] == 0
    )
    # Half of a compound modifier is no verb: 'Quit-smoking app' reports nobody quitting.
    smokers = "A smartphone app helped 58 percent of users stay off cigarettes for six months."
    assert (
        relation("Quit-smoking app helps users stay off cigarettes", smokers)["unreported_action"]
        == 0
    )
    assert relation("Smokers quit after using app", smokers)["unreported_action"] == 1
    # Staff laid off are sacked, as are redundancies; a tax introduced is one launched.
    costs = "The studio's chief told staff it would have to reduce costs if the game sold poorly."
    assert measures("Studio lays off staff", costs)["unreported_action"].words == ("lays off",)
    redundancies = "The studio announced 40 redundancies on Monday."
    assert relation("Studio lays off 40 staff", redundancies)["unreported_action"] == 0
    assert relation("Studio sacks 40 staff", redundancies)["unreported_action"] == 0
    options = "The minister asked officials to draw up options for a tax on sugary snacks."
    assert relation("Government introduces sugar tax", options)["unreported_action"] == 1
    launched = "The minister launched a tax on sugary snacks."
    assert relation("Government introduces sugar tax", launched)["unreported_action"] == 0
    control = "The government is studying whether to bring the rail operator under state control."
    assert relation("Portugal nationalises rail operator", control)["unreported_action"] == 1
    # A headline that keeps its claim open does not say the event happened.
    assert relation("North Korea may declare war on the South")["unreported_action"] == 0
    assert relation("Studio warns of cost cuts if game disappoints")["unreported_action"] == 0


SACKING_BODY = (
    "Fans chanted for manager Tom Reilly to be sacked during Saturday's home defeat, the "
    "club's fifth loss in a row. Reilly said after the match that he would not resign."
)


@pytest.mark.parametrize(
    "headline, body, verb, said",
    [
        (
            "Ashford sack manager Tom Reilly after defeat",
            SACKING_BODY,
            "sack",
            "chanted for ... sacked",
        ),
        (
            "SkyLink files for bankruptcy protection",
            "SkyLink reported a loss. Filing for bankruptcy protection was not being considered.",
            "files",
            "filing for bankruptcy protection was not",
        ),
        (
            "Officials evacuate riverside homes",
            "Officials said they had no plans to evacuate the riverside homes as the river fell.",
            "evacuate",
            "no plans to evacuate",
        ),
        (
            # 'The cuts' names the plan: it neither reports nor denies that jobs were cut.
            "Orbix cuts 800 jobs in Europe",
            "Orbix plans to cut about 800 jobs in Europe. The cuts are subject to consultation.",
            "cuts",
            "plans to cut",
        ),
        (
            "Greens quit the coalition over pension bill",
            "The Greens said they could quit the coalition if the pension bill passed.",
            "quit",
            "could quit",
        ),
    ],
)
def test_an_event_the_body_names_only_as_denied_wished_or_possible_is_unrealised(
    headline, body, verb, said
):
    told = measures(headline, body)["unrealised_event"]
    assert told.value == 1 and told.words == (verb,) and told.against == (said,)


def test_an_event_the_body_tells_only_under_a_denial_of_any_is_unrealised():
    body = (
        "The airline said it had started talks with unions about changes to rosters. A union "
        "spokesman said members had not been consulted on any cuts to pay."
    )
    told = measures("Airline cuts cabin crew pay", body)["unrealised_event"]
    assert told.value == 1 and told.against == ("not been consulted on any cuts",)
    # 'Any' without a denial names the cuts, neither reporting nor denying them.
    named = "Any cuts to pay will be discussed with the unions. The airline cut pay in May."
    assert relation("Airline cuts cabin crew pay", named)["unrealised_event"] == 0


def test_an_event_whose_other_words_the_body_denies_is_unrealised():
    talks = (
        "The owners said they had received offers for the club and were considering them, "
        "but that no agreement had been reached."
    )
    told = measures("Club owners agree sale of the club", talks)["unrealised_event"]
    assert told.value == 1 and told.words == ("agree",) and told.against == ("no agreement",)
    # Told as fact in its other words, or named ('the agreement'), the event is not denied.
    reached = "The owners said an agreement had been reached after talks that did not end."
    assert relation("Club owners agree sale of the club", reached)["unrealised_event"] == 0
    named = "The agreement was signed in Paris after talks that did not end until dawn."
    assert relation("Both sides agree ceasefire", named)["unrealised_event"] == 0
    # What follows such a word is about something else: 'started' opens the talks.
    talks = "The airline said it had started talks with unions about possible changes to rosters."
    assert relation("Airline opens talks with unions", talks)["unrealised_event"] == 0
    # The verb's own uses, where the body has them, tell it: its other words, used loosely
    # ('lower profits'), do not hide a denial of the verb.
    denied = "The firm said it would not cut jobs this year. It reported lower profits."
    assert relation("Firm cuts jobs", denied)["unrealised_event"] == 1


def test_an_eruption_a_job_cut_and_an_approval_still_needed_are_unrealised_events():
    volcano = "Scientists raised the alert level but said there were no signs of an eruption."
    assert relation("Volcano erupts after uplift", volcano)["unrealised_event"] == 1
    assert relation("Alert level raised for volcano", volcano)["unrealised_event"] == 0
    jobs = "The firm may cut up to 300 jobs, but no final decision has been taken."
    assert relation("Firm eliminates 300 jobs", jobs)["unrealised_event"] == 1
    coal = "The ministry may postpone the retirement of two coal plants, pending a review."
    assert relation("Ministry postpones retirement of coal plants", coal)["unrealised_event"] == 1
    merger = "The merger of the two banks requires approval from the competition regulator."
    assert relation("Regulator approves bank merger", merger)["unrealised_event"] == 1
    approved = "The competition regulator approved the merger of the two banks on Monday."
    assert relation("Regulator approves bank merger", approved)["unrealised_event"] == 0


def test_a_thing_a_cue_just_before_tells_is_unrealised():
    divided = "Economists were divided over whether the bank would opt for a cut."
    told = measures("Central bank cuts rates", divided)["unrealised_event"]
    assert told.value == 1 and told.against == ("would opt for a cut",)
    # A cue further off is about something else: nobody was hurt; the bomb went off.
    bomb = "Police said no one was hurt when a bomb exploded outside the market."
    assert relation("Militants bomb market", bomb)["unrealised_event"] == 0


def test_advisers_who_recommend_an_event_have_not_made_it_happen():
    advised = "A panel voted on Tuesday to recommend approval of the drug. The regulator decides."
    told = measures("Regulator approves migraine drug", advised)["unrealised_event"]
    assert told.value == 1 and told.against == ("recommend approval",)


def test_an_event_told_with_a_phrasal_verb_is_reported_and_one_denied_is_unrealised():
    ballot = (
        "Dock workers voted to reject the pay offer, their union said. It did not rule out "
        "industrial action, but no ballot on strikes has been called."
    )
    told = measures("Dock workers go on strike over pay", ballot)["unrealised_event"]
    assert told.value == 1 and told.words == ("go on strike",)
    walked = "Dock workers walked out on Monday after rejecting the pay offer."
    for headline in ("Dock workers go on strike over pay", "Dock workers walk out over pay"):
        assert relation(headline, walked)["unrealised_event"] == 0
        assert relation(headline, walked)["unreported_action"] == 0
    elsewhere = "The port's owner reported higher profits. Pay talks resume next week."
    assert measures("Dock workers walk out over pay", elsewhere)["unreported_action"].words == (
        "walk out",
    )
    # A chief who 'stepped down' resigned; one who 'will step down next year' has not yet.
    assert (
        relation("Chief executive resigns", "The chief executive stepped down.")[
            "unreported_action"
        ]
        == 0
    )


def test_an_event_the_body_reports_once_as_fact_is_not_unrealised():
    reported = SACKING_BODY + " On Sunday it was the board that sacked Reilly."
    assert (
        relation("Ashford sack manager Tom Reilly after defeat", reported)["unrealised_event"] == 0
    )
    # A headline that keeps the event open or reports a plan does not state it.
    for headline in ("Ashford may sack manager Tom Reilly", "Ashford to sack manager Tom Reilly"):
        assert relation(headline, SACKING_BODY)["unrealised_event"] == 0
    # A body that never uses the verb is unreported_action's case, not this one.
    assert relation("Ashford sack manager Tom Reilly", "Ashford lost 3-0.")["unrealised_event"] == 0
    # 'May 20' is a month and 'May Department Stores' a name, not a modal.
    told = "On May 20 the council banned private cars from the old town."
    assert relation("Council bans private cars", told)["unrealised_event"] == 0
    bought = "Federated agreed to buy rival May Department Stores for 11 billion dollars."
    assert relation("Macy's owner buys rival May", bought)["unrealised_event"] == 0
    # A headline that says whose claim it is does not state the event.
    denied = "The former chief executive said he had not been charged with any crime."
    assert relation("Ex-chief denies being charged with fraud", denied)["unrealised_event"] == 0
    assert relation("Ex-chief charged with fraud", denied)["unrealised_event"] == 1
    # A headline's event word used as a noun ('over benefit cuts') states no event.
    threat = "The opposition said it would table a motion if ministers pressed ahead with cuts."
    assert relation("Opposition threatens vote over benefit cuts", threat)["unrealised_event"] == 0
    assert relation("Ministers cut benefits", threat)["unrealised_event"] == 1


@pytest.mark.parametrize(
    "headline, verbs",
    [
        ("Government cuts benefits", ["cuts"]),
        ("Row over benefit cuts", []),
        ("Vote on cuts delayed", []),
        ("The sacking of the manager", []),
        ("Bank to cut rates", ["cut"]),
        ("Man in Leeds wins lottery", ["wins"]),
        # An event the headline says did not happen, or a reaction, is no event it states.
        ("Man released without charge", []),
        ("Tax has not cut obesity", []),
        # To reach a deal is to agree one.
        ("Union and rail operator reach pay deal", ["agree"]),
        ("Shares reach record high", []),
        ("Tax hasn't cut obesity", []),
        ("Tax failed to cut obesity", []),
        ("Man charged after fire", ["charged"]),
        ("No ban on diesel cars", []),
        ("Engineers raise concerns about pier", []),
        ("Bank raises rates", ["raises"]),
        # A phrasal verb stands for its event's verb.
        ("Dock workers walk out over pay", ["strike"]),
        ("Nurses go on strike", ["strike"]),
        ("Chief executive steps down", ["resigns"]),
        ("Talks on strike delayed", []),
        ("Walk-out threat over pay", []),
        # What a verb of wishing wishes for is a thing, not yet an event.
        ("Committee recommends congestion charge", []),
        ("Union backs strike over pay", []),
        ("Police charge man over fire", ["charge"]),
        # The first word is the headline's subject.
        ("Storm leaves homes without power", []),
        ("Strike halts rail services", ["halts"]),
        ("Police storm building", ["storm"]),
    ],
)
def test_a_headlines_event_verbs_are_its_verbs_not_its_nouns(headline, verbs):
    assert Headline.read(headline).event_verbs == verbs


COFFEE_BODY = (
    "Coffee drinkers had lower rates of liver disease over ten years, a study of 9,000 adults "
    "found. The authors said the study could not show that coffee itself was the reason."
)


def test_a_cause_over_a_sentence_that_reports_only_a_link_is_a_cause_from_a_link():
    told = measures("Drinking coffee protects your liver from disease", COFFEE_BODY)
    assert told["cause_from_link"].value == 1
    assert told["cause_from_link"].words == ("protects",)
    assert told["cause_from_link"].against == ("had lower", "not show")
    # The link told as a link, the cause hedged or denied, or a body that states the cause too.
    assert (
        relation("Coffee drinkers had lower rates of liver disease", COFFEE_BODY)["cause_from_link"]
        == 0
    )
    assert relation("Coffee may protect your liver", COFFEE_BODY)["cause_from_link"] == 0
    assert relation("Coffee does not protect your liver", COFFEE_BODY)["cause_from_link"] == 0
    caused = COFFEE_BODY.replace("had lower rates of", "were protected from")
    assert relation("Drinking coffee protects your liver", caused)["cause_from_link"] == 0


def test_groups_compared_by_how_much_are_a_link_and_a_trials_comparison_shows_a_cause():
    schools = (
        "Pupils at schools that moved to a four-day week scored slightly higher in maths than "
        "pupils at other schools, an analysis found."
    )
    told = measures("Four-day week improves maths results", schools)
    assert told["cause_from_link"].value == 1
    assert told["cause_from_link"].against == ("scored slightly higher",)
    # The same comparison against a trial's control group is how a cause is shown ...
    trial = (
        "Residents who took a balance class had fewer falls than those who did not, according "
        "to a trial of 180 care-home residents."
    )
    assert relation("Balance classes cut falls in care homes", trial)["cause_from_link"] == 0
    placebo = "Children given vitamin D had fewer asthma attacks than those given a placebo."
    assert relation("Vitamin D cuts asthma attacks", placebo)["cause_from_link"] == 0
    # ... but not a trial only wished for or under way.
    wished = COFFEE_BODY + " They said the link was worth testing in a trial."
    assert relation("Drinking coffee protects your liver", wished)["cause_from_link"] == 1


def test_only_a_cause_stated_about_the_headlines_effect_supports_it():
    towns = (
        "Towns that installed more street lighting saw fewer burglaries than towns that did "
        "not, a Home Office comparison of 40 towns found. The report noted that many of the "
        "towns had also increased police patrols."
    )
    # "Increased police patrols" is a cause, of something else than burglaries; the
    # attribution after the comma is no part of the effect ("report" is in both).
    told = measures("Street lighting cuts burglaries, Home Office report finds", towns)
    assert told["cause_from_link"].value == 1
    assert told["cause_from_link"].against == ("saw fewer",)
    stated = towns.replace("saw fewer burglaries than", "cut burglaries compared with")
    assert relation("Street lighting cuts burglaries, report finds", stated)["cause_from_link"] == 0
    # The effect follows the causal word, not a word that ends with it ('haircuts').
    assert _effect_stems("Haircuts fall as lighting cuts burglaries", "cuts") == {
        stem("burglaries")
    }


def test_words_that_say_what_a_claim_is_about_do_not_hedge_a_headline():
    # "risk", "in mice", "limited": what the claim is about or how big, not a claim left open.
    assert relation("Coffee cuts liver disease risk", COFFEE_BODY)["cause_from_link"] == 1
    assert relation("Coffee may cut liver disease risk", COFFEE_BODY)["cause_from_link"] == 0
    could = "The drug could shrink tumours in mice, researchers said, but tests are not finished."
    assert relation("Drug shrinks tumours in mice", could)["evidence_hedged"] == 1
    assert relation("Drug may shrink tumours in mice", could)["evidence_hedged"] == 0


def test_a_cause_is_stated_by_a_verb_not_by_the_wording_of_a_link_or_a_noun():
    assert causes_stated("Night shifts raise the risk of diabetes") == ["raise"]
    assert causes_stated("Night shifts linked to increased risk of diabetes") == []
    assert causes_stated("The increase came as prices rose") == []
    assert causes_stated("The rule is effective immediately") == []


def test_figures_are_read_with_their_scale_and_ordinals_dates_and_times_are_none():
    def figures(text):
        return numbers(text, words(text))

    assert figures("Trinity Industries 2nd qtr Sept 30") == set()
    assert figures("Sugar closes at 1730 gmt, 7 April, 10:30 am") == set()
    assert figures("300 soldiers cross border on May 3") == {300.0}
    assert figures("Two hundred people rescued, net 4.5 mln, a 1.2bn deal") == {200, 4.5e6, 1.2e9}
    # A rough count is read whole, as at least ten or a hundred times its plural.
    assert figures("Tens of thousands march; hundreds of millions spent") == {20_000, 2e8}
    assert figures("Hundreds of people and thousands more") == {200, 2_000}
    march = "About 1,200 people joined the march, police said. Organisers said 2,000."
    assert relation("Tens of thousands join march", march)["inflated_number"] == 1
    assert relation("About 1,200 join march", march)["inflated_number"] == 0
    assert (
        relation(
            "Two hundred rescued from ferry",
            "About 200 people were rescued from a ferry that sank off the coast.",
        )["unsupported_numbers"]
        == 0
    )
    brief = "Shr 12 cts vs 10 cts. Net 4.2 mln vs 3.1 mln."
    assert relation("Oxford Industries 3rd qtr Feb 27", brief)["inflated_number"] == 0


def test_numbers_missing_or_larger_than_the_body():
    assert relation("3 soldiers cross border")["unsupported_numbers"] == 0
    inflated = relation("300 soldiers cross border")
    assert inflated["unsupported_numbers"] > 0 and inflated["inflated_number"] == 1


def test_a_headline_figure_is_compared_with_the_body_s_figure_for_what_it_counts():
    body = (
        "The supermarket chain, which employs about 48,000 people, said it would cut 120 jobs "
        "at its head office."
    )
    told = measures("Supermarket chain to cut thousands of jobs", body)["inflated_number"]
    assert told == Measure.of(1, ["2000"], ["120"])
    assert relation("Supermarket chain to cut 120 jobs", body)["inflated_number"] == 0
    # Where the body gives no figure for what it counts, every figure of the evidence counts.
    assert relation("Supermarket chain to cut thousands of staff", body)["inflated_number"] == 0


def test_a_year_is_a_figure_written_as_one_not_every_number_that_equals_one():
    # 'Thousands' is 2,000 and '2,000 people' a count; '2024' is a year.
    assert years_in("Thousands march in 2024, as 2,000 did in 1999.") == {2024.0, 1999.0}
    march = "About 150 people joined the march in 2019, police said."
    assert relation("Thousands join march", march)["inflated_number"] == 1
    assert relation("Big march held in 2020", march)["inflated_number"] == 0


@pytest.mark.parametrize(
    "text, shares",
    [
        ("Sales fall by a quarter", {25.0}),
        ("Two thirds of voters and three quarters of members agree", {66.7, 75.0}),
        ("Output fell by half; costs were cut by a fifth", {50.0, 20.0}),
        ("Rents doubled as wages rose 4 percent", {100.0, 4.0}),
        # Periods and places in order are no shares.
        ("Sales fell 3 percent in the first half and the third quarter", {3.0}),
        ("Half-year profit rose for a fifth consecutive month", set()),
        ("A third-quarter loss, a second half rebound", set()),
        # "Most" of a group is more than half; the superlative is no share.
        ("Most employers plan job cuts", {50.0}),
        ("Majority of voters back the plan", {50.0}),
        ("The most serious crash in years; most famous actors stay away", set()),
    ],
)
def test_a_share_is_a_fraction_of_something_not_a_period(text, shares):
    assert percentages(text, words(text)) == shares


def test_a_share_over_a_body_s_first_half_is_compared_with_its_shares():
    body = "The carmaker said its sales in Europe fell 3 percent in the first half of the year."
    told = measures("Carmaker's European sales fall by a quarter", body)["inflated_number"]
    assert told == Measure.of(1, ["25%"], ["3%"])


def test_a_bodys_figures_are_read_only_for_a_headline_with_figures():
    transformer = HeadlineBodyRelation().fit(np.array([["h", BODY]], dtype=object))
    body = Body(BODY)
    transformer.measure_rows([["Soldiers cross border", body]])
    assert "numbers" not in vars(body)
    inflated = transformer.measure_rows([["300 soldiers cross border", body]])[0]
    assert inflated["inflated_number"] == Measure.of(1, ["300"], ["3"])


def test_cause_scope_and_intensity_the_body_does_not_state():
    assert relation_words("Accident triggers war")["causal_words"] == ["triggers"]
    assert relation_words("Every soldier crossed")["sweeping_words"] == ["every"]
    assert relation_words("Shocking invasion")["unsupported_intensity"] == ["shocking", "invasion"]


def test_refuting_body_is_detected():
    body = "Officials denied the report, calling it a hoax. " * 5
    assert relation("Aliens land in town", body)["body_refutes"] > 0


@pytest.mark.parametrize(
    "text",
    [
        "Soldiers crossed the line. They returned at once! Officials said it's over.",
        # Lowercasing that changes the length ('İ' is two characters lowercased), curly quotes.
        "İSTANBUL’S mayor spoke. “It’s İzmir’s turn,” he said.\n\nThe KELVIN sign: \u212a.",
        # Apostrophes inside, around and between words; a length-keeping Kelvin sign, pound
        # signs, dashes and a lone surrogate.
        "Rock'n'roll isn't 'dead', the 90's fans' said. O'Neill's x''y 'a end'.\n\n'",
        "Café’s “menu” costs £3—or \u212aelvin’s 4½. Why\ud800not? 東京 ２０ ok.",
    ],
)
def test_a_bodys_sentences_have_the_words_of_their_own_text(text):
    body = Body(text)
    assert [s.tokens for s in body.sentences] == [tuple(words(s.text)) for s in body.sentences]
    assert body.percentages == frozenset()


def test_a_body_read_once_matches_each_headline_and_model_as_a_fresh_body_does():
    """A sentence remembers its IDF norm for one table: a body shared by several headlines and
    by two models fitted on different bodies matches each as if it were read afresh."""
    other = "Officials said the border was calm. Soldiers patrolled it on Tuesday, as every week."
    corpora = [[BODY, other], [BODY, other, "The military said nothing.", "Officials crossed."]]
    models = [
        HeadlineBodyRelation().fit(np.array([["h", b] for b in c], dtype=object)) for c in corpora
    ]
    headlines = ["Soldiers cross border", "Officials warn of incursion", "Military says 3 involved"]
    shared = Body(BODY)
    for model in [*models, models[0]]:
        for headline in headlines:
            assert model.measure_rows([[headline, shared]]) == model.measure_rows(
                [[headline, BODY]]
            )
    evidence = [m.measure_rows([[headlines[0], shared]])[0]["evidence_match"] for m in models]
    assert evidence[0] != evidence[1]  # the two tables do match the body differently


def test_sentences_end_at_marks_blank_lines_and_list_items_not_after_abbreviations():
    text = (
        'Dr. J. Smith met U.S. officials at 2.5 p.m. on Tuesday. "It went well!" he said. '
        "Why? nobody knows. Then 3 left (briefly.) “Fine.” ‘Yes.’\n\n  A new paragraph  \n"
        "- a list item\n2) another one\nand a wire line\nthat runs on.  "
    )
    assert [text[start:end] for start, end in sentence_spans(text)] == [
        "Dr. J. Smith met U.S. officials at 2.5 p.m. on Tuesday.",
        '"It went well!" he said.',
        "Why? nobody knows.",
        "Then 3 left (briefly.",
        "“Fine.",
        "‘Yes.",
        "A new paragraph",
        "- a list item",
        "2) another one\nand a wire line\nthat runs on.",
    ]
    wire = "Shares rose 2 pct. <Exco International Plc> said it agreed to buy a broker."
    assert [wire[start:end] for start, end in sentence_spans(wire)] == [
        "Shares rose 2 pct.",
        "<Exco International Plc> said it agreed to buy a broker.",
    ]


def test_word_caches_stay_bounded_and_give_what_the_function_gives():
    calls = []
    cache = WordCache(lambda word: calls.append(word) or word.upper(), entries=3)
    long_word = "x" * (CACHED_WORD_CHARS + 1)
    assert cache.many(["a", "b", "a", long_word, long_word]) == [
        "A",
        "B",
        "A",
        *[long_word.upper()] * 2,
    ]
    assert calls == ["a", "b", long_word, long_word]  # a long word is worked out each time
    for word in "cdefg":
        cache(word)
    assert len(cache._known) <= 3


def test_only_a_body_without_a_full_sentence_is_missing():
    assert Body("").is_empty and Body("Too short.").is_empty and Body("Photo: AP").is_empty
    assert not Body("Officials said the plan was possible.").is_empty
    assert not Body(BODY).is_empty


def test_dropped_scope_and_weak_sources_are_read_from_the_evidence():
    mice = "An experimental drug shrank pancreatic tumours in mice, researchers said."
    assert evidence_says("Drug shrinks pancreatic tumours", mice)["scope_dropped"] == ["in mice"]
    assert relation("Drug shrinks pancreatic tumours in mice", mice)["scope_dropped"] == 0
    forum = "A post on an online forum claimed that cracks had appeared in the new bridge."
    assert relation("Cracks found in new bridge", forum)["weak_source"] == 1
    assert relation("Online post claims cracks in new bridge", forum)["weak_source"] == 0
    assert relation_words("Engineers find cracks in bridge", forum)["unsupported_authority"] == [
        "engineers"
    ]
    # A finding nobody has checked, or one its seller paid for, is a weak source too.
    preprint = (
        "A preprint that has not been peer reviewed reports that a preservative disrupts gut "
        "bacteria in lab dishes."
    )
    assert relation("Preservative disrupts gut bacteria", preprint)["weak_source"] == 1
    paid = "A study paid for by the company found its supplement improved concentration."
    assert relation("Supplement improves concentration", paid)["weak_source"] == 1
    assert relation("Supplement improves concentration, maker says", paid)["weak_source"] == 0
    # As is a seller's own report or survey, or one nobody outside has checked.
    for weak in (
        "The firm's internal report, which has not been independently reviewed, says its "
        "charger is the fastest on sale.",
        "A survey commissioned by the firm found its charger was the fastest on sale.",
    ):
        assert relation("Firm's charger is the fastest on sale", weak)["weak_source"] == 1
        assert relation("Firm says its charger is the fastest on sale", weak)["weak_source"] == 0
    # One side of a dispute: an opposition MP, a rival candidate, a petition, a lawyer for one
    # side, a campaign group, a think tank, an unnamed source.
    for side in (
        "An opposition MP said the housing scheme had built fewer than 500 homes.",
        "A petition signed by parents claims the housing scheme built fewer than 500 homes.",
        "A think tank funded by builders said the housing scheme built fewer than 500 homes.",
    ):
        assert relation("Housing scheme built fewer than 500 homes", side)["weak_source"] == 1
        said = "Opposition MP says housing scheme built fewer than 500 homes"
        assert relation(said, side)["weak_source"] == 0
    # A headline that says who blames whom keeps the claim at arm's length.
    fish = "A campaign group said dead fish in the canal had been killed by waste from a refinery."
    assert relation("Campaigners blame refinery for dead fish", fish)["weak_source"] == 0
    assert relation("Refinery waste killed fish in canal", fish)["weak_source"] == 1
    party = "The main opposition party said the government had overspent its roads budget."
    assert relation("Government overspent roads budget", party)["weak_source"] == 1
    # An interested trade group's study that nobody has published.
    lobby = (
        "A study funded by a sugar industry group, which has not been published, found sugary "
        "drinks had little effect on children's weight."
    )
    # Not an industry body that counts sales: it is where such figures come from.
    counted = "Sales of electric cars rose 3 percent in November, the industry body said."
    assert relation("Electric car sales rise 3 percent", counted)["weak_source"] == 0
    assert (
        relation("Sugary drinks have little effect on weight, study finds", lobby)["weak_source"]
        == 1
    )
    sellers = "An association representing small sellers said the platform favours its own goods."
    assert relation("Platform favours its own goods", sellers)["weak_source"] == 1
    rival = "The coach of a rival team told a broadcaster that the winners had used a banned drug."
    assert relation("Race winners used banned drug", rival)["weak_source"] == 1
    tenants = "A lawyer representing the tenants said the landlord had cut their power."
    assert relation("Landlord cut tenants' power", tenants)["weak_source"] == 1
    # One side of a lawsuit, which the other side will contest.
    lawsuit = (
        "A chipmaker alleged in a lawsuit that a rival's chip copied its design. The rival "
        "said it would contest the case."
    )
    assert relation("Rival's chip copied chipmaker's design", lawsuit)["weak_source"] == 1
    # A headline that says whose the study is gives the claim to that side.
    owned = "Sugar industry study finds sugary drinks have little effect on weight"
    assert relation(owned, lobby)["weak_source"] == 0


def test_a_narrowed_group_or_a_laboratory_setting_is_a_scope_a_headline_keeps_by_naming_it():
    group = (
        "A statin cut heart attacks by a quarter among men over 65 with diabetes, a trial found."
    )
    assert evidence_says("Statin cuts heart attacks", group)["scope_dropped"] == [
        "among men over 65 with diabetes"
    ]
    assert relation("Statin cuts heart attacks in older men", group)["scope_dropped"] == 0
    asthma = "The inhaler halved attacks in children with asthma over a year, doctors said."
    assert relation("Inhaler halves asthma attacks", asthma)["scope_dropped"] == 1
    assert relation("Inhaler halves attacks in asthmatic children", asthma)["scope_dropped"] == 0
    # A group alone is no narrowing: "popular among women" limits nothing a headline drops.
    popular = "The scheme has proved popular among women and young people, officials said."
    assert relation("Scheme proves popular, officials say", popular)["scope_dropped"] == 0
    tanks = "A coating kept barnacles off hulls for six months in laboratory tanks."
    assert relation("Coating keeps barnacles off ships' hulls", tanks)["scope_dropped"] == 1
    assert relation("Coating keeps barnacles off hulls in lab tests", tanks)["scope_dropped"] == 0


def test_an_age_that_narrows_a_group_is_kept_by_the_age_not_the_group():
    shingles = "The booster cut cases by 41 percent among adults aged 70 in a trial."
    assert relation("Booster cuts cases in adults", shingles)["scope_dropped"] == 1
    assert relation("Booster cuts cases among over-70s", shingles)["scope_dropped"] == 0
    assert relation("Booster cuts cases in older adults", shingles)["scope_dropped"] == 0
    assert relation("Booster cuts cases in adults over 70", shingles)["scope_dropped"] == 0


def test_what_a_body_says_its_finding_leaves_out_is_a_scope():
    approval = (
        "The regulator approved the drug for patients aged 12 and older with severe asthma. "
        "The approval does not cover milder forms of asthma."
    )
    assert evidence_says("Regulator approves new asthma drug", approval)["scope_dropped"] == [
        "does not cover milder forms of"
    ]
    zinc = (
        "Zinc supplements cut diarrhoea among infants in a trial in rural Bangladesh. The "
        "authors said results may differ in urban areas."
    )
    assert relation("Zinc cuts childhood diarrhoea, study finds", zinc)["scope_dropped"] == 1
    assert relation("Zinc cut diarrhoea among infants in rural trial", zinc)["scope_dropped"] == 0
    # Groups that 'might differ in other ways' confound a finding; they do not limit it.
    confounded = zinc.replace(
        "results may differ in urban areas", "families might differ in other ways"
    )
    assert relation("Zinc cuts childhood diarrhoea, study finds", confounded)["scope_dropped"] == 0
    singing = (
        "Older adults who sang in groups scored higher on memory tests. The effect was not "
        "observed in those living with a partner."
    )
    assert relation("Group singing linked to better memory", singing)["scope_dropped"] == 1


def test_a_region_or_a_count_of_places_is_a_scope_a_headline_keeps_by_naming_it():
    region = "Maths scores rose in Peru's Cusco region in the national tests, the ministry said."
    assert evidence_says("Peruvian pupils' maths scores rise", region)["scope_dropped"] == [
        "in peru's cusco region"
    ]
    assert relation("Maths scores rise in Peru's Cusco region", region)["scope_dropped"] == 0
    counted = "Otter sightings rose at 14 river sites in the north-west, a survey found."
    assert evidence_says("Otter sightings rise, survey finds", counted)["scope_dropped"] == [
        "at 14 river sites"
    ]
    kept = "Otter sightings rise at 14 river sites, survey finds"
    assert relation(kept, counted)["scope_dropped"] == 0
    # A count said the other way keeps it: 'one hospital' for 'a single hospital'.
    single = "The antibiotic cleared the infection in patients at a single hospital."
    assert relation("Antibiotic clears infection at one hospital", single)["scope_dropped"] == 0
    assert relation("Antibiotic clears infection at 3 hospitals", single)["scope_dropped"] == 1
    # Where in a place something happened is no part of it: 'in the south of the city'.
    fire = "Police questioned a man over a fire at a warehouse in the south of the city."
    assert relation("Man questioned over warehouse fire", fire)["scope_dropped"] == 0
    reserves = "Bat numbers rose in 12 nature reserves, volunteers reported."
    assert relation("Bat numbers rise, volunteers report", reserves)["scope_dropped"] == 1
    assert relation("Bat numbers rise in 12 nature reserves", reserves)["scope_dropped"] == 0
    farms = "A new wheat yielded more grain in trials on three farms in east Kent."
    assert evidence_says("New wheat yields more grain", farms)["scope_dropped"] == [
        "on three farms"
    ]
    assert relation("New wheat yields more grain on 3 farms", farms)["scope_dropped"] == 0
    # A limit next to one the headline keeps narrows it, and is kept with it.
    province = "Sorghum yielded more in trials on four farms in Zambia's Southern Province."
    assert relation("Sorghum yields more on four Zambian farms", province)["scope_dropped"] == 0
    assert evidence_says("Sorghum yields more on Zambian farms", province)["scope_dropped"] == [
        "on four farms",
        "in zambia's southern province",
    ]
    # Not a point of the compass, or a hundred places.
    for unlimited in (
        "Sales of the phone rose in the West, the firm said.",
        "Sales of the phone rose in the South China Sea region, the firm said.",
        "Sales of the phone rose in 150 countries, the firm said.",
    ):
        assert relation("Phone sales rise", unlimited)["scope_dropped"] == 0
    assert (
        relation("Phone sales rise", "Sales of the phone rose in 15 countries.")["scope_dropped"]
        == 1
    )


def test_a_headline_that_answers_a_claim_with_a_denial_disputes_it():
    assert Headline.read("Phone maker rejects online video's claim of overheating").disputes
    assert Headline.read("Ministry disputes report of shortages").disputes
    assert not Headline.read("Council rejects plan for new homes").disputes
    # Its verb reports the dispute, which the body tells in its own words.
    body = (
        "A video online claims a new phone overheats. The maker said it had received no such "
        "reports and that the phone had passed safety tests."
    )
    rejects = relation("Phone maker rejects online video's claim of overheating", body)
    assert rejects["unreported_action"] == 0
    assert relation("Phone maker rejects video", body)["unreported_action"] == 1


def test_a_headline_that_disputes_a_claim_drops_none_of_its_scope():
    mice = (
        "A claim shared on social media that a food thickener damages gut bacteria comes from a "
        "single study in mice. Nutrition scientists said there was no evidence of harm."
    )
    assert relation("Food thickener damages gut bacteria", mice)["scope_dropped"] == 1
    disputed = "Scientists dismiss online claim that food thickener harms gut"
    assert Headline.read(disputed).disputes
    assert relation(disputed, mice)["scope_dropped"] == 0
    # Finding nothing disputes a claim from a weak source, and does not state it.
    posts = (
        "Parents on a social media group said children had fallen ill after school lunches. "
        "Inspectors found no problems in the school kitchen."
    )
    assert relation("Children fall ill after school lunches", posts)["weak_source"] == 1
    assert relation("Inspectors find no problems in school kitchen", posts)["weak_source"] == 0


def test_open_claims_are_claims_left_open_not_every_modal():
    power = "Officials could not say how many homes lost power in the storm on Tuesday."
    assert relation("Storm cuts power to homes", power)["evidence_hedged"] == 0
    funds = "The owners said they could no longer fund the club and had sold it to a consortium."
    assert relation("Owners sell the club to a consortium", funds)["evidence_hedged"] == 0
    # Owners who 'weigh' offers keep the sale open, as one who 'weighs' them does.
    offers = "The owners said they were considering several offers for the club."
    assert Headline.read("Club owners weigh offers for the club").keeps_claim_open
    assert relation("Club owners weigh offers for the club", offers)["evidence_hedged"] == 0
    dividend = "The bank will pay its dividend on May 20 to shareholders, the bank said."
    assert relation("Bank pays dividend to shareholders", dividend)["evidence_hedged"] == 0
    plan = "USX said it plans to close its Geneva steel plant near Provo, Utah, in July."
    assert relation("USX to close Utah steel plant", plan)["evidence_hedged"] == 0
    assert relation("USX closes Utah steel plant", plan)["evidence_hedged"] == 1
    maybe = "USX said it could close its Utah steel plant, but no decision had been made."
    assert relation("USX to close Utah steel plant", maybe)["evidence_hedged"] == 1
    poll = "Eight out of 10 voters do not trust politicians, a new poll suggests."
    assert relation("Voters 'don't trust politicians'", poll)["evidence_hedged"] == 0
    assert relation("Voters don't trust politicians", poll)["evidence_hedged"] == 1


def test_what_cannot_be_ruled_out_is_open_and_set_to_states_it_will_happen():
    body = (
        "Engineers said a collapse of the old pier in the coming winter could not be ruled out. "
        "The pier was closed to the public on Friday."
    )
    gap = measures("Old pier set to collapse this winter", body)["certainty_gap"]
    assert gap.words == ("to collapse",) and gap.against == ("not be ruled out",)
    assert (
        relation("Old pier could collapse this winter, engineers say", body)["certainty_gap"] == 0
    )
    # An event the body tells as done in a sentence of its own is no certainty gap.
    assert relation("Old pier closed over collapse fears", body)["certainty_gap"] == 0
    open_only = "Engineers said the old pier could be closed if a collapse could not be ruled out."
    assert relation("Old pier closed over collapse fears", open_only)["certainty_gap"] > 0


def test_an_allegation_the_body_says_is_denied_is_a_weak_source():
    body = (
        "A former manager alleged in a radio interview that the dairy had sold out-of-date "
        "milk to schools. The dairy said the claims were false."
    )
    weak = measures("Dairy sold out-of-date milk to schools", body)["weak_source"]
    assert weak.value == 1 and weak.against == ("alleged",)
    alleges = "Former manager alleges dairy sold out-of-date milk to schools"
    assert relation(alleges, body)["weak_source"] == 0
    # An allegation nobody disputes is what the story reports.
    undisputed = body.replace(" The dairy said the claims were false.", "")
    assert relation("Dairy sold out-of-date milk to schools", undisputed)["weak_source"] == 0
    # One denied is weak however it is worded.
    accused = "Prosecutors accused the dairy of selling out-of-date milk; it denied the charges."
    assert relation("Dairy sold out-of-date milk to schools", accused)["weak_source"] == 1


def test_a_headline_that_names_the_rumour_reports_it_as_one():
    rumour = "Online rumours that the actor had died were a hoax, his agent said on Monday."
    assert relation("Actor dies at his home", rumour)["weak_source"] == 1
    assert relation("Actor is victim of death hoax", rumour)["weak_source"] == 0
    forum = "A post on an online forum claimed that cracks had appeared in the new bridge."
    assert relation("Cracks found in new bridge, officials say", forum)["weak_source"] == 1
    assert relation("Cracks found in new bridge, forum users say", forum)["weak_source"] == 0
    # Whose claim it is, in any form of the verb: 'Activists accuse', not only 'accuses'.
    activists = "Activists said the plant had released waste into the river, which it denied."
    assert relation("Plant pollutes river", activists)["weak_source"] == 1
    assert relation("Activists accuse plant of polluting river", activists)["weak_source"] == 0
    claimed = "The minister claimed the new bridge had cracks in its main deck."
    assert relation("New bridge has cracks in main deck", claimed)["weak_source"] == 0


def test_scope_quantifiers_count_over_what_the_headline_is_about():
    some = "Some tumours shrank in patients given the drug, doctors said on Friday."
    assert evidence_says("Drug shrinks tumours", some)["scope_dropped"] == ["some"]
    media = "Some media outlets reported that the drug shrank tumours in patients."
    assert relation("Drug shrinks tumours in patients", media)["scope_dropped"] == 0
    seoul = "A political observer in seoul said the only way out was talks with the North."
    assert relation("Observer sees talks as the way out", seoul)["scope_dropped"] == 0
    schools = "Reading scores improved at 12 primary schools that took part in the pilot."
    assert evidence_says("Reading improves in primary schools", schools)["scope_dropped"] == [
        "at 12 primary schools"
    ]
    lab = "The antibody stopped the virus from infecting human cells grown in the laboratory."
    assert relation("Antibody stops the virus from infecting people", lab)["scope_dropped"] == 1
    assert relation("Antibody stops virus in lab-grown cells", lab)["scope_dropped"] == 0
    ireland = "The new drug will be sold only in Ireland from next year, its maker said."
    assert evidence_says("New drug to be sold from next year", ireland)["scope_dropped"] == [
        "only in ireland"
    ]


def test_what_a_finding_was_seen_in_counts_in_any_evidence_sentence_a_place_only_in_the_best():
    # The lead limits the finding; the sentence closest to the headline restates it unlimited.
    rats = (
        "A compound found in green tea slowed the growth of bowel tumours in rats, a team in "
        "Leeds reported on Monday. The compound stops bowel tumours from growing by cutting "
        "their blood supply, the team said. Trials in people have not begun."
    )
    assert evidence_says("Green tea compound stops bowel tumours growing", rats)[
        "scope_dropped"
    ] == ["in rats"]
    assert relation("Green tea compound slows bowel tumours in rats", rats)["scope_dropped"] == 0
    # A study's size is no limit: "a study of 40 adults" says how many it studied, "in 40
    # adults" where the finding was seen. Nor is a rate ("one in ten adults").
    large = "Walking daily cut blood pressure in a study of 400,000 adults, researchers said."
    assert relation("Daily walk cuts blood pressure", large)["scope_dropped"] == 0
    small = large.replace("400,000", "40")
    assert relation("Daily walk cuts blood pressure", small)["scope_dropped"] == 0
    seen_in = small.replace("a study of 40 adults", "40 adults")
    assert evidence_says("Daily walk cuts blood pressure", seen_in)["scope_dropped"] == [
        "in 40 adults"
    ]
    rate = "Walking daily cut blood pressure in one in ten adults, researchers said."
    assert relation("Daily walk cuts blood pressure", rate)["scope_dropped"] == 0
    share = "The blood test found signs of the disease in 85 percent of cases, researchers said."
    assert relation("Blood test finds signs of the disease", share)["scope_dropped"] == 0
    # A part of a place is kept by repeating the part, not the place.
    boroughs = "Reported shoplifting in three London boroughs fell by a fifth, police said."
    assert evidence_says("Shoplifting in London falls by a fifth", boroughs)["scope_dropped"] == [
        "in three london boroughs"
    ]
    assert relation("Shoplifting falls in three boroughs", boroughs)["scope_dropped"] == 0
    # A story that says whom its finding was not tried on limits it to whom it was tried on,
    # which a headline keeps by naming them.
    tried = (
        "A blood test found signs of ovarian cancer in 40 of 50 women known to have the "
        "disease. It has not yet been tried in women without symptoms, the researchers said."
    )
    told = measures("New blood test detects ovarian cancer", tried)["scope_dropped"]
    assert told.against == ("not yet been tried in women without symptoms",)
    kept = relation("Blood test spots ovarian cancer in diagnosed women", tried)
    assert kept["scope_dropped"] == 0
    untried = tried.replace("It has not yet been tried in", "It will next be offered to")
    assert relation("New blood test detects ovarian cancer", untried)["scope_dropped"] == 0
    # A group narrowed by where its people live or are treated is kept by naming the place.
    homes = "A study of 86 residents of care homes in Bristol found dancing helped memory."
    assert evidence_says("Dancing helps memory in older adults", homes)["scope_dropped"] == [
        "residents of care homes"
    ]
    assert relation("Dancing helps memory in care home residents", homes)["scope_dropped"] == 0
    trial = "Falls fell in a trial of 180 care-home residents who took balance classes."
    assert relation("Balance classes cut falls in older people", trial)["scope_dropped"] == 1
    rivers = "Salmon numbers rose in three rivers in the Highlands, a fisheries trust said."
    assert relation("Salmon numbers rise in Scotland's rivers", rivers)["scope_dropped"] == 1
    assert relation("Salmon numbers rise in three Highland rivers", rivers)["scope_dropped"] == 0
    # A part of a place outside the best match is about something else.
    floods = (
        "Heavy rain flooded roads across the county on Sunday, police said. Drivers were "
        "stranded on the main road, which has no drains in some low-lying areas. Police "
        "closed the road until the water fell."
    )
    assert relation("Heavy rain floods roads across county", floods)["scope_dropped"] == 0


def test_most_of_a_group_is_larger_than_one_in_nine_of_it():
    body = "A survey of 2,000 employers found that 11 percent planned to cut staff this year."
    inflated = measures("Most employers plan job cuts, survey finds", body)["inflated_number"]
    assert inflated == Measure.of(1, ["50%"], ["11%"])
    most = body.replace("11 percent", "58 percent")
    assert relation("Most employers plan job cuts, survey finds", most)["inflated_number"] == 0


def test_a_third_is_larger_than_four_percent():
    body = "Average rents in the city rose 4 percent over the past year, the agency said."
    inflated = measures("City rents soar by a third in a year", body)["inflated_number"]
    assert inflated.value == 1 and inflated.words == ("33.3%",) and inflated.against == ("4%",)


def test_a_rate_is_a_share_not_two_figures():
    assert percentages("Four in ten students report anxiety", []) == {40.0}
    assert numbers("Four in ten students report anxiety", words("Four in ten")) == set()
    assert percentages("1 in 5 adults", []) == {20.0}
    assert numbers("Three in 2021", words("Three in 2021")) == {3.0, 2021.0}
    survey = "A survey of 3,200 students found that 41 percent reported anxiety at exam time."
    told = relation("Four in ten students report anxiety at exam time", survey)
    assert told["unsupported_numbers"] == 0 and told["inflated_number"] == 0
    assert relation("Six in ten students report anxiety", survey)["inflated_number"] == 1


def test_a_part_of_a_whole_is_a_share():
    assert percentages("The mill will lay off 140 of its roughly 1,100 workers.", []) == {12.7}
    assert percentages("Premiums rose by more than a tenth", []) == {10.0}
    assert percentages("Won 3 of 2021's races", []) == set()
    mill = "The steel mill said it would lay off 140 of its roughly 1,100 workers next month."
    assert (
        relation("Steel mill to cut about a third of its workforce", mill)["inflated_number"] == 1
    )
    assert relation("Steel mill to lay off 140 workers", mill)["inflated_number"] == 0


def test_a_share_is_compared_with_the_body_s_shares_of_the_same_thing():
    trains = (
        "Passenger numbers on intercity trains rose 7 percent in the first half. Punctuality "
        "fell slightly, with 71 percent of trains arriving on time."
    )
    inflated = measures("Intercity trains carry a quarter more passengers", trains)
    assert inflated["inflated_number"] == Measure.of(1, ["25%"], ["7%"])
    assert relation("Intercity passenger numbers rise 7 percent", trains)["inflated_number"] == 0


def test_a_change_in_points_is_compared_with_the_points_between_the_body_s_two_shares():
    assert points("Turnout climbs by more than ten points") == {10}
    assert points("Inflation rises by a full point") == {1.0}
    assert points("At one point talks stalled") == set()
    assert point_changes("Inflation rose to 5.4 percent in March from 5.1 percent.") == {0.3}
    assert point_changes("Turnout was 54.2 percent, up from 52.9 percent.") == {1.3}
    inflation = "Annual inflation rose to 5.4 percent in March from 5.1 percent in February."
    inflated = measures("Inflation rises by a full point in March", inflation)["inflated_number"]
    assert inflated == Measure.of(1, ["1 point"], ["0.3 points"])
    assert (
        relation("Inflation edges up 0.3 points to 5.4 percent", inflation)["inflated_number"] == 0
    )


def test_a_share_is_compared_with_the_change_a_body_tells_by_two_figures():
    assert changes("Waits fell from 1,850 in March to 1,720 in September.") == {7.0}
    assert changes("The count found 40 people sleeping rough, up from 32 a year earlier.") == {25.0}
    assert changes("Fares rose from 1.2bn to 1.5bn.") == {25.0}
    assert changes("Figures from 2019 to 2023 were compared.") == set()
    assert changes("The population rose to 372 last year from 356.") == {4.5}
    whales = "The population of right whales rose to 372 last year from 356 the year before."
    assert relation("Right whale population grows by a fifth", whales)["inflated_number"] == 1
    body = "The count found 40 people sleeping rough in the city, up from 32 a year earlier."
    inflated = measures("Number sleeping rough in city doubles", body)["inflated_number"]
    assert inflated == Measure.of(1, ["100%"], ["25%"])
    assert (
        relation("Number sleeping rough in city rises by a quarter", body)["inflated_number"] == 0
    )
    doubled = body.replace("up from 32", "up from 19")
    assert relation("Number sleeping rough in city doubles", doubled)["inflated_number"] == 0
    # A body that states shares is read by its shares, not by how much they changed: 'half'
    # over 'rose from 10 percent to 30 percent' is inflated, though 30 is three times 10.
    solar = "The share of homes with solar panels rose from 10 percent to 30 percent."
    assert relation("Half of homes now have solar panels", solar)["inflated_number"] == 1


def test_style_features_see_framing_and_capitals():
    style = HeadlineStyle().fit(np.array([["x"]], dtype=object))
    hyped = style.measure("You WON'T Believe This SHOCKING Secret?!")
    assert hyped["question"].value == 1 and hyped["exclamation"].value == 1
    assert hyped["shouting"].words == ("WON'T", "SHOCKING")
    assert "shocking" in hyped["intense_words"].words
    # A wire-style headline in capitals throughout is house style, not shouting.
    assert style.measure("BAHIA COCOA REVIEW")["shouting"].value == 0


def test_the_headline_model_is_blind_to_title_case():
    """Stop Clickbait's clickbait headlines are all in Title Case and a third of its news
    headlines are: read with their case, the model would learn the sites' house style."""
    clickbait = ["You Will Not Believe What This Dog Did", "These 10 Cats Will Make Your Day"]
    news = ["Council approves budget for new schools", "Flood warnings issued across the north"]
    every_ngram = {"features__headline_words__min_df": 1, "features__headline_chars__min_df": 1}
    model = build_headline_pipeline(**every_ngram).fit(as_rows(clickbait + news), [1, 1, 0, 0])
    for headline in ("Council will not believe this dog", "Ten new schools make the budget"):
        cased, uncased = model.predict_proba(as_rows([headline.title(), headline]))[:, 1]
        assert cased == pytest.approx(uncased, abs=1e-12)


def test_phrases_counts_words_and_multiword_entries_in_text_order():
    found = phrases(words("It may work in mice; it may not. More research needed"), HEDGES)
    assert found == ["may", "in mice", "mice", "more research"]


@pytest.mark.parametrize("bad", [np.array(["one column"], dtype=object)])
def test_relation_refuses_a_wrong_column_count(bad):
    with pytest.raises(ValueError):
        HeadlineBodyRelation().fit(bad.reshape(-1, 1))


def test_similarity_is_higher_over_the_body_the_headline_is_about():
    other = "Parliament passed the budget after a long debate about taxes and pensions. " * 4
    headline = "Soldiers cross border by accident, warning shots fired"
    rows = np.array([[headline, BODY], [headline, other]], dtype=object)
    transformer = HeadlineBodyRelation().fit(rows)
    own, unrelated = transformer.transform(rows)[:, 0]
    assert 0 <= unrelated < own <= 1


def test_a_body_that_shares_no_word_of_the_headline_is_another_story():
    budget = "Parliament passed the budget after a long debate about taxes and pensions. " * 4
    headline = "Soldiers cross border by accident, warning shots fired"

    assert relation(headline, budget)["shares_nothing"] == 1.0
    assert relation(headline)["shares_nothing"] == 0.0
    # One shared word is enough to be about the headline's topic, however little it says.
    assert relation("Soldiers vote on taxes", budget)["shares_nothing"] == 0.0
    # A headline of function words alone has nothing to share, so nothing is missing.
    assert relation("Is this it?", budget)["shares_nothing"] == 0.0


@pytest.mark.parametrize(
    "disclaimer",
    [
        "The survey could not show whether time outdoors reduced stress.",
        "The study could not prove cause and effect.",
        "It is unclear whether green space protects against stress.",
        "Observational studies cannot establish that parks reduce stress.",
        "There is no evidence that parks reduce stress.",
        "It is too early to say how much of the fall in stress was due to the parks.",
    ],
)
def test_a_cause_the_body_says_is_not_shown_does_not_support_a_headline_s_cause(disclaimer):
    body = (
        "Adults who spent more time in parks reported lower levels of stress in a survey of "
        f"4,000 people, researchers said. {disclaimer}"
    )
    assert causes_stated(disclaimer) == []
    told = measures("Time in parks reduces stress, survey finds", body)
    assert told["cause_from_link"].value == 1
    assert any("lower" in said for said in told["cause_from_link"].against)


def test_a_cause_the_body_doubts_is_no_cause_it_reports():
    lighting = (
        "Burglaries in the city fell 12 percent last year, the same year the council installed "
        "brighter street lights, police figures show. No study has examined whether the "
        "lights played a role."
    )
    told = measures("Brighter street lights cut burglaries", lighting)
    assert told["cause_from_link"].value == 1
    assert told["cause_from_link"].against == ("whether",)
    assert (
        relation("Burglaries fall in year of brighter street lights", lighting)["cause_from_link"]
        == 0
    )
    # Its cause is what comes before any of its causal words: 'Lower ... lights cut'.
    assert (
        relation("Lower street lights cut burglaries", lighting.replace("brighter", "lower"))[
            "cause_from_link"
        ]
        == 1
    )
    # A question about something else doubts nothing of the headline's cause.
    other = lighting.replace("whether the lights played a role", "whether patrols will rise")
    assert relation("Brighter street lights cut burglaries", other)["cause_from_link"] == 0
    # Other causes the body names doubt it wherever they are.
    asthma = (
        "Asthma visits fell 9 percent in the year after the low-emission zone began. Officials "
        "said other factors, including a mild winter, may have contributed."
    )
    assert evidence_says("Low-emission zone cut asthma visits", asthma)["cause_from_link"] == [
        "other factors"
    ]
    debt = (
        "Adults who used buy-now-pay-later loans were twice as likely to carry card debt. The "
        "survey did not show whether the loans led people into debt."
    )
    assert (
        relation("Buy-now-pay-later loans push adults into card debt", debt)["cause_from_link"] == 1
    )
    heat = (
        "Kidney admissions rose 12 percent during the heatwaves. The report said factors such "
        "as an ageing population may have contributed."
    )
    assert (
        relation("Heatwaves drove 12 percent rise in kidney admissions", heat)["cause_from_link"]
        == 1
    )
    markets = (
        "Mining shares fell on Monday, the day weak factory figures were released. Analysts "
        "said it was unclear how much of the move reflected the factory figures."
    )
    assert (
        relation("Weak factory figures send mining shares lower", markets)["cause_from_link"] == 1
    )


def test_an_action_that_brought_the_headline_s_cause_about_does_not_support_it():
    fines = (
        "Road deaths fell by 11 percent in the year after the government raised fines for "
        "speeding. The council said it was too early to judge the effect of the new fines."
    )
    told = measures("Higher speeding fines cut road deaths by 11 percent", fines)
    assert told["cause_from_link"].value == 1
    assert told["cause_from_link"].against == ("too early to judge",)
    # A causal word that acts on the effect still supports it: 'improved their scores'.
    reading = (
        "Pupils who took part in a daily reading programme improved their reading scores more "
        "than pupils without it. It was too early to judge whether the programme should spread."
    )
    assert relation("Daily reading sessions lift scores", reading)["cause_from_link"] == 0
    # A causal word with nothing after it acts on nothing.
    assert relation("Road deaths fall in year speeding fines raised", fines)["cause_from_link"] == 0


def test_an_industry_association_is_a_body_not_a_link():
    rents = (
        "A hotel industry association said holiday rentals had pushed rents in the city centre "
        "up by 30 percent. The association did not publish the data behind the figure."
    )
    assert (
        relation("Hotel group says holiday rentals drove up rents", rents)["cause_from_link"] == 0
    )
    assert causes_stated("Holiday rentals drove up rents") == ["drove"]
    assert relation("Holiday rentals drove up rents", rents)["cause_from_link"] == 0
    steps = (
        "Adults who walked 8,000 steps a day slept 20 minutes longer, a survey found. The "
        "researchers could not determine whether walking improved sleep."
    )
    assert (
        relation("Walking 8,000 steps a day adds 20 minutes of sleep", steps)["cause_from_link"]
        == 1
    )


def test_a_cause_stated_before_a_question_about_another_is_still_stated():
    assert causes_stated(
        "The drug reduced pain, but it is unclear whether it works in children"
    ) == ["reduced"]
