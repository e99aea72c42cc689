"""Stop Clickbait headlines."""

import pytest

from training.corpora import stop_clickbait


def test_stop_clickbait_labels_headlines_and_drops_ambiguous_ones(data_dir):
    headlines = stop_clickbait.load(data_dir)

    assert [(item.headline, item.clickbait) for item in headlines] == [
        ("You Won't Believe What This Cat Did", True),
        ("17 Dogs Who Are Better Than You", True),
        ("Senate Passes Budget Bill", False),
    ]


@pytest.mark.integration
def test_real_stop_clickbait_loads_with_the_sizes_of_the_data_card(real_data_dir):
    assert 31_900 <= len(stop_clickbait.load(real_data_dir)) <= 32_000
