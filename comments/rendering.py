"""The comment thread as HTML, written in Python rather than a template include.

A breaking story can carry hundreds of comments, and an `{% include %}` per
comment made the thread most of the article page's rendering time. The markup
is the one `comments/section.html` used to include per comment; every value a
reader typed goes through Django's `conditional_escape`, each value on its
own inside an f-string: `format_html` made a 200-comment thread take 60%
longer for the same output.
"""

import datetime
import re

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import conditional_escape, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from newsportal.formats import site_format

URLIZE_REL = re.compile(r'<a href="([^"]*)" rel="nofollow">')
# Only text with something address-like in it is worth urlize's word-by-word scan.
ADDRESS_HINT = re.compile(r"://|www\.|@|\w\.[a-z]{2,}", re.IGNORECASE)
# What the linebreaksbr filter turns into <br>.
NEWLINES = re.compile(r"\r\n|\r|\n")


def comment_text(text):
    """A comment as typed: escaped, its line breaks kept, its web addresses
    made into links that search engines are told not to follow."""
    if ADDRESS_HINT.search(text):
        linked = urlize(text, nofollow=True, autoescape=True)
        linked = URLIZE_REL.sub(r'<a href="\1" rel="nofollow ugc">', linked)
    else:
        linked = conditional_escape(text)
    return mark_safe(NEWLINES.sub("<br>", linked))


# The format letters a comment's date may use, each written as Django's dateformat writes it.
# Django's formatter builds an object and looks up a method per letter on every call:
# two calls a comment were an eighth of a 200-comment page.
NUMBER_LETTERS = {
    "d": lambda value: f"{value.day:02d}",
    "j": lambda value: str(value.day),
    "m": lambda value: f"{value.month:02d}",
    "n": lambda value: str(value.month),
    "y": lambda value: f"{(value.year % 100):02d}",
    "Y": lambda value: f"{value.year:04d}",
    "G": lambda value: str(value.hour),
    "H": lambda value: f"{value.hour:02d}",
    "g": lambda value: str(value.hour % 12 or 12),
    "h": lambda value: f"{(value.hour % 12 or 12):02d}",
    "i": lambda value: f"{value.minute:02d}",
}
_date_formatters = {}


def _word_letter(letter):
    """A letter whose words depend on the language: translated once, when the format is compiled."""
    if letter == "F":
        names = {month: str(name) for month, name in MONTHS.items()}
        return lambda value: names[value.month]
    if letter == "M":
        names = {month: str(name).title() for month, name in MONTHS_3.items()}
        return lambda value: names[value.month]
    if letter in ("a", "A"):
        # Django's formatter writes the morning's and the afternoon's words once, from Django's own catalogue.
        noon = tuple(dateformat.format(datetime.datetime(2000, 1, 1, hour), letter) for hour in (0, 12))
        return lambda value: noon[value.hour > 11]
    return None


def _compile_date_format(format_string):
    """`format_string` as a list of literal text and letter functions; None when a
    letter is one this module does not write (Django's formatter then does)."""
    pieces = []
    for index, piece in enumerate(dateformat.re_formatchars.split(format_string)):
        if index % 2:
            write = NUMBER_LETTERS.get(piece) or _word_letter(piece)
            if write is None:
                return None
            pieces.append(write)
        elif piece:
            pieces.append(dateformat.re_escaped.sub(r"\1", piece))
    return pieces


def date_formatter(format_string):
    """A function writing a datetime as `dateformat.format(value, format_string)` does, in the active language."""
    key = (get_language(), format_string)
    formatter = _date_formatters.get(key)
    if formatter is None:
        pieces = _compile_date_format(str(format_string))
        if pieces is None:
            formatter = lambda value: dateformat.format(value, format_string)  # noqa: E731
        else:
            formatter = lambda value: "".join(piece if piece.__class__ is str else piece(value) for piece in pieces)  # noqa: E731
        _date_formatters[key] = formatter
    return formatter


def comment_date(local, format_string=None):
    """ "June 17, 2023 - 12:29 pm", from a time already in the site's time zone, as the
    active language writes it (COMMENT_DATETIME_FORMAT: "17 juin 2023 à 12:29" in French)."""
    return date_formatter(format_string or site_format("COMMENT_DATETIME_FORMAT"))(local)


def render_thread(comments, *, page_url, comments_open, editable_ids=frozenset()):
    # The same on every comment, so escaped once: the name goes into "reply_to" escaped as well.
    words = {
        "awaiting": conditional_escape(_("Your comment is awaiting moderation.")),
        "reply": conditional_escape(_("Reply")),
        "reply_to": conditional_escape(_("Reply to %(name)s")),
        "featured": conditional_escape(_("Featured")),
        "report": conditional_escape(_("Report")),
        "report_label": conditional_escape(_("Report the comment by %(name)s")),
        # "/comments/0/report/" cut around the id: one reverse() per thread, not per comment.
        "report_url": reverse("comments:report", kwargs={"pk": 0}).split("/0/", 1),
        "staff": conditional_escape(_("Staff")),
        "edited": conditional_escape(_("edited")),
        "edit": conditional_escape(_("Edit")),
        "edit_label": conditional_escape(_("Edit or delete your comment")),
        "edit_url": reverse("comments:edit", kwargs={"pk": 0}).split("/0/", 1),
        "editable": editable_ids,
        # Looked up once per thread rather than once per comment.
        "date": date_formatter(site_format("COMMENT_DATETIME_FORMAT")),
        "zone": timezone.get_current_timezone(),
    }
    # The page's address may carry the thread's order already: the reply asks for both.
    page_url = conditional_escape(page_url + ("&" if "?" in page_url else "?"))
    parts = []
    for comment in comments:
        render_comment(comment, parts, page_url=page_url, comments_open=comments_open, words=words)
    return mark_safe("".join(parts))


def render_comment(comment, parts, *, page_url, comments_open, words):
    """Append one comment and its replies to `parts`; `words` and `page_url` (ready
    for one more query parameter: it ends in "?" or "&") come escaped."""
    local = comment.created_at.astimezone(words["zone"])  # timezone.localtime, its zone looked up once
    # What articles.rendering.iso_datetime writes, from the time already made local.
    iso = local.replace(microsecond=0).isoformat()
    featured = comment.shows_as_featured
    classes = f"comment comment--depth-{comment.depth}" + (" comment--pending" if comment.is_pending else "")
    if featured:
        classes += " comment--featured"
    website = comment.safe_website
    name = conditional_escape(comment.name)
    author = f'<a href="{conditional_escape(website)}" rel="external nofollow ugc">{name}</a>' if website else name
    if comment.by_staff:
        author += f' <span class="comment__badge comment__badge--staff">{words["staff"]}</span>'
    badge = f'        <span class="comment__badge comment__badge--featured">{words["featured"]}</span>\n'
    badge = badge if featured else ""
    pk = comment.pk
    parts.append(
        f'<li id="comment-{pk}" class="{classes}">\n  <article class="comment__card">\n'
        f'    <span class="comment__avatar comment-avatar comment-avatar--{comment.avatar_colour}" aria-hidden="true">'
        f"{conditional_escape(comment.initials)}</span>\n"
        '    <div class="comment__main">\n'
        '      <p class="comment__meta">\n'
        f'        <span class="comment__author">{author}</span>\n{badge}'
        f'        <a class="comment__date" href="#comment-{pk}"><time datetime="{iso}">'
        f"{words['date'](local)}</time></a>\n"
        + (f'        <span class="comment__edited">{words["edited"]}</span>\n' if comment.edited_at else "")
        + "      </p>\n"
    )
    if comment.is_pending:
        parts.append(f'      <p class="comment__awaiting">{words["awaiting"]}</p>\n')
    # Readers write in any language: the text takes the direction of its first letter.
    parts.append(f'      <div class="comment__text" dir="auto">{comment_text(comment.body)}</div>\n')
    if comments_open and not comment.is_pending:
        parts.append(
            '      <p class="comment__reply"><a class="comment-reply-link" rel="nofollow" '
            f'href="{page_url}replytocom={pk}#respond" data-comment-id="{pk}" data-reply-to="{name}" '
            f'aria-label="{words["reply_to"] % {"name": name}}">{words["reply"]}</a></p>\n'
        )
    if not comment.is_pending:
        head, tail = words["report_url"]
        parts.append(
            f'      <p class="comment__report"><a class="comment-report-link" rel="nofollow" '
            f'href="{head}/{pk}/{tail}" aria-label="{words["report_label"] % {"name": name}}">'
            f"{words['report']}</a></p>\n"
        )
    if pk in words["editable"]:
        head, tail = words["edit_url"]
        parts.append(
            f'      <p class="comment__edit"><a class="comment-edit-link" rel="nofollow" href="{head}/{pk}/{tail}" '
            f'aria-label="{words["edit_label"]}">{words["edit"]}</a></p>\n'
        )
    parts.append("    </div>\n  </article>\n")
    if comment.replies:
        parts.append('  <ol class="children">\n')
        for reply in comment.replies:
            render_comment(reply, parts, page_url=page_url, comments_open=comments_open, words=words)
        parts.append("  </ol>\n")
    parts.append("</li>\n")
