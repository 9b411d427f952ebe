"""The comment thread as HTML, written in Python rather than a template include.

A breaking story can carry hundreds of comments, and an `{% include %}` per
comment made the thread most of the article page's rendering time. The markup
is the one `comments/section.html` used to include per comment; every value a
reader typed goes through Django's `conditional_escape`, each value on its
own inside an f-string: `format_html` made a 200-comment thread take 60%
longer for the same output.
"""

import re

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import conditional_escape, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles.rendering import iso_datetime
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


def comment_date(local, format_string=None):
    """ "June 17, 2023 - 12:29 pm", from a time already in the site's time zone, as the
    active language writes it (COMMENT_DATETIME_FORMAT: "17 juin 2023 à 12:29" in French)."""
    return dateformat.format(local, format_string or site_format("COMMENT_DATETIME_FORMAT"))


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
        "date_format": site_format("COMMENT_DATETIME_FORMAT"),
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
    local = timezone.localtime(comment.created_at)
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
        f'        <a class="comment__date" href="#comment-{pk}"><time datetime="{iso_datetime(local)}">'
        f"{comment_date(local, words['date_format'])}</time></a>\n"
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
