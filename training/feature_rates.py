"""How often relation features fire, per source (and per family of constructed pairs).

    python -m training.feature_rates [--model DIR] [--rows N] [FEATURE ...]

A claim feature is worth its weight when it fires on overstated rows and not on faithful ones:
this reads a sample of training rows (N per group, default 1,500) with the model's fitted
relation transformer and prints the share of each group on which each feature is non-zero.
"""

import argparse
import random
import sys
from pathlib import Path

from model.artifact import load_artifact
from training.config import DEFAULT_CONFIG, load_config
from training.corpora.common import resolve_data_dir
from training.examples import Example, build_examples

CLAIM_FEATURES = (
    "evidence_hedged",
    "certainty_gap",
    "scope_dropped",
    "weak_source",
    "unreported_action",
    "unrealised_event",
    "inflated_change",
)


def group_of(example: Example) -> str:
    if example.source == "fnc1":
        return f"fnc1/{example.label}"
    if example.source == "constructed":
        return f"constructed/{example.label}/{'overstated' if example.target > 0 else 'faithful'}"
    return example.source


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=Path("artifacts/current"))
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--rows", type=int, default=1500)
    parser.add_argument("features", nargs="*", default=CLAIM_FEATURES)
    args = parser.parse_args(argv)
    model, _ = load_artifact(args.model)
    relation = model.with_body.named_steps["features"].named_transformers_["relation"][0]
    unknown = set(args.features) - set(relation.get_feature_names_out())
    if unknown:
        parser.error(f"unknown features: {', '.join(sorted(unknown))}")
    examples = build_examples(resolve_data_dir(args.data_dir), load_config(DEFAULT_CONFIG))
    groups: dict[str, list[Example]] = {}
    for example in examples:
        if example.split == "train" and example.body:
            groups.setdefault(group_of(example), []).append(example)
    print(f"{'group (rows)':48}" + "".join(f"{name[:16]:>17}" for name in args.features))
    for name in sorted(groups):
        rows = random.Random(0).sample(groups[name], min(args.rows, len(groups[name])))
        readings = relation.readings([[e.headline, e.body] for e in rows])
        measured = [relation.measure(reading) for reading in readings]
        rates = [sum(m[f].value > 0 for m in measured) / len(measured) for f in args.features]
        print(f"{f'{name} ({len(rows)})':48}" + "".join(f"{rate:17.3f}" for rate in rates))
    return 0


if __name__ == "__main__":
    sys.exit(main())
