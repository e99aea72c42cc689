"""`hypegap train` and `hypegap evaluate`: the training command lines, arguments passed unchanged.

`main` hands them their arguments before parsing, so their own `--help` answers; the
subparsers added here only list them in `hypegap --help`.
"""

import argparse
import importlib

from service.cli.errors import CliError

PASSTHROUGH = {
    "train": ("training.train", "fit the model and save an artifact (same as `make train`)"),
    "evaluate": ("training.evaluate", "score held-out data and write reports (`make evaluate`)"),
}


def add_to(commands: argparse._SubParsersAction) -> None:
    for name, (_, summary) in PASSTHROUGH.items():
        commands.add_parser(name, help=summary, add_help=False)


def run(command: str, argv: list[str]) -> int:
    module_name = PASSTHROUGH[command][0]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name and module_name.startswith(error.name):
            message = f"`hypegap {command}` is not available: {module_name} is missing"
            raise CliError(message) from None
        raise
    return module.main(argv)
