"""The moderation policy, all of it: which new comment goes live at once and
which waits for an editor, and why.

A comment goes live at once only when its author is *proved* to be someone
whose comments were approved before, never on what a form claims:

- signed-in staff;
- a signed-in reader whose account has an approved comment;
- an anonymous reader whose browser holds the signed browser token of a
  comment a moderator approved (comments/trust.py). Emails are never
  verified, so an email with an approved comment earns nothing: anybody can
  type it.

An anonymous comment that borrows a staff member's name or the email of an
account (staff or a registered reader) is always held, whatever its browser
holds: that is how someone would pass themselves off as the newsroom or as
another reader. Two kinds of comment are always held, whoever wrote them:
those with many links (the mark of link spam) and those that match the
blocklist; so is any comment the caller asks to hold (its rate limits could
not be checked). The reason is stored with the comment, so an editor sees at
a glance why a comment waits.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext, ngettext

from articles.models import Author
from newsportal.text import comparable_email, comparable_text

from .models import Comment
from .trust import token_digest

# A link is anything a browser or a reader would follow: a scheme-qualified
# address or a bare "www." host.
LINK = re.compile(r"(?:\bhttps?://|\bwww\.)", re.IGNORECASE)


@dataclass(frozen=True)
class Verdict:
    status: str
    reason: str = ""

    @property
    def held(self):
        return self.status == Comment.Status.PENDING


def count_links(text):
    return len(LINK.findall(text or ""))


def blocklist_match(values, blocklist=None):
    """The first blocklist entry found in any of `values` (case-insensitive), or ""."""
    entries = settings.COMMENTS_BLOCKLIST if blocklist is None else blocklist
    haystack = "\n".join(value for value in values if value).casefold()
    for entry in entries:
        needle = entry.strip().casefold()
        if needle and needle in haystack:
            return entry.strip()
    return ""


def is_staff(user):
    return user is not None and user.is_authenticated and user.is_active and user.is_staff


def staff_names():
    """The names readers know the newsroom by: staff accounts' names and usernames, and bylines."""
    names = set()
    for first, last, username in (
        get_user_model().objects.filter(is_staff=True).values_list("first_name", "last_name", "username")
    ):
        names.update({comparable_text(f"{first} {last}"), comparable_text(username)})
    names.update(comparable_text(name) for name in Author.objects.values_list("name", flat=True))
    names.discard("")
    return names


def impersonation_reason(*, name, email, user=None):
    """Why this comment looks like someone else's (staff or an account holder), or ""."""
    if is_staff(user):
        return ""
    if comparable_text(name) in staff_names():
        return gettext("Uses the name of a member of staff.")
    if user is None or not user.is_authenticated:
        address = comparable_email(email)
        if address and get_user_model().objects.filter(email__iexact=address).exists():
            return gettext("Uses the email address of an account on this site without signing in.")
    return ""


def is_trusted(*, user=None, browser_token=""):
    """Has a moderator approved a comment of this account, or one posted from this browser?"""
    if user is not None and user.is_authenticated:
        return user.is_active and Comment.objects.approved().filter(user=user).exists()
    if not browser_token:
        return False
    return Comment.objects.approved().filter(browser_token=token_digest(browser_token)).exists()


def moderate(
    *, name, email, website, body, ip_address="", user_agent="", user=None, browser_token="", force_hold_reason=""
):
    """Decide the status of a new comment, and say why when it is held.

    `browser_token` is the token of the posting browser's signed cookie (see
    comments/trust.py), for an anonymous comment. `force_hold_reason` holds
    the comment whoever wrote it (e.g. its rate limits could not be checked);
    the blocklist and links still come first, as the more telling reasons
    for an editor.
    """
    blocked = blocklist_match([name, email, website, body, ip_address or "", user_agent])
    if blocked:
        return Verdict(
            Comment.Status.PENDING,
            gettext("Matches the blocklist entry “%(entry)s”.") % {"entry": blocked},
        )
    links = count_links(body) + count_links(name)
    if settings.COMMENTS_MAX_LINKS and links >= settings.COMMENTS_MAX_LINKS:
        return Verdict(
            Comment.Status.PENDING,
            ngettext("Contains %(count)d link.", "Contains %(count)d links.", links) % {"count": links},
        )
    if force_hold_reason:
        return Verdict(Comment.Status.PENDING, force_hold_reason)
    if is_staff(user):
        return Verdict(Comment.Status.APPROVED)
    impersonation = impersonation_reason(name=name, email=email, user=user)
    if impersonation:
        return Verdict(Comment.Status.PENDING, impersonation)
    if is_trusted(user=user, browser_token=browser_token):
        return Verdict(Comment.Status.APPROVED)
    if user is not None and user.is_authenticated:
        return Verdict(Comment.Status.PENDING, gettext("First comment from this account."))
    return Verdict(Comment.Status.PENDING, gettext("First comment from this browser."))


def edit_verdict(*, comment, body, browser_token=""):
    """The status of a comment after its author changed its text to `body`.

    An edit never makes a held comment live. It keeps the comment's status
    unless it adds links or matches the blocklist: then the policy decides
    anew, as for a new comment by the same author, and may hold it.
    """
    adds_links = count_links(body) > count_links(comment.body)
    if not adds_links and not blocklist_match([body]):
        return Verdict(comment.status, comment.held_reason)
    verdict = moderate(
        name=comment.name,
        email=comment.email,
        website=comment.website,
        body=body,
        ip_address=comment.ip_address or "",
        user_agent=comment.user_agent,
        user=comment.user,
        browser_token=browser_token,
    )
    if verdict.held or comment.status != Comment.Status.APPROVED:
        return Verdict(Comment.Status.PENDING, verdict.reason or comment.held_reason)
    return Verdict(Comment.Status.APPROVED)
