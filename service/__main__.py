"""`python -m service`: check the settings and the artifact, then serve them with uvicorn.

A bad setting or a missing or invalid artifact stops here with one line on stderr and exit
status 2, before any worker starts.
"""

import gc
import os
import sys
import tempfile
from contextlib import ExitStack

from pydantic import ValidationError

from service.settings import Settings

EXIT_REFUSED = 2


def settings_problem(error: ValidationError) -> str:
    return "; ".join(
        f"HYPEGAP_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in error.errors()
    )


def check_artifact(settings: Settings) -> str | None:
    """Load and probe the model once, as every worker will: the problem in one line, or None."""
    from model.artifact import ArtifactError
    from service.serving import ModelHolder

    try:
        ModelHolder(settings.model_dir).load()
    except ArtifactError as error:
        return str(error)
    gc.collect()
    return None


def main() -> int:
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"hypegap: invalid settings: {settings_problem(error)}", file=sys.stderr)
        return EXIT_REFUSED
    except ValueError as error:
        print(f"hypegap: invalid settings: {error}", file=sys.stderr)
        return EXIT_REFUSED
    problem = check_artifact(settings)
    if problem:
        print(f"hypegap: cannot start: {problem}", file=sys.stderr)
        return EXIT_REFUSED
    # Imported only now, so that a bad setting is reported without loading the server's stack.
    import uvicorn

    from service.observability import MULTIPROCESS_DIR_VARIABLE, logging_config

    with ExitStack() as cleanup:
        if settings.workers > 1 and not os.environ.get(MULTIPROCESS_DIR_VARIABLE):
            # Workers count into files here, so /metrics can add up all of them.
            directory = cleanup.enter_context(
                tempfile.TemporaryDirectory(prefix="hypegap-metrics-")
            )
            os.environ[MULTIPROCESS_DIR_VARIABLE] = directory
        uvicorn.run(
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
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
