"""The `hypegap` parser, the dispatch to its commands, and the exit statuses they end with.

A command is a module with `add_to(commands)`: it adds its subparser to `commands` and sets
`run`, a function of the parsed arguments that returns the exit status. Listing the module in
COMMANDS is all it takes to add one; the order is the order of `hypegap --help`.
"""

import argparse
import os
import sys

from service.cli import feedback, passthrough, score, score_archive, score_file
from service.cli.errors import EXIT_ERROR, EXIT_INTERRUPTED, CliError

COMMANDS = (score, score_file, score_archive, feedback, passthrough)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hypegap",
        description="Score how far news headlines overstate what their article bodies support.",
        epilog=(
            "exit status: 0 done, 1 error, 2 bad usage, "
            "3 score-file or score-archive skipped bad input lines (the good ones are written)"
        ),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_to(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv and argv[0] in passthrough.PASSTHROUGH:
            return passthrough.run(argv[0], argv[1:])
        args = build_parser().parse_args(argv)
        return args.run(args)
    except CliError as error:
        print(f"hypegap: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("hypegap: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader (`| head`) went away: stop quietly, as other Unix tools do, and keep
        # Python from failing again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERROR
    except OSError as error:
        print(f"hypegap: {error}", file=sys.stderr)
        return EXIT_ERROR
