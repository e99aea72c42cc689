"""Reuters-21578 stories: unwrapped bodies and recased titles."""

import pytest

from tests.training.corpora.fixtures import by_id
from training.corpora import reuters


def test_reuters_unwraps_the_body_and_drops_the_sign_off(data_dir):
    articles = by_id(reuters.load(data_dir))

    assert articles["1"].body == (
        "Showers continued throughout the week in the Bahia cocoa zone, alleviating the "
        "drought, Comissaria Smith said in its weekly review.\n\n"
        "The dry period means the temporao will be late.\n\n"
        "Arrivals were 155,221 bags of cocoa."
    )
    assert articles["2"].body == (
        "International Business Machines Corp, or IBM, said its U.S. sales rose <5 pct> last year."
    )
    assert articles["4"].source == "reuters"


def test_reuters_recases_all_caps_titles_like_the_body(data_dir):
    articles = by_id(reuters.load(data_dir))

    assert articles["1"].title == "Bahia cocoa review"
    assert articles["2"].title == "IBM <IBM> says U.S. sales rose"


def test_reuters_takes_a_spelling_the_body_lacks_from_stories_with_the_same_title_word(data_dir):
    assert by_id(reuters.load(data_dir))["3"].title == "IMF lends to Jamaica"


def test_reuters_skips_rows_without_title_or_body_and_duplicate_bodies(data_dir):
    assert [article.id for article in reuters.load(data_dir)] == ["1", "2", "3", "4"]


@pytest.mark.integration
def test_real_reuters_loads_with_the_sizes_of_the_data_card(real_data_dir):
    articles = reuters.load(real_data_dir)
    assert 18_500 <= len(articles) <= 19_043 - 262
    assert sum(article.title.isupper() for article in articles) < len(articles) // 100
