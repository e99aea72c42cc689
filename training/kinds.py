"""Score hand-written pairs of a faithful and an overstated headline over one body.

    python -m training.kinds [--model DIR] FILE.jsonl [FILE.jsonl ...]

Each row has `kind`, `body`, `faithful` and `overstated`. A pair is caught when the overstated
headline scores at least 0.2 above the faithful one and is at least `stretched`: the behaviour
the integration test holds the model to; it is ordered when the overstated headline merely
scores higher. The reasons show which features did the work. The last line counts both over
all the files, with the mean score of each side.
"""

import argparse
import json
import sys
from pathlib import Path

from model.scorer import Scorer

MARGIN = 0.2


def caught(faithful, overstated) -> bool:
    return overstated.score >= faithful.score + MARGIN and overstated.level != "faithful"


def top_reasons(scored, count: int = 3) -> str:
    reasons = sorted(scored.explanation.reasons, key=lambda r: -abs(r.weight))[:count]
    return ", ".join(f"{r.code} {r.weight:+.2f}" for r in reasons)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("artifacts/current"))
    parser.add_argument("files", type=Path, nargs="+")
    args = parser.parse_args(argv)
    scorer = Scorer.load(args.model)
    total = hits = ordered = 0
    faithful_sum = overstated_sum = 0.0
    for path in args.files:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            faithful = scorer.score(row["faithful"], row["body"])
            overstated = scorer.score(row["overstated"], row["body"])
            hit = caught(faithful, overstated)
            total, hits = total + 1, hits + hit
            ordered += overstated.score > faithful.score
            faithful_sum += faithful.score
            overstated_sum += overstated.score
            print(
                f"{'caught' if hit else 'MISSED':6} {row['kind']:11} "
                f"{faithful.score:.2f} / {overstated.score:.2f} ({overstated.level})  "
                f"overstated: {top_reasons(overstated)}"
            )
    print(
        f"{hits} of {total} pairs caught (margin {MARGIN}, at least stretched), {ordered} ordered; "
        f"mean score faithful {faithful_sum / max(total, 1):.3f}, "
        f"overstated {overstated_sum / max(total, 1):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
