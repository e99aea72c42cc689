"""`hypegap score`: one article, printed for a person or as the API's JSON object."""

import argparse
import json
import sys
from pathlib import Path

from service.cli import backends
from service.cli.articles import article_from
from service.cli.errors import EXIT_OK, CliError, ItemRejected


def add_to(commands: argparse._SubParsersAction) -> None:
    score = commands.add_parser(
        "score",
        parents=[backends.options()],
        help="score one headline and body",
        description="Score one headline against its body and print the score, level and reasons.",
    )
    score.add_argument("--headline", required=True, help="the headline to score")
    body = score.add_mutually_exclusive_group()
    body.add_argument("--body", help="the article body as text")
    body.add_argument(
        "--body-file", metavar="PATH", help="read the body from a UTF-8 file, or - for stdin"
    )
    score.add_argument("--json", action="store_true", help="print the API's JSON object instead")
    score.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    fields = {"headline": args.headline, "body": read_body(args)}
    backend = backends.open_backend(args)
    try:
        result = backend.score_one(article_from(fields, backend.articles, name="the {}"))
    except (ValueError, ItemRejected) as error:
        raise CliError(str(error)) from None
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(describe(result))
    return EXIT_OK


def read_body(args: argparse.Namespace) -> str:
    if args.body is not None:
        return args.body
    if args.body_file is None:
        return ""
    if args.body_file == "-":
        return sys.stdin.read()
    try:
        return Path(args.body_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"cannot read the body file {args.body_file}: {error}") from None


def signed(weight: float) -> str:
    return f"{weight:+.2f}"


def describe(result: dict) -> str:
    """A plain-text report of one scored article (its reasons and words when explained)."""
    lines = [
        f"score  {result['score']:.2f}  {result['level']}",
        f"model  {result['model_version']}",
    ]
    explanation = result["explanation"]
    if explanation is None:
        return "\n".join(lines)
    reasons = explanation["reasons"]
    if reasons:
        lines.append("reasons (+ raises the score, - lowers it):")
        lines += [f"  {signed(r['weight']):>6}  {r['message']}" for r in reasons]
    terms = sorted(explanation["headline_terms"], key=lambda t: -abs(t["weight"]))
    if terms:
        lines.append("headline words:")
        lines += [f"  {signed(t['weight']):>6}  {t['text']}" for t in terms]
    return "\n".join(lines)
