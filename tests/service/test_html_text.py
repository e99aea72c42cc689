"""HTML bodies are reduced to the text a reader sees, one paragraph per block."""

from service.html_text import html_to_text


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
