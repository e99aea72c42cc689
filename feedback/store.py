"""The verdict store: add a verdict once, page through them, delete one, read them all.

"The same verdict" (stored once): the same `editor` giving the same `verdict` on the same
article, where the same article is the same `article_id` when one is given, else the same
headline and body text (compared after collapsing whitespace). Verdicts without an editor are
never merged. A retried request with the same `Idempotency-Key` gets the verdict it stored.

Nothing here knows HTTP; every method may raise DatabaseUnavailable.
"""

import hashlib
import json
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from feedback.database import connect, unavailable, upgrade
from feedback.schema import verdicts

# Rows fetched at a time when reading every verdict (export, training).
STREAM_ROWS = 500


class IdempotencyConflict(Exception):
    """The Idempotency-Key was used before for a different verdict."""


@dataclass(frozen=True)
class NewVerdict:
    """A verdict as an editor gives it; `body` is the text the model reads (HTML reduced)."""

    headline: str
    body: str
    verdict: str
    score_shown: float | None = None
    level_shown: str | None = None
    model_version: str | None = None
    article_id: str | None = None
    editor: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Verdict(NewVerdict):
    """A stored verdict."""

    id: str = ""
    received_at: datetime | None = None

    def to_json(self) -> dict:
        return {**asdict(self), "received_at": self.received_at.isoformat()}


@dataclass(frozen=True)
class Added:
    verdict: Verdict
    # "stored": new; "replayed": a request with this Idempotency-Key stored it before;
    # "duplicate": the same verdict was stored before, by another request.
    outcome: Literal["stored", "replayed", "duplicate"]

    @property
    def created(self) -> bool:
        return self.outcome == "stored"


def article_key(article_id: str | None, headline: str, body: str) -> str:
    if article_id is not None:
        return "id:" + hashlib.sha256(article_id.encode()).hexdigest()
    text = " ".join(headline.split()) + "\n" + " ".join(body.split())
    return "text:" + hashlib.sha256(text.encode()).hexdigest()


def fingerprint(new: NewVerdict) -> str:
    return hashlib.sha256(json.dumps(asdict(new), sort_keys=True).encode()).hexdigest()


_VERDICT_FIELDS = [f.name for f in fields(Verdict)]


def _verdict(row) -> Verdict:
    values = {name: getattr(row, name) for name in _VERDICT_FIELDS}
    received = values["received_at"]
    # SQLite keeps no time zone (it was stored in UTC); PostgreSQL answers in its own.
    values["received_at"] = (
        received.replace(tzinfo=UTC) if received.tzinfo is None else received.astimezone(UTC)
    )
    return Verdict(**values)


class VerdictStore:
    """Verdicts in the database at `url`; the schema is brought up to date on first use."""

    def __init__(self, url: str):
        self.engine: Engine = connect(url)
        self._upgraded = False
        self._upgrade_lock = threading.Lock()

    def ensure_schema(self) -> None:
        """Migrate once per process; until that succeeds, every call tries again."""
        if self._upgraded:
            return
        with self._upgrade_lock:
            if not self._upgraded:
                upgrade(self.engine)
                self._upgraded = True

    def check(self) -> None:
        """Raise DatabaseUnavailable unless the database answers, schema up to date."""
        self.ensure_schema()
        with self._reporting():
            with self.engine.connect() as connection:
                connection.execute(select(verdicts.c.seq).limit(1)).all()

    def add(
        self,
        new: NewVerdict,
        idempotency_key: str | None = None,
        verdict_id: str | None = None,
        received_at: datetime | None = None,
    ) -> Added:
        """Store a verdict once; the transaction is committed (durable) before this returns."""
        self.ensure_schema()
        with self._reporting():
            try:
                return self._add(new, idempotency_key, verdict_id, received_at)
            except IntegrityError:
                # Another request stored the same verdict (or key) between our look and our
                # write: now the look finds it.
                return self._add(new, idempotency_key, verdict_id, received_at)

    def add_all(self, items: Iterable[Verdict]) -> tuple[int, int]:
        """Store verdicts collected elsewhere, keeping their ids and times.

        Returns how many were added and how many were here already (same id, or the same
        verdict by the dedupe rule).
        """
        added = present = 0
        for item in items:
            new = NewVerdict(**{f.name: getattr(item, f.name) for f in fields(NewVerdict)})
            result = self.add(new, verdict_id=item.id or None, received_at=item.received_at)
            added += result.created
            present += not result.created
        return added, present

    def _add(self, new, idempotency_key, verdict_id, received_at) -> Added:
        digest = fingerprint(new)
        key = article_key(new.article_id, new.headline, new.body)
        with self.engine.begin() as connection:
            if idempotency_key is not None:
                row = connection.execute(
                    select(verdicts).where(verdicts.c.idempotency_key == idempotency_key)
                ).first()
                if row is not None:
                    if row.request_sha256 != digest:
                        raise IdempotencyConflict(idempotency_key)
                    return Added(_verdict(row), "replayed")
            if verdict_id is not None:
                same_id = select(verdicts).where(verdicts.c.id == verdict_id)
                row = connection.execute(same_id).first()
                if row is not None:
                    return Added(_verdict(row), "duplicate")
            if new.editor is not None:
                row = connection.execute(
                    select(verdicts).where(
                        verdicts.c.editor == new.editor,
                        verdicts.c.article_key == key,
                        verdicts.c.verdict == new.verdict,
                    )
                ).first()
                if row is not None:
                    return Added(_verdict(row), "duplicate")
            stored = Verdict(
                **asdict(new),
                id=verdict_id or str(uuid.uuid4()),
                received_at=received_at or datetime.now(UTC),
            )
            connection.execute(
                insert(verdicts).values(
                    **asdict(stored),
                    article_key=key,
                    idempotency_key=idempotency_key,
                    request_sha256=digest,
                )
            )
        return Added(stored, "stored")

    def page(
        self, limit: int, after_seq: int = 0, since: datetime | None = None
    ) -> tuple[list[Verdict], int | None]:
        """Up to `limit` verdicts in order of arrival after `after_seq`, and the next cursor."""
        self.ensure_schema()
        query = select(verdicts).where(verdicts.c.seq > after_seq)
        if since is not None:
            query = query.where(verdicts.c.received_at >= since.astimezone(UTC))
        with self._reporting(), self.engine.connect() as connection:
            rows = connection.execute(query.order_by(verdicts.c.seq).limit(limit + 1)).all()
        more = len(rows) > limit
        rows = rows[:limit]
        return [_verdict(row) for row in rows], (rows[-1].seq if more else None)

    def delete(self, verdict_id: str) -> bool:
        """Remove one verdict; False when there was none with that id."""
        self.ensure_schema()
        with self._reporting(), self.engine.begin() as connection:
            deleted = connection.execute(delete(verdicts).where(verdicts.c.id == verdict_id))
            return deleted.rowcount > 0

    def all(self) -> Iterator[Verdict]:
        """Every verdict in order of arrival, read a few hundred rows at a time."""
        self.ensure_schema()
        with self._reporting(), self.engine.connect() as connection:
            result = connection.execution_options(yield_per=STREAM_ROWS).execute(
                select(verdicts).order_by(verdicts.c.seq)
            )
            for row in result:
                yield _verdict(row)

    @contextmanager
    def _reporting(self) -> Iterator[None]:
        """The driver's errors, but a broken rule, as DatabaseUnavailable with a one-line reason."""
        try:
            yield
        except IntegrityError:
            raise
        except DBAPIError as error:
            raise unavailable(self.engine, error) from error
