"""Which database holds the verdicts, how to connect to it, and bringing its schema up to date.

SQLite in a file by default, created on first use, in WAL mode so that several service workers
can write at once; PostgreSQL when the URL says `postgresql://` (driven by psycopg 3). Every SQL
statement is built by SQLAlchemy; nothing here pastes values into SQL text.
"""

import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

MIGRATIONS = Path(__file__).with_name("migrations")
# How long a writer waits for another's lock (SQLite) or for a connection (PostgreSQL).
WAIT_SECONDS = 30
CONNECT_TIMEOUT_SECONDS = 5
# Any fixed number: the key of the PostgreSQL advisory lock that serialises migrations.
MIGRATION_LOCK_KEY = 7_310_851_002


class DatabaseUnavailable(Exception):
    """The verdicts database cannot be reached or used; the message says why, without secrets."""


def parse_url(url: str) -> URL:
    """The URL SQLAlchemy will use, or ValueError saying which URLs are understood."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    if parsed is None or parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ValueError(
            "the database URL must look like sqlite:///path/to/file.sqlite3 or "
            "postgresql://user:password@host:5432/name"
        )
    if parsed.get_backend_name() == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.database in (None, "", ":memory:"):
        raise ValueError("a SQLite database URL must name a file: sqlite:///path/to/file.sqlite3")
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL as it may be shown in messages and logs: without its password."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_file(url: URL) -> Path | None:
    return Path(url.database) if url.get_backend_name() == "sqlite" else None


def connect(url: str) -> Engine:
    """An engine for the database at `url`; it connects only when first used."""
    parsed = parse_url(url)
    if sqlite_file(parsed) is None:
        return create_engine(
            parsed,
            pool_pre_ping=True,
            pool_timeout=WAIT_SECONDS,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
        )
    engine = create_engine(parsed, connect_args={"timeout": WAIT_SECONDS})
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_immediately)
    return engine


def _configure_sqlite(dbapi_connection, _record) -> None:
    # The driver's own transaction handling is switched off so that `_begin_immediately` decides.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {WAIT_SECONDS * 1000}")
    _use_wal(cursor)
    # FULL: a commit is on disk (fsync) before it returns, so an acknowledged verdict survives
    # a power cut, not only a killed process.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.close()


def _use_wal(cursor) -> None:
    """Switch the file to WAL mode, waiting for another process that holds its lock: SQLite
    answers "database is locked" at once here instead of calling the busy handler, which two
    workers creating the database together on a first start would otherwise hit."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _begin_immediately(connection) -> None:
    # Take the write lock when the transaction starts: a transaction that read first and then
    # tried to write could fail at once instead of waiting its turn.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision, one process at a time.

    The lock: SQLite's write lock (BEGIN IMMEDIATE) or a PostgreSQL advisory lock, held by the
    transaction the migration runs in, so workers starting together migrate once, in turn.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    path = sqlite_file(engine.url)
    try:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except DBAPIError as error:
        raise unavailable(engine, error) from error
    except OSError as error:
        raise DatabaseUnavailable(f"{safe_url(engine.url)}: {error}") from error


def unavailable(engine: Engine, error: DBAPIError) -> DatabaseUnavailable:
    reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
    return DatabaseUnavailable(f"{safe_url(engine.url)}: {reason}")
