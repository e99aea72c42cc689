"""The newsroom's ratings: verdicts from the feedback database, rows of rated files."""

import json

import pytest

from feedback.store import NewVerdict, VerdictStore
from training.corpora.common import DataError
from training.corpora.newsroom import RatedArticle, level_of, load_file, load_verdicts


def write(path, rows: list[dict]):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_verdicts_come_with_their_level_what_the_editor_saw_and_an_article_key(database_url):
    store = VerdictStore(database_url)
    store.add(NewVerdict("Rates may rise", "The bank said so.", "stretched", score_shown=0.7,
                         level_shown="overstated", model_version="v1", editor="a"))  # fmt: skip
    store.add(NewVerdict("Rates may rise", "The bank said so.", "faithful", editor="b"))
    store.add(NewVerdict("Other", "", "overstated", article_id="story-2"))

    first, second, third = load_verdicts(database_url)

    assert (first.level, first.model_version) == ("stretched", "v1")
    assert first.level_shown == "overstated"
    assert first.target is None and first.key == second.key != third.key
    assert third.key.startswith("id:")


def test_no_database_file_means_no_verdicts_and_creates_none(tmp_path):
    assert load_verdicts(f"sqlite:///{tmp_path}/absent.sqlite3") == []
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_database_is_a_data_error_naming_the_setting():
    with pytest.raises(DataError, match="HYPEGAP_DATABASE_URL"):
        load_verdicts("postgresql://editor:s3cret@127.0.0.1:1/verdicts")


def test_a_jsonl_file_gives_levels_and_targets(tmp_path):
    path = write(
        tmp_path / "desk.jsonl",
        [
            {"headline": "  Storm  closes schools ", "body": "Schools shut.", "level": "faithful"},
            {"headline": "Storm of the century!", "target": 0.8, "id": 17},
            {"headline": "Schools may shut", "body": "", "target": 0.4},
        ],
    )

    rows = load_file(path)

    assert [(r.headline, r.level, r.target) for r in rows] == [
        ("Storm closes schools", "faithful", None),
        ("Storm of the century!", "overstated", 0.8),
        ("Schools may shut", "stretched", 0.4),
    ]
    assert rows[1].key.startswith("id:")


def test_a_csv_file_reads_quoted_bodies_and_text_targets(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text(
        'headline,body,target,level\n"Rates rise","Line one.\nLine two.",0.1,\n'
        "Rates soar!,,,overstated\n",
        encoding="utf-8",
    )

    assert load_file(path) == [
        RatedArticle("Rates rise", "Line one.\nLine two.", "faithful", 0.1, load_file(path)[0].key),
        RatedArticle("Rates soar!", "", "overstated", None, load_file(path)[1].key),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"body": "b", "level": "faithful"}, "desk.jsonl:2: headline is missing or blank"),
        ({"headline": "h"}, "desk.jsonl:2: give either target (0..1) or level"),
        ({"headline": "h", "target": 0.2, "level": "faithful"}, "not both or neither"),
        ({"headline": "h", "target": 1.5}, "desk.jsonl:2: target 1.5 is not a number from 0 to 1"),
        ({"headline": "h", "target": True}, "target True is not a number"),
        ({"headline": "h", "level": "hyped"}, "level 'hyped' is not one of faithful, stretched"),
        ({"headline": "h", "body": 3, "level": "faithful"}, "desk.jsonl:2: body must be text"),
    ],
)
def test_a_bad_row_is_a_data_error_naming_file_and_line(tmp_path, row, message):
    path = write(tmp_path / "desk.jsonl", [{"headline": "fine", "level": "faithful"}, row])

    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_file(path)


def test_a_missing_or_unknown_kind_of_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="newsroom file missing"):
        load_file(tmp_path / "absent.jsonl")
    (tmp_path / "desk.xlsx").write_bytes(b"")
    with pytest.raises(DataError, match="expected a .jsonl or .csv file"):
        load_file(tmp_path / "desk.xlsx")


def test_targets_fall_in_levels_at_a_third_and_two_thirds():
    assert [level_of(t) for t in (0, 0.33, 0.34, 0.66, 0.67, 1)] == [
        "faithful", "faithful", "stretched", "stretched", "overstated", "overstated",
    ]  # fmt: skip
