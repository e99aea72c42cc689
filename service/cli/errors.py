"""How a command ends: its exit statuses, and the failures `main` turns into one line on stderr."""

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_LINES = 3
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A failure the user can act on, printed as one line without a traceback."""


class ItemRejected(Exception):
    """The scorer or the service refused one article; the other articles can still be scored."""
