"""The `hypegap` command: score articles from a terminal, with the model on disk or a service.

Every scored article is printed as the API's JSON object (`id`, `score`, `level`,
`headline_only`, `model_version`, `explanation`), whether the local model or a running service
(`--url`) scored it, so scripts can switch between the two without noticing.

One module per job: `main` (parser, dispatch, exit statuses), `errors` (how a command fails),
`backends` (the local model or a service over HTTP), one module per command (`score`,
`score_file`, `passthrough` to training). A new command is one new module with an
`add_to(commands)` that adds its subparser and sets `run`, listed in `main.COMMANDS`.
"""

from service.cli.main import main

__all__ = ["main"]
