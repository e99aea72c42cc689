"""Word lists that describe how strongly a text claims something.

They feed the headline-body relation features: the model learns how much each list matters; the
lists only say which words belong together. Multi-word entries are matched as phrases.
"""


def _entries(text: str) -> frozenset[str]:
    return frozenset(" ".join(entry.split()) for entry in text.split(",") if entry.strip())


HEDGES = _entries(
    """
    may, might, could, possibly, possible, perhaps, suggest, suggests, suggested, suggesting,
    appear, appears, appeared, seem, seems, seemed, likely, unlikely, potential, potentially,
    allegedly, alleged, reportedly, rumour, rumours, rumor, rumors, unconfirmed, unverified,
    preliminary, linked, associated, correlated, correlation, association, believed,
    speculation, speculated, apparently, accidental, accidentally, mistakenly, modest,
    slightly, slight, minor, limited, tentative, uncertain, unclear, estimated, claimed,
    purportedly, supposedly, probably, mice, rats, in mice, in rats, small study, pilot study,
    not yet, no evidence, more research, further research, too early, so far
    """
)

REFUTATIONS = _entries(
    """
    denied, denies, deny, denying, false, fake, hoax, debunked, untrue, not true, dismissed,
    refuted, baseless, satire, satirical, fabricated, misleading, bogus, no truth, never
    happened, doctored, photoshopped
    """
)

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
