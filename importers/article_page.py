"""Reading an article page of the old site saved as text, top to bottom.

This is the text a reader's browser shows (see the seed bbn-article-page.txt):
link-only text (menus, widget titles, "More about" links) is gone, image alt
texts are kept. In order:

    site chrome (LOGIN, logo alt texts)
    <title>
    by <author>
    <N> comments
    <topic>                       the featured image's alt text, i.e. the topic
    <body paragraphs>             separated by blank lines
    Frequently Asked Questions (FAQs) about <topic>     (optional)
      <question> / <answer> pairs, each a paragraph
    More about <topic>
    You may also like
    <N> comments                  (absent when there is no comment)
      <name> <Month D, YYYY - h:mm am|pm>
      <text>
      Reply                       (the next comment may follow without a blank line)
    Leave a Comment
    footer (logo alt, about text, Editors' Picks, Latest News, ©, language switcher)

Replies are not indented in such text, so every comment comes back at the top
level. The page shows no publication date and no address: both are chosen by
the command (see import_article).

The parser knows nothing of the database: `parse_article_page(text)` returns
an ArticlePage or raises PageFormatError naming the line where the text stops
being such a page.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

MONTHS = (
    "January February March April May June July August September October November December"
).split()  # fmt: skip

TOP_CHROME = {"login", "logout", "logo-site", "logo-site-white", "skip to content"}
COMMENT_COUNT = re.compile(r"^(?:(?P<count>\d[\d,]*)|no) comments?$", re.IGNORECASE)
BYLINE = re.compile(r"^by\s+(?P<author>\S.*)$")
FAQ_HEADING = re.compile(r"^Frequently Asked Questions \(FAQs\) about (?P<topic>.+)$")
MORE_ABOUT = re.compile(r"^More about (?P<topic>.+)$")
ALSO_LIKE = "You may also like"
LEAVE_COMMENT = {"Leave a Comment", "Leave a Reply"}
REPLY = "Reply"
COMMENT_HEADER = re.compile(
    r"^(?P<name>\S.*?)\s+(?P<month>" + "|".join(MONTHS) + r") (?P<day>\d{1,2}), (?P<year>\d{4})"
    r" - (?P<hour>\d{1,2}):(?P<minute>\d{2}) (?P<ampm>am|pm)$",
    re.IGNORECASE,
)


class PageFormatError(ValueError):
    """The text is not an article page; `line` is 1-based."""

    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}")


@dataclass
class PageComment:
    name: str
    written_at: datetime  # naive: a wall-clock time in the site's time zone
    body: str
    line: int


@dataclass
class ArticlePage:
    title: str
    author: str
    topic: str
    paragraphs: list
    faqs: list = field(default_factory=list)  # [(question, answer)]
    comments: list = field(default_factory=list)
    stated_comment_count: int = 0


def _blocks(lines, start, stop):
    """Blank-line separated blocks of lines[start:stop] as (first line number, text)."""
    blocks, current, first = [], [], None
    for number in range(start, stop):
        line = lines[number]
        if line.strip():
            if first is None:
                first = number
            current.append(line.strip())
        elif current:
            blocks.append((first + 1, "\n".join(current)))
            current, first = [], None
    if current:
        blocks.append((first + 1, "\n".join(current)))
    return blocks


class _Cursor:
    """Walks the lines, skipping blank ones, and words its errors with line numbers."""

    def __init__(self, lines):
        self.lines = lines
        self.at = 0

    def skip_blank(self):
        while self.at < len(self.lines) and not self.lines[self.at].strip():
            self.at += 1

    def peek(self):
        self.skip_blank()
        return self.lines[self.at].strip() if self.at < len(self.lines) else None

    def take(self, expectation):
        line = self.peek()
        if line is None:
            raise PageFormatError(last_line(self.lines), f"the text ends where {expectation} was expected")
        self.at += 1
        return line

    @property
    def line_number(self):
        """1-based number of the line peek() returns (or one past the end)."""
        self.skip_blank()
        return self.at + 1

    def find(self, predicate, start=None):
        for number in range(self.at if start is None else start, len(self.lines)):
            if predicate(self.lines[number].strip()):
                return number
        return None


def is_thread_landmark(line):
    return bool(COMMENT_COUNT.match(line) or COMMENT_HEADER.match(line)) or line in LEAVE_COMMENT


def last_line(lines):
    """The number of the text's last line (a final newline starts no line)."""
    return len(lines) - 1 if len(lines) > 1 and not lines[-1] else len(lines)


def _shown(text, limit=60):
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_comment_time(match):
    hour = int(match["hour"])
    if not 1 <= hour <= 12:
        raise ValueError("hour out of range")
    hour = hour % 12 + (12 if match["ampm"].lower() == "pm" else 0)
    month = [m.lower() for m in MONTHS].index(match["month"].lower()) + 1
    return datetime(int(match["year"]), month, int(match["day"]), hour, int(match["minute"]))


def parse_article_page(text):
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    cursor = _Cursor(lines)

    while (line := cursor.peek()) is not None and line.lower() in TOP_CHROME:
        cursor.at += 1
    if cursor.peek() is None:
        raise PageFormatError(last_line(lines), "the text holds no article (only blank lines or site chrome)")

    title_line = cursor.line_number
    title = cursor.take("the title")
    if BYLINE.match(title) or COMMENT_COUNT.match(title):
        raise PageFormatError(title_line, f"expected the article's title, found “{_shown(title)}”")

    byline_number = cursor.line_number
    byline = BYLINE.match(cursor.take("“by <author>” under the title"))
    if not byline:
        raise PageFormatError(
            byline_number,
            f"expected “by <author>” under the title, found “{_shown(lines[byline_number - 1].strip())}”",
        )
    author = byline["author"].strip()

    count_number = cursor.line_number
    count_line = cursor.take("“<N> comments” under the byline")
    if not COMMENT_COUNT.match(count_line):
        raise PageFormatError(count_number, f"expected “<N> comments” under the byline, found “{_shown(count_line)}”")

    topic_number = cursor.line_number
    topic = cursor.take("the topic line")

    # Everything up to "More about <topic>" is the body, then the FAQ block if any.
    more_about = cursor.find(lambda line: line == f"More about {topic}")
    if more_about is None:
        other = cursor.find(lambda line: bool(MORE_ABOUT.match(line)))
        if other is not None:
            raise PageFormatError(
                other + 1,
                f"“{_shown(lines[other].strip())}” names another topic than line {topic_number} (“{_shown(topic)}”)",
            )
        raise PageFormatError(
            last_line(lines), f"no “More about {_shown(topic)}” line: the body of an article page ends with that block"
        )
    faq_heading = cursor.find(lambda line: bool(FAQ_HEADING.match(line)))
    if faq_heading is not None and faq_heading > more_about:
        faq_heading = None
    body_end = faq_heading if faq_heading is not None else more_about

    paragraphs = [block for _number, block in _blocks(lines, cursor.at, body_end)]
    if not paragraphs:
        raise PageFormatError(cursor.line_number, "the article has no body paragraph before its FAQs or “More about”")
    for number, block in _blocks(lines, cursor.at, body_end):
        if COMMENT_HEADER.match(block.split("\n")[0]) or block in LEAVE_COMMENT:
            raise PageFormatError(
                number, f"comments or the comment form before the end of the article: “{_shown(block)}”"
            )

    faqs = []
    if faq_heading is not None:
        faq_topic = FAQ_HEADING.match(lines[faq_heading].strip())["topic"].strip()
        if faq_topic != topic:
            raise PageFormatError(
                faq_heading + 1, f"the FAQs are about “{_shown(faq_topic)}”, the article about “{_shown(topic)}”"
            )
        pairs = _blocks(lines, faq_heading + 1, more_about)
        if len(pairs) % 2:
            number, question = pairs[-1]
            raise PageFormatError(number, f"the question “{_shown(question)}” has no answer before “More about”")
        faqs = [(pairs[i][1], pairs[i + 1][1]) for i in range(0, len(pairs), 2)]

    cursor.at = more_about + 1
    also_like = cursor.find(lambda line: line == ALSO_LIKE)
    if also_like is None:
        landmark = cursor.find(lambda line: is_thread_landmark(line))
        where = landmark + 1 if landmark is not None else last_line(lines)
        found = f", found “{_shown(lines[landmark].strip())}”" if landmark is not None else ""
        raise PageFormatError(where, f"expected “{ALSO_LIKE}” after “More about”{found}")
    cursor.at = also_like + 1

    leave = cursor.find(lambda line: line in LEAVE_COMMENT)
    comments, stated = _parse_thread(lines, cursor, len(lines) if leave is None else leave)
    if leave is None:
        raise PageFormatError(last_line(lines), "the text ends without “Leave a Comment” (the comment form's heading)")
    return ArticlePage(
        title=title,
        author=author,
        topic=topic,
        paragraphs=paragraphs,
        faqs=faqs,
        comments=comments,
        stated_comment_count=stated,
    )


def _parse_thread(lines, cursor, leave):
    """The comments between "You may also like" and "Leave a Comment".

    Lines before the thread's "<N> comments" heading are the (scraped-away)
    cards of "You may also like"; a page without comments has no heading.
    """
    heading = cursor.find(lambda line: bool(COMMENT_COUNT.match(line)))
    if heading is None or heading > leave:
        first_comment = cursor.find(lambda line: bool(COMMENT_HEADER.match(line)))
        if first_comment is not None and first_comment < leave:
            raise PageFormatError(first_comment + 1, "a comment without the “<N> comments” heading above the thread")
        return [], 0
    count_text = COMMENT_COUNT.match(lines[heading].strip())["count"]
    stated = int(count_text.replace(",", "")) if count_text else 0

    comments = []
    current, body_lines, replied = None, [], False

    def finish():
        if current is None:
            return
        body = re.sub(r"\n{3,}", "\n\n", "\n".join(body_lines).strip("\n"))
        if not body:
            raise PageFormatError(current.line, f"the comment by “{_shown(current.name)}” has no text")
        current.body = body
        comments.append(current)

    for number in range(heading + 1, leave):
        line = lines[number].strip()
        header = COMMENT_HEADER.match(line)
        if header:
            # A new comment: after "Reply", or straight after the text of one
            # that had no "Reply" link (comments closed).
            finish()
            try:
                written_at = parse_comment_time(header)
            except ValueError:
                raise PageFormatError(number + 1, f"“{_shown(line)}” is not a real date and time") from None
            current, body_lines, replied = PageComment(header["name"].strip(), written_at, "", number + 1), [], False
        elif not line:
            if current is not None and not replied:
                body_lines.append("")
        elif current is None:
            raise PageFormatError(
                number + 1, f"expected a comment (“<name> <Month D, YYYY - h:mm am>”), found “{_shown(line)}”"
            )
        elif replied:
            raise PageFormatError(
                number + 1, f"expected the next comment or “Leave a Comment” after “Reply”, found “{_shown(line)}”"
            )
        elif line == REPLY and any(body_lines):
            replied = True
        else:
            body_lines.append(line)
    finish()
    return comments, stated
