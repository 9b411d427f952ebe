"""Who may edit or delete a comment: its author, for COMMENTS_EDIT_MINUTES after posting.

The author is proved, never claimed: a signed-in author by their account; an
anonymous one by the browser token of the browser that posted it (the signed
`comment_browser` cookie, comments/trust.py), compared with the digest the
comment stores.

Showing the Edit link is a separate, cheaper question, answered while the
thread is rendered without a query: a signed-in reader's own comments, and
the ids in a signed `comment_edit` cookie that a post gives an anonymous
browser for as long as the window lasts. That cookie is one of
PAGE_CACHE_PRIVATE_COOKIES, so while it lives the browser gets pages of its
own (as a reader with a held comment does), rendered with its Edit links;
every other reader keeps getting the shared page, which never has one. See
docs/comments.md for why this beats a script that reveals links on the
shared page.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from .models import Comment
from .trust import browser_token, token_digest

EDIT_COOKIE = "comment_edit"
EDIT_SALT = "comments.edit"
EDIT_KEEP = 20
EDITABLE_STATUSES = (Comment.Status.APPROVED, Comment.Status.PENDING)


def edit_seconds():
    return max(0, settings.COMMENTS_EDIT_MINUTES) * 60


def within_edit_window(comment, now=None):
    seconds = edit_seconds()
    return bool(seconds) and (now or timezone.now()) < comment.created_at + timedelta(seconds=seconds)


def is_author(request, comment):
    """Is this request proved to come from the comment's author?"""
    if comment.user_id:
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated and user.pk == comment.user_id
    token = browser_token(request)
    return bool(token and comment.browser_token) and constant_time_compare(token_digest(token), comment.browser_token)


def may_edit(request, comment, now=None):
    return comment.status in EDITABLE_STATUSES and within_edit_window(comment, now) and is_author(request, comment)


def edit_cookie_ids(request):
    if request is None or not edit_seconds():
        return []
    raw = request.get_signed_cookie(EDIT_COOKIE, default="", salt=EDIT_SALT, max_age=edit_seconds())
    return [int(part) for part in raw.split(",") if part.isdigit() and len(part) < 19][-EDIT_KEEP:]


def remember_editable(request, response, comment):
    """Let this browser see the Edit link on its new comment for as long as it may edit it."""
    if not edit_seconds():
        return
    ids = [pk for pk in edit_cookie_ids(request) if pk != comment.pk] + [comment.pk]
    response.set_signed_cookie(
        EDIT_COOKIE,
        ",".join(str(pk) for pk in ids[-EDIT_KEEP:]),
        salt=EDIT_SALT,
        max_age=edit_seconds(),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def editable_ids(request, comments):
    """The ids of the thread's comments that get an Edit link for this reader (no query)."""
    if request is None or not edit_seconds():
        return frozenset()
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    cookie_ids = set(edit_cookie_ids(request))
    if user_id is None and not cookie_ids:
        return frozenset()
    now = timezone.now()
    return frozenset(
        comment.pk
        for comment in comments
        if comment.status in EDITABLE_STATUSES
        and within_edit_window(comment, now)
        and (
            (user_id is not None and comment.user_id == user_id)
            or (comment.user_id is None and comment.pk in cookie_ids)
        )
    )
