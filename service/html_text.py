"""HTML article bodies (what a CMS sends) reduced to their text, with the standard library.

This is input decoding, like reading JSON: it turns markup into the plain text a writer would
see, and leaves all tokenising and cleaning to the model's pipeline (house rule 2).
"""

import re
from html.parser import HTMLParser

# Content of these elements is never article text.
SKIPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "iframe"})
# These start a new block: their text becomes its own paragraph.
BLOCKS = frozenset(
    {
        "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
        "section", "article", "header", "footer", "aside", "figure", "figcaption", "table",
        "tr", "pre", "hr", "dd", "dt", "main", "nav",
    }
)  # fmt: skip
SPACES = re.compile(r"[ \t\r\f\v\n]+")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[list[str]] = [[]]
        self._skipping: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self._skipping.append(tag)
        elif tag in BLOCKS:
            self.paragraphs.append([])

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCKS:
            self.paragraphs.append([])

    def handle_endtag(self, tag):
        if self._skipping and tag == self._skipping[-1]:
            self._skipping.pop()
        elif tag in BLOCKS:
            self.paragraphs.append([])

    def handle_data(self, data):
        if not self._skipping:
            self.paragraphs[-1].append(data)


def html_to_text(html: str) -> str:
    """The visible text of `html`, one paragraph per block element, separated by blank lines."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    paragraphs = (SPACES.sub(" ", "".join(parts)).strip() for parts in extractor.paragraphs)
    return "\n\n".join(p for p in paragraphs if p)
