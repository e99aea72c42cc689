"""FNC-1 headline/body pairs of each part."""

from collections import Counter

import pytest

from tests.training.corpora.fixtures import write_fixture_file
from training.corpora import fnc1
from training.corpora.common import DataError


def test_fnc1_joins_stances_with_bodies_keeping_quotes_and_paragraphs(data_dir):
    pairs = fnc1.load(data_dir, "train")

    assert [(pair.headline, pair.body_id, pair.stance) for pair in pairs] == [
        ("Hundreds of Palestinians flee floods", 0, "agree"),
        ("Spider burrowed through tourist's stomach", 1, "unrelated"),
        ("Hundreds of Palestinians flee floods", 1, "unrelated"),
    ]
    assert pairs[0].body == (
        'Officials said "the dams" were opened.\n\nHomes were flooded.\n\nHundreds fled.'
    )
    assert pairs[1].body == "A spider, the report says, was found."


def test_fnc1_reads_the_competition_test_files_for_that_part(data_dir):
    pairs = fnc1.load(data_dir, "competition_test")

    assert [(pair.headline, pair.body, pair.stance) for pair in pairs] == [
        ("Zombie cat meows back to life", "A cat was found.", "discuss")
    ]


def test_fnc1_rejects_an_unknown_part(data_dir):
    with pytest.raises(ValueError, match="competition_test"):
        fnc1.load(data_dir, "test")


def test_fnc1_stance_without_body_is_a_data_error(data_dir):
    stances = [["Headline", "Body ID", "Stance"], ["Orphan headline", "99", "agree"]]
    write_fixture_file(data_dir / "fnc1/train_stances.csv.gz", stances)

    with pytest.raises(DataError, match="Body ID 99"):
        fnc1.load(data_dir, "train")


@pytest.mark.integration
def test_real_fnc1_loads_with_the_sizes_of_the_data_card(real_data_dir):
    train = fnc1.load(real_data_dir, "train")
    competition_test = fnc1.load(real_data_dir, "competition_test")
    assert len(train) == 49_972 and len(competition_test) == 25_413
    assert Counter(pair.stance for pair in train) == {
        "unrelated": 36_545,
        "discuss": 8_909,
        "agree": 3_678,
        "disagree": 840,
    }
