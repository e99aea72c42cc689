"""The verdict store on both databases: stored once, paged in order, deleted, migrated once."""

import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from feedback.database import DatabaseUnavailable, parse_url
from feedback.schema import metadata
from feedback.store import IdempotencyConflict, NewVerdict, Verdict, VerdictStore

VERDICT = NewVerdict(
    headline="Council approves new cycle lanes",
    body="The council voted on Monday to approve two new cycle lanes.",
    verdict="faithful",
    editor="desk-1",
)


def test_a_verdict_is_stored_with_an_id_and_a_time_and_read_back_whole(database_url):
    store = VerdictStore(database_url)
    new = NewVerdict(
        headline="Rates may rise",
        body="The bank said rates may rise.",
        verdict="stretched",
        score_shown=0.52,
        level_shown="stretched",
        model_version="v1",
        article_id="story-9",
        editor="desk-2",
        note="close call",
    )
    before = datetime.now(UTC)

    added = store.add(new)

    assert added.outcome == "stored"
    assert before <= added.verdict.received_at <= datetime.now(UTC)
    (read,) = store.all()
    assert read == added.verdict
    assert read.received_at.utcoffset() == timedelta(0)


def test_the_same_editor_s_same_verdict_on_the_same_text_is_stored_once(database_url):
    store = VerdictStore(database_url)
    first = store.add(VERDICT)
    respaced = NewVerdict(**{**VERDICT.__dict__, "body": VERDICT.body.replace(" ", "  ")})

    again = store.add(respaced)

    assert again.outcome == "duplicate" and again.verdict.id == first.verdict.id
    assert len(list(store.all())) == 1


@pytest.mark.parametrize(
    "change",
    [{"verdict": "stretched"}, {"editor": "desk-2"}, {"body": "A different body."}],
    ids=["another verdict", "another editor", "another article"],
)
def test_a_different_verdict_editor_or_article_is_stored_apart(database_url, change):
    store = VerdictStore(database_url)
    store.add(VERDICT)

    assert store.add(NewVerdict(**{**VERDICT.__dict__, **change})).outcome == "stored"


def test_verdicts_without_an_editor_are_never_merged(database_url):
    store = VerdictStore(database_url)
    anonymous = NewVerdict(**{**VERDICT.__dict__, "editor": None})

    assert [store.add(anonymous).outcome for _ in range(2)] == ["stored", "stored"]


def test_with_an_article_id_the_same_article_is_the_same_id_whatever_its_text(database_url):
    store = VerdictStore(database_url)
    store.add(NewVerdict(**{**VERDICT.__dict__, "article_id": "story-1"}))

    edited = NewVerdict(**{**VERDICT.__dict__, "article_id": "story-1", "body": "Edited."})

    assert store.add(edited).outcome == "duplicate"


def test_an_idempotency_key_replays_the_first_answer_and_refuses_another_verdict(database_url):
    store = VerdictStore(database_url)
    first = store.add(VERDICT, idempotency_key="key-1")

    replay = store.add(VERDICT, idempotency_key="key-1")

    assert replay.outcome == "replayed" and replay.verdict == first.verdict
    with pytest.raises(IdempotencyConflict):
        store.add(NewVerdict(**{**VERDICT.__dict__, "verdict": "overstated"}), "key-1")
    assert len(list(store.all())) == 1


def test_pages_go_oldest_first_to_the_end_and_since_filters_by_time(database_url):
    store = VerdictStore(database_url)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    ids = [
        store.add(
            NewVerdict(headline=f"Headline {i}", body="", verdict="faithful"),
            received_at=start + timedelta(hours=i),
        ).verdict.id
        for i in range(5)
    ]

    seen, cursor = [], 0
    while cursor is not None:
        items, cursor = store.page(2, after_seq=cursor)
        seen += [item.id for item in items]
        assert len(items) <= 2

    assert seen == ids
    recent, last = store.page(10, since=start + timedelta(hours=3))
    assert [item.id for item in recent] == ids[3:] and last is None


def test_a_deleted_verdict_is_gone_and_deleting_it_again_says_so(database_url):
    store = VerdictStore(database_url)
    added = store.add(VERDICT)

    assert store.delete(added.verdict.id) is True
    assert store.delete(added.verdict.id) is False
    assert list(store.all()) == []


def test_imported_verdicts_keep_their_ids_and_an_import_twice_adds_nothing(database_url):
    store = VerdictStore(database_url)
    elsewhere = Verdict(**VERDICT.__dict__, id="4f9c0b52-0000-4000-8000-000000000001",
                        received_at=datetime(2025, 2, 1, tzinfo=UTC))  # fmt: skip

    assert store.add_all([elsewhere]) == (1, 0)
    assert store.add_all([elsewhere]) == (0, 1)
    assert list(store.all()) == [elsewhere]


def test_the_migrations_build_exactly_the_schema_the_code_declares(database_url):
    store = VerdictStore(database_url)
    store.ensure_schema()

    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)

    assert differences == []


def _start_and_add(url: str, editor: str) -> None:
    store = VerdictStore(url)
    store.add(NewVerdict(**{**VERDICT.__dict__, "editor": editor}))


def test_workers_starting_together_on_a_new_database_migrate_once_and_all_write(database_url):
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_start_and_add, args=(database_url, f"desk-{i}")) for i in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    assert sorted(v.editor for v in VerdictStore(database_url).all()) == [
        f"desk-{i}" for i in range(4)
    ]


def _migrate_when_both_are_ready(url: str, ready) -> str:
    store = VerdictStore(url)
    ready.wait()
    try:
        store.ensure_schema()
    except DatabaseUnavailable as error:
        return str(error)
    return "migrated"


def test_two_workers_connecting_at_once_to_a_new_sqlite_file_both_migrate(tmp_path):
    # Two workers switching a new file to WAL mode together: SQLite answers one of them
    # "database is locked" at once, without waiting (about one start in two, before the fix).
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager, context.Pool(2) as pool:
        ready = manager.Barrier(2)
        for start in range(20):
            url = f"sqlite:///{tmp_path}/start-{start}.sqlite3"
            outcomes = pool.starmap(_migrate_when_both_are_ready, [(url, ready)] * 2)
            assert outcomes == ["migrated", "migrated"], f"start {start}"


def test_an_unreachable_database_is_reported_without_its_password():
    store = VerdictStore("postgresql://editor:s3cret@127.0.0.1:1/verdicts")

    with pytest.raises(DatabaseUnavailable) as raised:
        store.add(VERDICT)

    assert "127.0.0.1" in str(raised.value) and "s3cret" not in str(raised.value)


@pytest.mark.parametrize("url", ["mysql://host/db", "sqlite://", "sqlite:///:memory:", "not a url"])
def test_only_sqlite_files_and_postgresql_are_understood(url):
    with pytest.raises(ValueError, match="sqlite:///"):
        parse_url(url)
