"""Webis-Clickbait-22 posts: bodies, ids, de-duplication against Webis-17, glued sentences."""

import pytest

from tests.training.corpora.fixtures import by_id
from training.corpora import webis17, webis22


def test_webis22_joins_post_text_and_paragraphs(data_dir):
    post = by_id(webis22.load(data_dir))["v1"]

    assert post.post_text == "NASA sets date for ozone recovery"
    assert post.body == "First paragraph.\n\nOzone & chlorine fall."
    assert post.title == "NASA: ozone hole heals by 2070"
    assert post.file == "webis22/validation.jsonl.gz"


def test_webis22_names_test_inputs_by_row_and_has_no_title_outside_validation(data_dir):
    posts = by_id(webis22.load(data_dir))

    assert posts["test_inputs:0"].post_text == "This simple item saves lives"
    assert posts["test_inputs:0"].title is None
    assert posts["p1"].title is None
    assert posts["v3"].title is None


def test_webis22_is_disjoint_from_webis17_by_id_and_by_text(data_dir):
    from_webis17 = webis17.load(data_dir)
    from_webis22 = webis22.load(data_dir)

    assert not {post.id for post in from_webis22} & {post.id for post in from_webis17}
    assert not {post.post_text for post in from_webis22} & {post.post_text for post in from_webis17}
    assert "v2" not in by_id(from_webis22)


def test_webis22_keeps_the_first_of_a_repeated_id_or_text(data_dir):
    posts = webis22.load(data_dir)

    assert [post.id for post in posts] == ["v1", "v3", "test_inputs:0", "p1"]
    assert by_id(posts)["v1"].file == "webis22/validation.jsonl.gz"


def test_webis22_restores_glued_sentences_without_splitting_abbreviations(data_dir):
    body = by_id(webis22.load(data_dir))["p1"].body

    assert body == (
        "2070 is a great year for Mother Earth. That's when NASA expects a recovery. "
        "The U.S. agency saw 3.5 pct less chlorine in 2012. Researchers called it "
        '"good news." The team was happy. "We are thrilled," said Dr. Strahan.'
    )


@pytest.mark.integration
def test_real_webis22_loads_with_the_sizes_of_the_data_card(real_data_dir):
    assert 2_700 <= len(webis22.load(real_data_dir)) <= 3_167
