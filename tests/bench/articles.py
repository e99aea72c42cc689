"""Distinct, news-like articles of about 600 words, generated from a seed.

Each article is a story about one of several beats, with named people and places, figures,
quotes, hedged and plain claims, and a headline that is either faithful to the body or
overstates it. Nothing is taken from the project's data.
"""

import random

PLACES = [
    "Leeds", "Bristol", "Glasgow", "Cardiff", "Norwich", "Belfast", "Aberdeen", "Exeter",
    "Toledo", "Lyon", "Porto", "Gdansk", "Utrecht", "Tampere", "Graz", "Valencia",
]  # fmt: skip
FIRST = [
    "Maria", "James", "Aisha", "Tomasz", "Elena", "David", "Priya", "Samuel", "Ingrid",
    "Kwame", "Lucia", "Hiroshi", "Fatima", "Owen", "Sofia", "Daniel",
]  # fmt: skip
LAST = [
    "Okafor", "Lindqvist", "Moreno", "Patel", "Kowalski", "Brennan", "Haddad", "Nakamura",
    "Fischer", "Adeyemi", "Rossi", "Walsh", "Novak", "Castillo", "Jensen", "Mensah",
]  # fmt: skip
BEATS = {
    "health": {
        "subject": ["a daily cup of green tea", "short walks after meals", "a low-salt diet",
                    "regular afternoon naps", "a common allergy drug", "eating more fibre"],
        "effect": ["a lower risk of heart disease", "slightly better sleep", "lower blood pressure",
                   "fewer migraines", "a smaller rise in blood sugar", "better memory scores"],
        "who": ["researchers at the university hospital", "a team of epidemiologists",
                "scientists at the national institute", "doctors at the regional clinic"],
        "study": ["an observational study of {n} adults", "a trial in {n} volunteers",
                  "a study in mice", "a review of {n} earlier papers"],
        "hype": ["cures", "prevents", "reverses", "eliminates"],
    },
    "council": {
        "subject": ["the new bus lanes", "the library budget", "a plan to cut street lighting",
                    "the riverside housing scheme", "rubbish collection changes", "a parking levy"],
        "effect": ["a saving of {n} thousand pounds", "a modest rise in bus use",
                   "complaints from some residents", "a delay of several months",
                   "a small drop in traffic", "mixed reactions at a public meeting"],
        "who": ["the city council", "the transport committee", "local councillors",
                "the planning board"],
        "study": ["a consultation with {n} residents", "a six-month pilot",
                  "an internal review", "a report by auditors"],
        "hype": ["destroys", "wrecks", "ruins", "bankrupts"],
    },
    "tech": {
        "subject": ["the startup's new battery", "a chip made by the firm", "the app's new feature",
                    "a software update", "the company's delivery drones", "an open-source model"],
        "effect": ["a small gain in range", "faster start-up times", "fewer crashes in testing",
                   "a drop in energy use", "slightly quicker deliveries",
                   "better accuracy on one test"],
        "who": ["engineers at the company", "an independent lab", "analysts at a consultancy",
                "the firm's research team"],
        "study": ["tests on {n} devices", "a limited trial", "an early prototype",
                  "benchmarks run by the firm itself"],
        "hype": ["revolutionises", "changes forever", "kills off", "transforms"],
    },
    "climate": {
        "subject": ["the coastal wetland project", "a new tree-planting drive",
                    "the regional wind farm", "a heat-pump subsidy", "river flood barriers",
                    "a ban on peat compost"],
        "effect": ["a small fall in emissions", "fewer flooded homes last winter",
                   "more birds counted on the marsh", "lower bills for some households",
                   "a rise in local jobs", "slower erosion on one stretch of coast"],
        "who": ["the environment agency", "ecologists from the university",
                "the regional energy board", "a conservation charity"],
        "study": ["a survey of {n} sites", "satellite data from {n} years",
                  "a pilot in two villages", "measurements at {n} stations"],
        "hype": ["saves", "solves", "ends", "reverses"],
    },
}  # fmt: skip
HEDGES = ["may", "might", "could", "appears to", "seems to", "is likely to", "is expected to"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = [
    "The findings were published on {day} and have not yet been reviewed by other experts.",
    "{name}, who was not involved in the work, said the results were interesting but early.",
    "Officials in {place} said they would look at the figures again next year.",
    "Similar work in {place2} found a smaller effect, and some found none at all.",
    "The report noted that {n} people took part, fewer than the authors had hoped.",
    "Critics said the sample was too small to draw firm conclusions.",
    "A spokesperson declined to comment on the cost, which has not been made public.",
    "Supporters argued that even a modest change would be worth the effort.",
    "The authors said more data would be needed before any change in advice.",
    "Local groups in {place} have asked for a public meeting to discuss the results.",
    "{name} said the team would publish a fuller analysis in the spring.",
    "Earlier estimates had put the figure at about {n}, but that number was later revised.",
    "Several questions remain, including how long any effect lasts.",
    "The work was funded by a grant of {n} thousand pounds from a research council.",
    "Residents interviewed on {day} were divided, with some welcoming the news.",
    "{name} warned against reading too much into a single set of results.",
]


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _fill(template: str, rng: random.Random, beat: dict) -> str:
    return template.format(
        n=rng.randint(12, 4800),
        day=rng.choice(DAYS),
        place=rng.choice(PLACES),
        place2=rng.choice(PLACES),
        name=_person(rng),
    )


def article(rng: random.Random, words: int = 600) -> dict:
    """One article: {"headline", "body"}; the body has about `words` words in paragraphs."""
    beat = BEATS[rng.choice(sorted(BEATS))]
    subject, effect = rng.choice(beat["subject"]), _fill(rng.choice(beat["effect"]), rng, beat)
    who, study = rng.choice(beat["who"]), _fill(rng.choice(beat["study"]), rng, beat)
    place, lead_person = rng.choice(PLACES), _person(rng)
    hedge = rng.choice(HEDGES)
    if rng.random() < 0.5:
        headline = f"{subject[0].upper()}{subject[1:]} {hedge} bring {effect}, {who} say"
    else:
        headline = (
            f"{rng.choice(['Shocking', 'Incredible', 'Huge'])}: {subject} "
            f"{rng.choice(beat['hype'])} everything, experts say!"
        )
    lead = (
        f"{who[0].upper()}{who[1:]} in {place} said on {rng.choice(DAYS)} that {subject} "
        f"{hedge} lead to {effect}, according to {study}. {lead_person}, who led the work, "
        f"said the result was encouraging but cautioned that it did not prove cause and effect."
    )
    paragraphs, count = [lead], len(lead.split())
    while count < words:
        sentences = [_fill(rng.choice(FILLER), rng, beat) for _ in range(rng.randint(2, 4))]
        if rng.random() < 0.4:
            sentences.append(
                f'"We {rng.choice(["think", "believe", "suspect"])} {subject} {hedge} help, '
                f'but we need to be careful," said {_person(rng)}.'
            )
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return {"headline": headline, "body": "\n\n".join(paragraphs)}


def articles(count: int, seed: int, words: int = 600) -> list[dict]:
    """`count` distinct articles; the same seed gives the same articles."""
    rng = random.Random(seed)
    made, seen = [], set()
    while len(made) < count:
        one = article(rng, words)
        if one["body"] not in seen:
            seen.add(one["body"])
            made.append(one)
    return made
