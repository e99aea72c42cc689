"""`python -m service`: check the settings and the artifact, then serve them with uvicorn.

A bad setting stops here with one line on stderr and exit status 2, a missing artifact or one
this code cannot score (a model fitted before a feature was added) with status 3, before any
worker starts. A service that started and then cannot serve (a respawned worker cannot load the
model) stops with exit status 1. `python -m service --check` stops after the checks (status 0
if it would serve): `make serve` trains a new model on status 3.
"""

import gc
import os
import sys
import tempfile
from pathlib import Path

from pydantic import ValidationError

from service.settings import Settings

EXIT_REFUSED = 2
EXIT_NO_MODEL = 3  # no artifact this code can serve: train one
EXIT_FAILED = 1  # started, then could not go on serving


def settings_problem(error: ValidationError) -> str:
    return "; ".join(
        f"HYPEGAP_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors()
    )


def check_artifact(settings: Settings) -> "Path | str":
    """Load and probe the model once, as every worker will: its version folder, or the problem.

    The link is resolved here once, and the workers serve that version folder whatever the
    link points at by the time they start.
    """
    from model.artifact import ArtifactError
    from service.serving import ModelHolder

    artifact = settings.model_dir.resolve()
    try:
        ModelHolder(settings.model_dir).load(artifact)
    except ArtifactError as error:
        return str(error)
    gc.collect()
    return artifact


def main() -> int:
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"hypegap: invalid settings: {settings_problem(error)}", file=sys.stderr)
        return EXIT_REFUSED
    except ValueError as error:
        print(f"hypegap: invalid settings: {error}", file=sys.stderr)
        return EXIT_REFUSED
    artifact = check_artifact(settings)
    if isinstance(artifact, str):
        print(f"hypegap: cannot start: {artifact}", file=sys.stderr)
        return EXIT_NO_MODEL
    if sys.argv[1:] == ["--check"]:
        return 0
    # Imported only now, so that a bad setting is reported without loading the server's stack.
    import uvicorn

    from service.fleet import WORKERS_DIR_VARIABLE, Fleet
    from service.observability import MULTIPROCESS_DIR_VARIABLE, logging_config
    from service.supervisor import REUSE_PORT_SPREADS, Supervisor

    with tempfile.TemporaryDirectory(prefix="hypegap-") as run_dir:
        if settings.workers > 1 and not os.environ.get(MULTIPROCESS_DIR_VARIABLE):
            # Workers count into files here, so /metrics can add up all of them.
            os.environ[MULTIPROCESS_DIR_VARIABLE] = os.path.join(run_dir, "metrics")
            os.mkdir(os.environ[MULTIPROCESS_DIR_VARIABLE])
        # The workers agree here on the model they serve.
        os.environ[WORKERS_DIR_VARIABLE] = os.path.join(run_dir, "workers")
        fleet = Fleet(Path(os.environ[WORKERS_DIR_VARIABLE]))
        fleet.publish(artifact)
        config = uvicorn.Config(
            "service.app:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            loop="uvloop",
            http="httptools",
            log_config=logging_config(settings.log_level),
            access_log=False,
            server_header=False,
            timeout_graceful_shutdown=settings.shutdown_seconds,
        )
        if settings.workers == 1:
            server = uvicorn.Server(config)
            server.run()
            return 0 if server.started else EXIT_FAILED
        supervisor = Supervisor(
            config,
            fleet=fleet,
            stop_seconds=settings.shutdown_seconds + 5,
            ready_seconds=settings.reload_timeout_seconds,
            reuse_port=settings.reuse_port and REUSE_PORT_SPREADS,
        )
        supervisor.run()
        return EXIT_FAILED if supervisor.failed else 0


if __name__ == "__main__":
    sys.exit(main())
