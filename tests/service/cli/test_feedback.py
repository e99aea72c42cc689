"""`hypegap feedback export` and `import`: verdicts moved between databases as JSONL."""

import pytest

from feedback.store import NewVerdict, VerdictStore
from tests.service.cli.conftest import read_jsonl, run, write_jsonl

ROWS = [
    {"headline": "Rates may rise", "body": "<p>The bank said rates <b>may</b> rise.</p>",
     "body_format": "html", "verdict": "stretched", "editor": "desk-1", "score_shown": 0.31,
     "model_version": "v1", "note": "It says may."},
    {"headline": "Council approves cycle lanes", "verdict": "faithful",
     "id": "4f9c0b52-0000-4000-8000-000000000001", "received_at": "2025-01-01T09:00:00Z",
     "url": "https://example.org/ignored"},
]  # fmt: skip


@pytest.fixture
def source(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/source.sqlite3"
    store = VerdictStore(url)
    for n in range(3):
        store.add(NewVerdict(headline=f"Headline {n}", body=f"Body {n}.", verdict="overstated",
                             editor=f"desk-{n}", note="naïve ✓"))  # fmt: skip
    return url


def test_an_export_imported_elsewhere_gives_the_same_verdicts_and_twice_adds_nothing(
    source, database_url, tmp_path, capsys
):
    exported = tmp_path / "verdicts.jsonl"

    status, out, err = run(["feedback", "export", "--database-url", source, "-o", exported], capsys)

    assert status == 0 and out == "" and "exported 3 verdicts" in err
    lines = read_jsonl(exported)
    assert [line["headline"] for line in lines] == ["Headline 0", "Headline 1", "Headline 2"]
    assert lines[0]["note"] == "naïve ✓"
    status, _, err = run(["feedback", "import", "--database-url", database_url, exported], capsys)
    assert status == 0 and "imported 3 verdicts" in err
    assert list(VerdictStore(database_url).all()) == list(VerdictStore(source).all())
    status, _, err = run(["feedback", "import", "--database-url", database_url, exported], capsys)
    assert status == 0 and "imported 0 verdicts" in err and "3 were already stored" in err


def test_import_takes_api_bodies_reduces_html_keeps_ids_and_times(database_url, tmp_path, capsys):
    path = write_jsonl(tmp_path / "collected.jsonl", ROWS)

    status, _, err = run(["feedback", "import", "--database-url", database_url, path], capsys)

    assert status == 0, err
    first, second = VerdictStore(database_url).all()
    assert first.body == "The bank said rates may rise." and first.note == "It says may."
    assert second.id == ROWS[1]["id"]
    assert second.received_at.isoformat() == "2025-01-01T09:00:00+00:00"


def test_an_import_with_a_bad_line_imports_nothing_and_names_every_bad_line(
    database_url, tmp_path, capsys
):
    path = write_jsonl(
        tmp_path / "mixed.jsonl",
        [ROWS[0], {"headline": "No verdict"}, {"headline": "X", "verdict": "hyped"},
         {**ROWS[0], "note": "n" * 2001}],
    )  # fmt: skip

    status, _, err = run(["feedback", "import", "--database-url", database_url, path], capsys)

    assert status == 1
    assert "3 bad lines, nothing imported" in err
    assert f"{path}:2: missing field 'verdict'" in err
    assert f"{path}:3: field 'verdict'" in err
    assert f"{path}:4: field 'note' is longer than the limit of 2,000 characters" in err
    assert list(VerdictStore(database_url).all()) == []


def test_an_export_to_stdout_streams_the_lines(source, capsys):
    status, out, _ = run(["feedback", "export", "--database-url", source], capsys)

    assert status == 0 and len(out.splitlines()) == 3


def test_an_unreachable_database_is_one_line_and_leaves_no_file(tmp_path, capsys):
    exported = tmp_path / "verdicts.jsonl"
    down = "postgresql://editor:s3cret@127.0.0.1:1/verdicts"

    status, _, err = run(["feedback", "export", "--database-url", down, "-o", exported], capsys)

    assert status == 1
    assert err.startswith("hypegap: the feedback database is unavailable: ")
    assert "s3cret" not in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_url_of_another_kind_of_database_is_refused(capsys):
    status, _, err = run(["feedback", "export", "--database-url", "mysql://host/db"], capsys)

    assert status == 1 and "--database-url: the database URL must look like" in err
