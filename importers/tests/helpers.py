"""What a reader sees on a page, as lines of text, to compare with a scraped page."""

import re
from html.parser import HTMLParser
from pathlib import Path

DATA = Path(__file__).parent / "data"

BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section", "table",
    "td", "th", "tr", "ul", "label", "button", "textarea",
}  # fmt: skip
INVISIBLE = {"script", "style", "template", "head", "title", "svg"}
BREAK = "\x00"  # a block's edge; newlines in the HTML source are only white space
VOID = {"br", "hr", "img", "input", "meta", "link", "source"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden_depth = 0
        self.stack = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append(BREAK)
        if tag in VOID:
            return
        hidden = tag in INVISIBLE or any(name == "hidden" for name, _value in attrs)
        self.stack.append(hidden)
        if hidden:
            self.hidden_depth += 1

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append(BREAK)
        if tag in VOID or not self.stack:
            return
        if self.stack.pop():
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth:
            self.parts.append(data)


def visible_lines(html):
    """The page's text, one line per block element, white space collapsed."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split(BREAK))
    return [line for line in lines if line]


class Part(str):
    """An expected text that may be part of a line (the byline and the count share the meta line)."""


def assert_in_order(page_lines, expected):
    """Every expected text is a whole line of the page (or, for a Part, in
    one), in the same order."""
    at = 0
    for wanted in expected:
        for index in range(at, len(page_lines)):
            line = page_lines[index]
            if line == wanted:
                at = index + 1
                break
            if isinstance(wanted, Part) and wanted in line:
                at = index
                break
        else:
            context = "\n".join(page_lines[max(0, at - 3) : at + 3])
            raise AssertionError(f"{wanted!r} is not on the page after line {at}; the page there reads:\n{context}")


def page_lines_between(text, first, last):
    """The non-blank lines of a scraped page from `first` to `last`, inclusive."""
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index(first)
    end = lines.index(last, start)
    return [line for line in lines[start : end + 1] if line]
