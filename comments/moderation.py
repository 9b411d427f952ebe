"""The moderation policy, all of it: which new comment goes live at once and
which waits for an editor, and why.

WordPress's rule, made explicit: a comment from staff or from an email that
already has an approved comment is published at once; everything else is
held. Two kinds of comment are always held, whoever wrote them: those with
many links (the mark of link spam) and those that match the blocklist; so is
any comment the caller asks to hold (its rate limits could not be checked). The
reason is stored with the comment, so an editor sees at a glance why a
comment waits.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext, ngettext

from .models import Comment

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


def moderate(*, name, email, website, body, ip_address="", user_agent="", user=None, force_hold_reason=""):
    """Decide the status of a new comment, and say why when it is held.

    `force_hold_reason` holds the comment whoever wrote it (e.g. its rate
    limits could not be checked); the blocklist and links still come first,
    as the more telling reasons for an editor.
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
    if user is not None and user.is_authenticated and user.is_active and user.is_staff:
        return Verdict(Comment.Status.APPROVED)
    if email and Comment.objects.approved().filter(email=email.lower()).exists():
        return Verdict(Comment.Status.APPROVED)
    return Verdict(Comment.Status.PENDING, gettext("First comment from this email address."))
