"""HTML bodies are reduced to the text a reader sees, one paragraph per block."""

import time

import pytest

from service.html_text import TooDeep, html_to_text


def test_paragraphs_are_kept_and_inline_markup_is_dropped():
    html = (
        "<h1>Floods</h1><p>Rain <b>flooded</b> streets.</p><p>Basements filled &amp; drained.</p>"
    )
    assert html_to_text(html) == "Floods\n\nRain flooded streets.\n\nBasements filled & drained."


def test_scripts_styles_and_the_head_are_not_text():
    html = (
        "<html><head><title>Site name</title><style>p{color:red}</style></head><body>"
        "<script>document.write('<p>war</p>')</script><p>Quiet day.</p>"
        "<noscript>Enable JavaScript</noscript></body></html>"
    )
    assert html_to_text(html) == "Quiet day."


def test_whitespace_is_collapsed_and_plain_text_passes_through():
    assert html_to_text("<p>  one\n   two\t three </p>") == "one two three"
    assert html_to_text("No markup at all.") == "No markup at all."


def test_broken_markup_still_gives_the_text():
    assert html_to_text("<p>Unclosed paragraph<div>and a div") == "Unclosed paragraph\n\nand a div"
    assert html_to_text("3 < 4 and 5 > 2") == "3 < 4 and 5 > 2"


def test_text_after_comments_entities_and_unclosed_tags_is_kept():
    html = "<p>One<!-- note -->two &amp; three<br>four</p><?php echo 1 ?>five"
    assert html_to_text(html) == "Onetwo & three\n\nfour\n\nfive"


def test_markup_nested_deeper_than_the_parser_builds_is_refused_not_cut_short():
    html_to_text("<div>" * 200 + "deep text")  # deep, but within the limit
    with pytest.raises(TooDeep, match="256"):
        html_to_text("<div>" * 300 + "text the parser would drop")


@pytest.mark.parametrize(
    "markup", ["<!--", "<p", "<a b='", "<div>", "<![CDATA[", "&#", "</"], ids=repr
)
def test_hostile_markup_of_the_largest_allowed_size_is_reduced_at_once(markup):
    # Python's html.parser took 16.5 s on the first of these (quadratic); a linear parser takes
    # milliseconds, so one second is a bound that only a quadratic parser fails.
    html = markup * (200_000 // len(markup))
    started = time.process_time()
    try:
        html_to_text(html)
    except TooDeep:
        pass
    assert time.process_time() - started < 1.0
