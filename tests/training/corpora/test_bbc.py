"""BBC News articles."""

import pytest

from training.corpora import bbc


def test_bbc_keeps_the_first_of_duplicated_bodies(data_dir):
    articles = bbc.load(data_dir)

    assert [article.id for article in articles] == ["bbc/business/001.txt", "bbc/tech/003.txt"]
    assert {article.source for article in articles} == {"bbc"}
    assert articles[0].title == "Ad sales boost Time Warner profit"
    assert articles[0].body == "Quarterly profits jumped 76%.\n\nThe firm signed a communiqué."
    assert articles[1].body == "More homes are online.\n\n- fast\n\n- cheap"


@pytest.mark.integration
def test_real_bbc_loads_with_the_sizes_of_the_data_card(real_data_dir):
    assert 2_225 - 140 <= len(bbc.load(real_data_dir)) <= 2_225 - 133
