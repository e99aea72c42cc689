"""`python -m training.kinds`: the pairs caught, the pairs ordered and the mean scores."""

import json
from pathlib import Path

from training import kinds

KINDS = Path(__file__).resolve().parents[1] / "fixtures" / "overstatement_kinds_dev.jsonl"


def test_the_kinds_tool_counts_caught_and_ordered_pairs_and_the_mean_scores(
    tiny_scorer, tiny_artifact, capsys
):
    assert kinds.main(["--model", str(tiny_artifact), str(KINDS)]) == 0
    rows = [json.loads(line) for line in KINDS.read_text(encoding="utf-8").splitlines()]
    pairs = [
        (tiny_scorer.score(r["faithful"], r["body"]), tiny_scorer.score(r["overstated"], r["body"]))
        for r in rows
    ]
    caught = sum(kinds.caught(f, o) for f, o in pairs)
    ordered = sum(o.score > f.score for f, o in pairs)
    faithful = sum(f.score for f, _ in pairs) / len(pairs)
    overstated = sum(o.score for _, o in pairs) / len(pairs)
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"{caught} of {len(pairs)} pairs caught (margin 0.2, at least stretched), "
        f"{ordered} ordered; mean score faithful {faithful:.3f}, overstated {overstated:.3f}"
    )
