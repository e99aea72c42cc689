"""`make evaluate`: score the held-out data with the saved model and write the reports.

    python -m training.evaluate [--data-dir DIR] [--model DIR] [--reports DIR]

`reports/metrics.json` holds only what the data, code and seed determine (no times), so the
same data and seed give an identical file; `reports/metrics.md` adds the training cost.
"""

import argparse
import json
import sys
from pathlib import Path

from model.artifact import METADATA_FILE, ArtifactError, load_artifact, write_atomically
from training import newsroom
from training.config import ConfigError, parse_config
from training.corpora.common import DataError, resolve_data_dir
from training.examples import build_examples
from training.metrics import heldout_figures
from training.train import CLAIM_FIGURES, scores_of

# (check, figure, direction, target, published anchor)
TARGETS = (
    ("webis17_test", "mse", "<=", 0.030, "0.033 (2017 winner), 0.024 (best later entry)"),
    ("webis17_test", "accuracy", ">=", None, "0.856 / 0.876"),
    ("webis17_test", "f1", ">=", None, "0.683 / 0.741"),
    ("webis17_test", "roc_auc", ">=", None, "-"),
    ("webis17_test", "ece_vs_truth_mean", "<=", 0.03, "-"),
    ("stop_clickbait_test", "accuracy", ">=", 0.97, "0.93 paper; ~0.96 LR; 0.986 DistilBERT"),
    ("stop_clickbait_test", "f1", ">=", None, "-"),
    ("fnc1_competition_test", "unrelated_above_agree", ">=", 0.97, "-"),
    ("webis22_vs_sober_news_test", "roc_auc", ">=", 0.98, "-"),
    ("constructed_test", "overstated_above_faithful", ">=", None, "-"),
    ("insciout", "roc_auc_exaggerates_vs_same", ">=", 0.75, "-"),
    (CLAIM_FIGURES, "press", ">=", 0.75, "0.88 (BioBERT, PubMed)"),
    (CLAIM_FIGURES, "overall", ">=", None, "-"),
)


def metrics_report(metadata: dict, figures: dict) -> dict:
    return {
        "heldout": figures,
        "thresholds": metadata["thresholds"],
        "data_files": metadata["data_files"],
    }


def markdown_report(metadata: dict, figures: dict, model_dir: Path) -> str:
    lines = [
        "# hypegap held-out metrics",
        "",
        f"Model `{metadata['model_version']}` (commit `{metadata.get('git_commit', 'unknown')}`). "
        "Every figure comes from test rows that were never fitted on; regenerate with "
        "`make evaluate`.",
        "",
        "| check | figure | measured | target | met | published anchor |",
        "|---|---|---:|---:|:---:|---|",
    ]
    for check, figure, direction, target, anchor in TARGETS:
        value = figures.get(check, {}).get(figure)
        if value is None:
            continue
        if target is None:
            target_text, met = "-", "-"
        else:
            target_text = f"{direction} {target}"
            met = "yes" if (value <= target if direction == "<=" else value >= target) else "no"
        lines.append(f"| {check} | {figure} | {value:.4f} | {target_text} | {met} | {anchor} |")
    fnc = figures["fnc1_competition_test"]["mean_score_by_stance"]
    families = figures["constructed_test"]["by_family"]
    lines += [
        "",
        "FNC-1 mean score by stance: "
        + ", ".join(f"{stance} {score:.3f}" for stance, score in fnc.items()),
        "",
        "Constructed test pairs, overstated body above faithful body, by family: "
        + ", ".join(f"{family} {share:.3f}" for family, share in families.items()),
        "",
        "Level thresholds (chosen on validation rows, per question): "
        + "; ".join(
            f"{question.replace('_', ' ')}: stretched from {levels['stretched']}, "
            f"overstated from {levels['overstated']}"
            for question, levels in metadata["thresholds"].items()
        )
        + ".",
        "",
        "Fitted weights of the with-body model's features (standardised): "
        + ", ".join(f"{k} {v:+.2f}" for k, v in metadata.get("relation_weights", {}).items()),
    ]
    cost = metadata.get("training_cost", {})
    size = sum(f.stat().st_size for f in model_dir.iterdir() if f.is_file()) / 2**20
    lines += [
        "",
        "## Cost",
        "",
        f"- training wall time: {cost.get('wall_seconds', '?')} s (target <= 180 s on 2 cores)",
        f"- peak memory: {cost.get('peak_memory_mib', '?')} MiB (target <= 4096 MiB)",
        f"- artifact size: {size:.1f} MiB (target <= 100 MB)",
        "",
        "Rows per source and split: see `data_rows` in the artifact's metadata.json.",
    ]
    return "\n".join(lines) + "\n"


def evaluate(data_dir: Path, model_dir: Path, reports_dir: Path) -> dict:
    pipeline, metadata = load_artifact(model_dir)
    config = parse_config(metadata.get("config"), origin=str(model_dir / METADATA_FILE))
    examples = build_examples(data_dir, config)
    figures = heldout_figures(lambda rows: scores_of(pipeline, rows), examples)
    # Cross-validated at training time, on the claim-strength corpus only: copied, not re-run.
    if CLAIM_FIGURES in metadata.get("metrics", {}):
        figures[CLAIM_FIGURES] = metadata["metrics"][CLAIM_FIGURES]
    report = metrics_report(metadata, figures)
    if newsroom_figures := newsroom.agreement(model_dir, config):
        report["newsroom"] = newsroom_figures
    write_atomically(
        reports_dir / "metrics.json", json.dumps(report, indent=2, sort_keys=True) + "\n"
    )
    markdown = markdown_report(metadata, figures, model_dir) + newsroom.markdown(newsroom_figures)
    write_atomically(reports_dir / "metrics.md", markdown)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hypegap evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", help="corpora folder (default: $DATA_DIR or ../shared/data)")
    parser.add_argument("--model", default="artifacts/current", type=Path, help="model folder")
    parser.add_argument("--reports", default="reports", type=Path, help="where reports go")
    args = parser.parse_args(argv)
    try:
        evaluate(resolve_data_dir(args.data_dir), args.model, args.reports)
    except (ConfigError, DataError, ArtifactError) as error:
        print(f"hypegap evaluate: {error}", file=sys.stderr)
        return 2
    print((args.reports / "metrics.md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
