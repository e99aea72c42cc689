"""Word lists (and a few patterns) that describe how strongly a text claims something.

They feed the headline-body relation features: the model learns how much each list matters; the
lists only say which words belong together. Multi-word entries are matched as phrases.
"""

import re


def _entries(text: str) -> frozenset[str]:
    return frozenset(" ".join(entry.split()) for entry in text.split(",") if entry.strip())


HEDGES = _entries(
    """
    may, might, could, would, can, possibly, possible, if, unless, consider, considering,
    considers, weigh, weighing, weighs, plan, plans, planned, proposed, proposal, expected, expects,
    no decision, not decided, yet to decide, undecided, option, options, hope, hopes, aims,
    aim, intend, intends, seek, seeks, risk, risks, warned, warns, fear, fears, predicts,
    forecast, forecasts, projected, could be, may be, in talks, discussing, discussed,
    possibly, perhaps, suggest, suggests, suggested, suggesting,
    appear, appears, appeared, seem, seems, seemed, likely, unlikely, potential, potentially,
    allegedly, alleged, reportedly, rumour, rumours, rumor, rumors, unconfirmed, unverified,
    preliminary, linked, associated, correlated, correlation, association, believed,
    speculation, speculated, apparently, accidental, accidentally, mistakenly, modest,
    slightly, slight, minor, limited, tentative, uncertain, unclear, estimated, claimed,
    purportedly, supposedly, probably, mice, rats, in mice, in rats, small study, pilot study,
    not yet, no evidence, more research, further research, too early, so far
    """
)

# Hedges that keep a claim open: the modal, the undecided, the planned. A sentence that says them
# about the claim is the body's evidence that the headline's fact is not (yet) one. Narrower than
# HEDGES, whose "can", "if", "risk" or "warned" fill ordinary news sentences.
OPEN_CLAIMS = _entries(
    """
    may, might, could, possible, possibly, consider, considering, considers, weigh, weighing,
    weighs, no decision, not decided, yet to decide, undecided, not yet, unclear, uncertain,
    tentative, preliminary, proposed, proposal, proposes, in talks, discussing, expected to, likely,
    unlikely, potential, potentially, perhaps, probably, reportedly, allegedly, suggest,
    suggests, suggested, appear to, appears to, seem to, seems to, speculation, plans to,
    plan to, planning to, planned to, hopes to, aims to, intends to, under discussion,
    being considered, if approved, not be ruled out, not ruled out, not rule out, not ruling out,
    whether, whether to, interested in
    """
)

# How a headline itself keeps a claim open: HEDGES but for the words that, in a headline, say
# what the claim is about or how big it is rather than leave it open ("Coffee cuts liver cancer
# risk", "Drug shrinks tumours in mice", "Savings association closed"), and the wire's "sees",
# "mulls", "eyes". Headline future ("Bank to raise rates", "Volcano set to erupt") is read in
# model/features.py: it states a plan or an expectation, faithful over "plans to", not over
# "could".
HEADLINE_HEDGES = (
    HEDGES
    - _entries(
        """
        risk, risks, fear, fears, warned, warns, option, options, association, associated,
        linked, correlated, correlation, modest, slightly, slight, minor, limited, accidental,
        accidentally, mistakenly, mice, rats, in mice, in rats, small study, pilot study,
        no evidence, more research, further research, so far
        """
    )
) | _entries(
    """
    sees, seen, mulls, mull, eyes, eyeing, eyed, studying, moots, mooted, floats, floated,
    proposes, propose, considering, weigh, weighs, plans, seeks, not rule out, not ruling out,
    explores, explore, exploring, whether, to review, reviews, reviewing, to consult, consults,
    consulting, to examine, examines, examining, to decide, looks at, looking at, to look at
    """
)

# A body that says nothing has been decided, or that a decision is still to come.
UNDECIDED = _entries(
    """
    no decision, no final decision, not decided, not been decided, yet to decide, undecided,
    not yet decided, will decide, would decide
    """
)

# Open claims that headline future states faithfully: "plans to close" under "USX to close".
PLANNED = _entries(
    """
    plans to, plan to, planning to, planned to, intends to, aims to, hopes to, expected to,
    proposes, proposed, proposal, likely
    """
)

# Verbs among the stop words, which can follow the "to" of headline future ("Jab to be
# offered", "Bank to keep rates"): another stop word after "to" is no plan ("offered to over-60s").
PLAIN_VERBS = _entries(
    "be, become, call, fill, find, fire, get, give, go, keep, move, name, put, see, show, take"
)

# Words before "to" where it is not headline future: "linked to cancer", "up to 20".
NOT_HEADLINE_FUTURE = _entries(
    """
    linked, tied, due, up, close, according, next, similar, compared, back, return, returns,
    returned, rise, rises, rose, fall, falls, fell, jump, jumps, jumped, cut, cuts, trip,
    visit, visits, travel, travels, flight, flights, way, road, path, key, answer, threat,
    risk, open, opens, opened, sold, sells, sell, sent, sends, send, lost, loses, lose, go,
    goes, went, move, moves, moved, heads, head, headed, slips, slipped, climbs, climbed,
    spread, spreads,
    drops, dropped, reduced, raised, increased, lowered, extended, limited, thanks, prior,
    related, owing
    """
)
REFUTATIONS = _entries(
    """
    denied, denies, deny, denying, false, fake, hoax, debunked, untrue, not true, dismissed,
    refuted, baseless, satire, satirical, fabricated, misleading, bogus, no truth, never
    happened, doctored, photoshopped, dismiss, dismisses, debunk, debunks, refute, refutes
    """
)
# How a headline disputes a claim: refutes it, or finds nothing of it ("Inspectors find no
# cracks"). Not read in bodies, where "police found no one hurt" disputes nothing.
HEADLINE_DISPUTES = REFUTATIONS | _entries("finds no, found no, find no, no evidence")

CERTAINTY = _entries(
    """
    will, proves, proved, proven, proof, confirms, confirmed, definitely, certainly,
    undeniable, undeniably, guaranteed, guarantees, truth, fact, facts, must, cure, cures,
    cured, solved, solves, end, ends, finally, officially, revealed, reveals, exposed, exposes
    """
)

CAUSAL = _entries(
    """
    cause, causes, caused, causing, leads, lead, triggers, triggered, kills, killed, boosts,
    boost, cuts, prevents, prevent, reverses, fuels, sparks, sparked, blamed, because, makes,
    make, turns, drives, destroys, ruins, saves, heals, fights, stops, blocks, slashes,
    doubles, triples, halves, starting, starts
    """
)

SCOPE = _entries(
    """
    all, every, everyone, everybody, everything, nobody, nothing, none, entire, whole, always,
    never, everywhere, worldwide, global, universal, only, any, anyone, totally, completely,
    forever, ever, most
    """
)

INTENSITY = _entries(
    """
    war, wars, shocking, shock, shocked, stunning, stunned, amazing, incredible, unbelievable,
    insane, horrifying, terrifying, devastating, massive, huge, epic, crazy, slams, blasts,
    ultimate, best, worst, secret, secrets, outrage, outraged, chaos, crisis, panic, disaster,
    miracle, breakthrough, genius, brutal, bombshell, explosive, killer, deadly, doom,
    apocalypse, catastrophe, catastrophic, urgent, omg, wow, literally, greatest, biggest,
    perfect, hilarious, adorable, heartbreaking, mind-blowing, jaw-dropping, viral, terror,
    horror, nightmare, furious, destroy, destroyed, annihilate, obliterate, epidemic, plague,
    invasion, attack, attacks, threat, threatens, danger, dangerous, deadliest, toxic,
    scandal, meltdown, collapse, bloodbath, frenzy, mayhem, savage, wild, weird, strange,
    bizarre, unreal, impress, stuns, wins, winning, record
    """
)

TEASERS = _entries(
    """
    you, your, you'll, you're, youre, this, these, here's, heres, why, what, how, who, things,
    reasons, ways, guess, believe, need, know
    """
)

# Words of an association, not a cause: a headline that turns them into a cause overstates.
CORRELATIONAL = _entries(
    """
    associated, association, linked, link, correlated, correlation, tied to, more likely,
    less likely, higher rates, lower rates, higher risk, lower risk, had lower, had higher,
    were more, were less, observational, among those who
    """
)

# Who a claim is attributed to when it is not established: the headline that states it as fact
# (or gives it to an authority) overstates the story.
WEAK_SOURCES = _entries(
    """
    a post on, posted on, online post, online posts, forum, online claim, online claims,
    social media, twitter, tweet, tweets, tweeted, facebook, tiktok, reddit, blog, blogger,
    viral, rumour, rumours, rumor, rumors, unverified, unconfirmed, anonymous, critics say,
    critics said, activists say, activists said, campaigners say, according to a post,
    forum users, video purporting, hoax, shared widely, could not be verified, posted online,
    preprint, unreviewed, not peer reviewed, not been peer reviewed, not been reviewed,
    not yet been reviewed, paid for by the company, funded by the company, company funded,
    industry funded, non peer reviewed, by its own staff, by its own researchers,
    its own engineers, internal report, not been independently reviewed,
    not been independently verified, not been independently tested, not independently verified,
    commissioned by, carried out for, conducted for, marketing survey, newsletter, lobby group,
    not been published, not yet been published, unpublished, did not publish, opposition mp,
    opposition mps, opposition politicians, rival candidate, a petition, lawyer for, lawyers for,
    campaign group, pressure group, think tank, unnamed source, unnamed sources,
    opposition party, opposition parties, main opposition, lawyer representing,
    lawyers representing, rival coach, rival team, rival club, association representing,
    group representing
    """
)

# Words with which a headline keeps a claim at arm's length ("says", "claims", a question).
ATTRIBUTIONS = _entries(
    """
    says, said, say, claims, claim, claimed, according, alleges, alleged, allegedly, reports,
    reported, reportedly, suggests, suggest, rumours, rumoured, rumored, accuse, accuses,
    accused, accusing, allege, alleging, denies, denied, warns, urges, calls, asks, post,
    online, critics, fears, questions, blame, blames, blamed, blaming
    """
)

# Verbs that report without keeping a claim at arm's length: "officials say" gives the claim
# to officials, which weakens nothing when the body has it from a forum post.
REPORTING = _entries("says, said, say, reports, reported, warns, urges, calls, asks")

# Authorities a headline may hand a weak claim to.
AUTHORITIES = _entries(
    """
    engineers, scientists, researchers, experts, doctors, officials, inspectors, police,
    government, study, studies, report, analysis, investigation, investigators, regulators,
    agency, ministry, court, judge, university, professor, authorities, regulator, watchdog,
    inspector, investigator
    """
)


def _patterns(*expressions: str) -> "re.Pattern":
    return re.compile("|".join(f"(?:{e})" for e in expressions), re.IGNORECASE)


def _alternatives(text: str) -> str:
    return "(?:" + "|".join(re.escape(" ".join(e.split())) for e in text.split(",")) + ")"


_SUBJECTS = _alternatives(
    """mice, mouse, rats, rodents, animals, monkeys, pigs, dogs, fruit flies, yeast, worms,
    zebrafish, cells, human cells, animal cells, the lab, the laboratory, a laboratory,
    greenhouses, a greenhouse, test tubes, test tube, petri dishes, a dish"""
)
_STUDIES = _alternatives(
    """mouse, rat, animal, cell, laboratory, lab, preclinical, early, small, pilot,
    preliminary, greenhouse"""
)
_FEW = _alternatives(
    """a few, a small number of, a handful of, several, some, two, three, four, five, six,
    seven, eight, nine, ten, twelve, twenty, a few dozen, dozens of"""
)
_PEOPLE = _alternatives(
    """patients, people, volunteers, participants, adults, children, women, men, households,
    families, residents, students, schools, hospitals, districts, towns, cities, states,
    regions, cases, users, homes, farms, subjects"""
)
_GROUPS = _alternatives("men, women, boys, girls, children, adults, teenagers, patients, smokers")
_NARROWED = _alternatives("older, younger, elderly, young, pregnant, obese, overweight")
_PLACES = _alternatives(
    """district, districts, borough, boroughs, village, villages, suburb, suburbs, state,
    states, region, regions, county, counties, city, cities, town, towns,
    province, provinces, area, areas, country, countries, hospital, hospitals, school,
    schools, neighbourhood, neighborhood, neighbourhoods, neighborhoods, river, rivers, lake,
    lakes, beach, beaches, park, parks, forest, forests, prison, prisons, airport, airports,
    station, stations, port, ports, reserve, reserves, site, sites, estate, estates, island,
    islands, valley, valleys, municipality, municipalities, ward, wards, parish, parishes, farm,
    farms, store, stores, branch, branches, factory, factories, clinic, clinics, mine, mines"""
)
# A part counted: "in three London boroughs", "on 12 farms" (a hundred places is no part).
_PART_WORDS = _alternatives(
    "one, a single, two, three, four, five, six, a dozen, a few, a handful of, some, several, "
    "parts of"
)
_PARTS = rf"(?:{_PART_WORDS}|[1-9]\d?(?!\d|[.,]\d))"
# A named part of a country: "in Chile's Valparaíso region", "in India's southern Kerala state".
_NAME = r"(?-i:[A-Z][\w-]+)"
_REGION = r"(?:region|province|state|county|district|prefecture)"
_SOME = _alternatives(
    """some, a few, a minority of, a small share of, a fraction of, parts of, one in five,
    one in four, one in ten, one in three"""
)
_FOR_NOW = _alternatives(
    "so far, for now, at least for now, temporarily, in the short term, initially"
)

# Qualifiers that limit a finding or an event to part of the world. A headline that drops them
# overstates. What a finding was seen in ("in mice", "in a pilot study", "in 20 patients") is
# said of the finding wherever the story says it; a part of a place or of time ("in one
# district", "for now", "only in Ireland") is as often said of something else ("in some wooded
# areas"), so it counts only in the sentence the headline matches best.
SEEN_IN = _patterns(
    rf"\bin (?:lab(?:oratory)? )?{_SUBJECTS}\b",
    r"\bin lab(?:oratory)? [a-z]+s\b",  # "in laboratory tanks", "in lab tests"
    # A group the finding was seen in, narrowed ("among men over 65", "in patients with
    # asthma"): kept by a headline that names the group.
    rf"\b(?:in|among) (?:{_NARROWED} )?(?P<part>{_GROUPS})"
    r"(?: (?:over|under|aged) \d+| with [a-z]+)+",
    rf"\b{_STUDIES} (?:study|studies|trials?|tests?|experiments?|models?|research)\b",
    r"\bin (?:early|initial|preliminary|small|limited) "
    r"(?:tests|trials|studies|testing|experiments)\b",
    # A small count the finding was seen in ("in 20 patients"); a thousand people or more is a
    # study's size, not a limit. Nor is "a study of 900 patients" (its size), or a rate ("one in
    # ten people", "1 in 5 adults", "in 85 percent of cases").
    rf"(?<!\bone )(?<!\d )\b(?:in|at|among) (?:\d{{1,3}}(?! ?%| per ?cent)|{_FEW}) "
    rf"(?:[a-z]+ ){{0,2}}{_PEOPLE}\b",
    r"\bin cell experiments\b",
)
LIMITED_TO = _patterns(
    # The part is what limits: "in three London boroughs" is not "in London".
    rf"\b(?:in|on|at) (?:the )?(?P<part>{_PARTS}) (?:[a-z]+ ){{0,3}}{_PLACES}\b",
    rf"\bin {_NAME}['’]s (?:[a-z]+ )?(?P<region>{_NAME}(?: {_NAME})?) {_REGION}\b",
    rf"\b{_FOR_NOW}\b",
    # A place, when the text says the finding holds only there: "only in Ireland".
    # (Case matters there: "in seoul said the only" is no place.)
    r"\bonly in (?-i:[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})",
    r"\bin (?-i:[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}),? (?:only|alone)\b",
)

# A trial's comparison with its control group: the design that shows a cause, so its "had fewer
# falls than those who did not" supports "cuts falls". Only a trial the finding comes from ("in a
# trial of 240 children", "than those given a placebo"), not one wished for or under way.
TRIAL_FINDING = _patterns(
    r"\bplacebo\b",
    r"\b(?:in|from|according to|by) an? (?:[\w-]+ ){0,3}trial (?:of|involving|with|among|in)\b",
    r"\brandomi[sz]ed\b(?! trial (?:is|would|will|could|should))",
)

# Quantifiers that limit a claim to part of what it is about ("some patients"): they count only
# when what they quantify is what the headline is about, not "some media sources".
SCOPE_QUANTIFIERS = _patterns(rf"\b{_SOME}\b")

# A story that says whom its finding was not tried on, or may not apply to: "it has not yet
# been tried in women without symptoms", "the results might not apply to people living
# independently", "people with normal blood pressure were not included".
SCOPE_DISCLAIMED = _patterns(
    r"\bnot (?:yet )?(?:been )?(?:tried|tested|studied|trialled|trialed) (?:in|on|among|with)\b",
    r"\bnot (?:necessarily )?apply to\b",
    r"\b(?:were|was|are|is) not included\b",
    # What it leaves out or may not hold for: "the approval does not cover milder forms of
    # asthma", "results may differ in urban areas", "was not observed in those living with".
    r"\b(?:do|does|did) not cover\b",
    r"\b(?:results|findings|effects?) (?:may|might|could) (?:be )?differ(?:ent)? "
    r"(?:in|among|for)\b",
    r"\b(?:was|were) not (?:observed|seen) (?:in|among)\b",
)

# Other causes a body names for what a headline gives one cause: "other factors, including a
# milder winter, may have contributed".
OTHER_CAUSES = _patterns(
    r"\b(?:other|several) (?:factors|causes|explanations)\b|\bfactors such as\b",
    r"\bnot (?:the only|the sole|solely|only) (?:factor|cause|reason|explanation)\b",
)

# A headline that answers a claim with a denial: "Phone maker rejects online video's claim",
# "Ministry disputes report of shortages" (HEADLINE_DISPUTES has the single words).
DISPUTED_CLAIM = _patterns(
    r"\b(?:reject(?:s|ed)?|disput(?:e|es|ed)|den(?:y|ies|ied)|dismiss(?:es|ed)?|contest(?:s|ed)?"
    r"|refut(?:e|es|ed)|debunk(?:s|ed)?)(?: [\w'’-]+){0,3}? "
    r"(?:claims?|reports?|allegations?|accusations?|rumou?rs?|suggestions?|case|lawsuit)\b"
)

# An allegation: a claim made against someone ('a former employee alleged that the firm',
# 'accused the ministry of hiding'), which is a weak source once the body says it is denied.
ALLEGATION = _patterns(
    r"\b(?:alleg(?:es|ed|ing)|claim(?:s|ed|ing))\b(?: [\w'’,-]+){0,8}? that\b",
    r"\baccus(?:es|ed|ing)\b(?: [\w'’,-]+){0,6}? of\b",
)

# Who a finding was seen in, by where they live, are treated or work: "residents of care homes",
# "care-home residents", "patients in hospital". A headline keeps it by repeating the place.
_MEMBERS = _alternatives(
    "residents, patients, pupils, students, inmates, prisoners, workers, staff, children"
)
_INSTITUTIONS = _alternatives(
    """care homes, care home, nursing homes, nursing home, hospitals, hospital, prisons, prison,
    hospices, hospice, factories, factory, intensive care"""
)
SEEN_AT = _patterns(
    rf"\b{_MEMBERS} (?:of|in|at) (?:[a-z]+ )??(?P<part>{_INSTITUTIONS})\b",
    rf"\b(?P<place>care|nursing)[ -]homes? {_MEMBERS}\b",
)


def _lines_by_word(text: str) -> dict[str, tuple[str, ...]]:
    """Each word of each line -> the line's words, in its order: a verb's forms (base, -s,
    past, -ing, then other spellings), or the words for one event."""
    table = {}
    for line in text.strip().splitlines():
        words = tuple(line.split())
        table.update(dict.fromkeys(words, words))
    return table


# Verbs that report an event: a headline that says one happened ("North Korea declares war")
# over a body that never uses the verb in any form reports an event the story does not.
EVENT_VERBS = _lines_by_word(
    """
    declare declares declared declaring
    attack attacks attacked attacking
    invade invades invaded invading
    kill kills killed killing
    arrest arrests arrested arresting
    charge charges charged charging
    convict convicts convicted convicting
    sentence sentences sentenced sentencing
    jail jails jailed jailing
    sue sues sued suing
    ban bans banned banning
    approve approves approved approving
    reject rejects rejected rejecting
    veto vetoes vetoed vetoing
    pass passes passed passing
    sign signs signed signing
    resign resigns resigned resigning
    quit quits quit quitting
    sack sacks sacked sacking
    hire hires hired hiring
    elect elects elected electing
    win wins won winning
    lose loses lost losing
    buy buys bought buying
    sell sells sold selling
    acquire acquires acquired acquiring
    merge merges merged merging
    close closes closed closing
    shut shuts shut shutting
    open opens opened opening
    launch launches launched launching
    cancel cancels cancelled cancelling canceled canceling
    suspend suspends suspended suspending
    halt halts halted halting
    raise raises raised raising
    cut cuts cut cutting
    slash slashes slashed slashing
    hike hikes hiked hiking
    lift lifts lifted lifting
    impose imposes imposed imposing
    seize seizes seized seizing
    bomb bombs bombed bombing
    shoot shoots shot shooting
    strike strikes struck striking
    crash crashes crashed crashing
    collapse collapses collapsed collapsing
    explode explodes exploded exploding
    destroy destroys destroyed destroying
    evacuate evacuates evacuated evacuating
    rescue rescues rescued rescuing
    recall recalls recalled recalling
    default defaults defaulted defaulting
    bankrupt bankrupts bankrupted bankrupting
    expel expels expelled expelling
    deport deports deported deporting
    execute executes executed executing
    abandon abandons abandoned abandoning
    withdraw withdraws withdrew withdrawing withdrawn
    unveil unveils unveiled unveiling
    discover discovers discovered discovering
    cure cures cured curing
    confirm confirms confirmed confirming
    admit admits admitted admitting
    agree agrees agreed agreeing
    settle settles settled settling
    award awards awarded awarding
    break breaks broke breaking broken
    block blocks blocked blocking
    overturn overturns overturned overturning
    topple topples toppled toppling
    oust ousts ousted ousting
    steal steals stole stealing stolen
    hack hacks hacked hacking
    leak leaks leaked leaking
    flee flees fled fleeing
    escape escapes escaped escaping
    die dies died dying
    injure injures injured injuring
    sink sinks sank sinking sunk
    flood floods flooded flooding
    burn burns burned burning burnt
    storm storms stormed storming
    riot riots rioted rioting
    axe axes axed axing
    raid raids raided raiding
    kidnap kidnaps kidnapped kidnapping
    abduct abducts abducted abducting
    murder murders murdered murdering
    stab stabs stabbed stabbing
    hijack hijacks hijacked hijacking
    loot loots looted looting
    infect infects infected infecting
    poison poisons poisoned poisoning
    file files filed filing
    introduce introduces introduced introducing
    nationalise nationalises nationalised nationalising
    nationalize nationalizes nationalized nationalizing
    erupt erupts erupted erupting
    postpone postpones postponed postponing
    eliminate eliminates eliminated eliminating
    """
)


# Phrasal verbs that report an event verb's event, each form in the order of the verb's forms
# (base, -s, past, -ing): staff who "walk out" strike, a chief who "steps down" resigns.
def _phrasal(text: str) -> dict[str, str]:
    table = {}
    for line in text.strip().splitlines():
        verb, said = line.split(":")
        forms = EVENT_VERBS[verb.strip()]
        table.update(zip((" ".join(s.split()) for s in said.split("|")), forms, strict=False))
    return table


EVENT_PHRASES = _phrasal(
    """
    strike: walk out | walks out | walked out | walking out
    strike: go on strike | goes on strike | went on strike | going on strike
    strike: stage a walkout | stages a walkout | staged a walkout | staging a walkout
    resign: step down | steps down | stepped down | stepping down
    cancel: call off | calls off | called off | calling off
    withdraw: pull out | pulls out | pulled out | pulling out
    sack: lay off | lays off | laid off | laying off
    """
)
# Each event verb's phrases, by the verb's base form: a body that says "walked out" reports a
# strike.
PHRASES_OF_EVENT = {
    verb: frozenset(p for p, form in EVENT_PHRASES.items() if form in EVENT_VERBS[verb])
    for verb in dict.fromkeys(EVENT_VERBS[form][0] for form in EVENT_PHRASES.values())
}

# Words that report the same event as an event verb, one event a line (verbs in their base form,
# and nouns): a body that says "acquired" or "the acquisition" reports "buys", one that says
# "lowered" reports "cuts". They are matched by stem, so each verb's inflections count too.
EVENT_SYNONYMS = _lines_by_word(
    """
    buy acquire purchase acquisition takeover buyout
    sell divest dispose sale offering
    raise increase lift hike boost improve
    cut reduce lower slash trim reduction eliminate
    shut close closure
    merge merger combine
    win victory
    launch unveil introduce
    open start begin
    kill die dead death
    arrest detain
    sue lawsuit
    settle settlement
    agree agreement
    reject refuse rebuff
    lose loss defeat
    suspend halt suspension
    approve approval ratify
    resign quit resignation
    ban prohibit
    withdraw withdrawal
    strike walkout stoppage
    sack dismiss dismissal layoff layoffs redundancy redundancies redundant
    cancel scrap cancellation
    erupt eruption
    postpone delay defer postponement
    """
)

# What says an event did not happen, or has not yet: a denial, a wish or a call for it, a
# modal, a condition, a question. Said before the event's verb ("denied that the council
# banned", "chanted for him to be sacked", "no homes had been flooded") or just after it
# ("filing for bankruptcy was not being considered"), it tells the event as unrealised.
UNREALISED = OPEN_CLAIMS | _entries(
    """
    not, no, no plans to, never, nobody, none, neither, nor, without, cannot, denied, denies, deny,
    denying, ruled out, rules out, rule out, dismissed, refused, refuses, failed to, would,
    should, if, unless, whether, called for, calls for, call for, calling for, chanted for,
    demanded, demands, demanding, urged, urges, urging, wants, wanted, hoped, hoping, wished,
    threatened, threatens, threatening, fear, fears, feared, rumour, rumours, rumor, rumors,
    false, untrue, recommend, recommends, recommended, recommending, subject to, requires,
    require, needs, pending, awaiting, awaits
    """
)

# Verbs of a change, by direction and strength: a headline that says output "collapses" over a
# body that says it "fell 0.4 percent" makes the change bigger than the story does. Each line
# gives a verb's forms in the order of EVENT_VERBS (base, -s, past, -ing, then others).
STRONG_RISES = _lines_by_word(
    """
    soar soars soared soaring
    surge surges surged surging
    rocket rockets rocketed rocketing
    skyrocket skyrockets skyrocketed skyrocketing
    spike spikes spiked spiking
    balloon balloons ballooned ballooning
    boom booms boomed booming
    """
)
STRONG_FALLS = _lines_by_word(
    """
    plunge plunges plunged plunging
    plummet plummets plummeted plummeting
    collapse collapses collapsed collapsing
    slump slumps slumped slumping
    tumble tumbles tumbled tumbling
    nosedive nosedives nosedived nosediving
    crater craters cratered cratering
    """
)
MILD_RISES = _lines_by_word(
    """
    rise rises rose rising risen
    gain gains gained gaining
    climb climbs climbed climbing
    increase increases increased increasing
    grow grows grew growing grown
    edge edges edged edging
    """
)
MILD_FALLS = _lines_by_word(
    """
    fall falls fell falling fallen
    drop drops dropped dropping
    dip dips dipped dipping
    slip slips slipped slipping
    decline declines declined declining
    ease eases eased easing
    """
)
# The mild and the strong verbs of each direction of change.
CHANGES = ((MILD_RISES, STRONG_RISES), (MILD_FALLS, STRONG_FALLS))
# Words with which a body tells a change as big as a strong verb does.
BIG_CHANGE = _entries(
    "sharply, steeply, dramatically, record, biggest, massive, soaring, plunging, steepest"
)
