"""Every write to comments goes through here, so Article.comment_count stays true.

Article.comment_count is the number of approved comments, kept on the article
(as WordPress keeps comment_count) so that listings need no join. It changes
in two places only: a new comment approved at once (an atomic increment, safe
under concurrent posting), and a change of status or a deletion (an exact
recount of the articles touched, with their rows locked).
"""

import logging
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import ngettext

from articles.models import Article
from newsportal import freshness

from .models import Comment, CommentReport, CommentRevision
from .moderation import edit_verdict, moderate
from .notices import queue_reply_notices
from .notifications import notify_moderators
from .trust import token_digest

logger = logging.getLogger(__name__)


def announce_threads_changed(article_ids):
    """What readers see of these articles' comments changed: threads, counts, comment feeds."""
    freshness.announce(keys={"comments", *(f"comments-{pk}" for pk in article_ids)})


class DuplicateComment(Exception):
    """The same person already posted the same text in the same place."""


def comment_create(*, article, parent, data, request_meta, user=None, force_hold_reason=""):
    """Store a new comment with the status the moderation policy gives it.

    `data` holds name, email, website and body as the form cleaned them;
    `request_meta` holds ip_address, user_agent and, for an anonymous
    comment, the posting browser's token (comments/trust.py). `force_hold_reason`
    holds the comment for moderation with that reason, whoever wrote it.
    Raises DuplicateComment when the comment exists already (the database
    enforces it).

    What runs after the commit (the announcement to caches, the mail to
    moderators) is robust: its failure is logged and never raised, since the
    comment is stored and the caller must say so.
    """
    verdict = moderate(
        name=data["name"],
        email=data["email"],
        website=data["website"],
        body=data["body"],
        ip_address=request_meta.get("ip_address") or "",
        user_agent=request_meta.get("user_agent") or "",
        user=user,
        browser_token=request_meta.get("browser_token") or "",
        force_hold_reason=force_hold_reason,
    )
    comment = Comment(
        article=article,
        parent=parent,
        user=user if user is not None and user.is_authenticated else None,
        name=data["name"],
        email=data["email"],
        website=data["website"],
        body=data["body"],
        status=verdict.status,
        held_reason=verdict.reason,
        ip_address=request_meta.get("ip_address") or None,
        user_agent=(request_meta.get("user_agent") or "")[:500],
        browser_token=token_digest(request_meta.get("browser_token") or ""),
    )
    try:
        with transaction.atomic():
            comment.save()
            if comment.status == Comment.Status.APPROVED:
                Article.objects.filter(pk=article.pk).update(comment_count=F("comment_count") + 1)
    except IntegrityError as error:
        if Comment.objects.filter(fingerprint=comment.compute_fingerprint()).exists():
            raise DuplicateComment from error
        raise
    if comment.status == Comment.Status.PENDING:
        # A mail server that fails must not turn a stored comment into an error page.
        transaction.on_commit(lambda: notify_moderators(comment), robust=True)
    else:
        announce_threads_changed([article.pk])
        if comment.parent_id is not None:
            queue_reply_notices([comment.pk])
    return comment


def article_recount_comments(article_ids):
    """Set comment_count of these articles to their number of approved comments.

    The article rows are locked first, so a comment approved at the same time
    (which increments the same row) is either counted here or added after.
    """
    article_ids = sorted(set(article_ids))
    if not article_ids:
        return
    approved = (
        Comment.objects.approved()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    with transaction.atomic():
        list(Article.objects.select_for_update().filter(pk__in=article_ids).values_list("pk", flat=True))
        Article.objects.filter(pk__in=article_ids).update(comment_count=Coalesce(Subquery(approved), Value(0)))
        announce_threads_changed(article_ids)


def comment_set_status(*, comments, status):
    """Move comments (a queryset) to `status`; "restore" is status=None.

    Spam and trash remember the status a comment had, and restoring brings
    it back (a comment with nothing to restore goes back to pending).
    Returns how many comments changed.
    """
    with transaction.atomic():
        if status is None:
            targets = comments.filter(status__in=[Comment.Status.SPAM, Comment.Status.TRASH])
            changes = {
                "status": Case(
                    When(previous_status=Comment.Status.APPROVED, then=Value(Comment.Status.APPROVED)),
                    default=Value(Comment.Status.PENDING),
                ),
                "previous_status": Value(""),
            }
        elif status in (Comment.Status.SPAM, Comment.Status.TRASH):
            targets = comments.exclude(status=status)
            changes = {
                "previous_status": Case(
                    When(status__in=[Comment.Status.SPAM, Comment.Status.TRASH], then=F("previous_status")),
                    default=F("status"),
                ),
                "status": Value(status),
            }
        else:
            targets = comments.exclude(status=status)
            changes = {"status": Value(status), "previous_status": Value("")}
        article_ids = list(targets.values_list("article_id", flat=True).distinct())
        # Update through the primary keys: an UPDATE may not filter on the
        # rows it joins to, and `comments` may come filtered by article.
        changed_ids = list(targets.values_list("pk", flat=True))
        changed = Comment.objects.filter(pk__in=changed_ids).update(**changes)
        article_recount_comments(article_ids)
        if status in (Comment.Status.APPROVED, None):
            # Approved, or restored to approved: replies among them may now be notified (once each).
            queue_reply_notices(changed_ids)
    return changed


def comment_update(*, comment, changed_fields, previous_status):
    """An edit by a moderator (a redaction, a corrected name, a new status), saved and announced.

    Spam and trash remember the status to restore, as the bulk actions do.
    """
    set_aside = (Comment.Status.SPAM, Comment.Status.TRASH)
    with transaction.atomic():
        if "status" in changed_fields:
            if comment.status in set_aside:
                comment.previous_status = comment.previous_status if previous_status in set_aside else previous_status
            else:
                comment.previous_status = ""
        comment.save()
        if "status" in changed_fields:
            article_recount_comments([comment.article_id])
            if comment.status == Comment.Status.APPROVED:
                queue_reply_notices([comment.pk])
        elif comment.status == Comment.Status.APPROVED:
            announce_threads_changed([comment.article_id])
    return comment


def comment_set_featured(*, comments, featured):
    """Feature comments (a queryset) above their threads, or stop featuring them.

    Only approved comments can be featured; the others are left as they are.
    Returns how many comments changed; their threads are announced.
    """
    with transaction.atomic():
        targets = comments.filter(is_featured=not featured)
        if featured:
            targets = targets.filter(status=Comment.Status.APPROVED)
        rows = list(targets.values_list("pk", "article_id"))
        changed = Comment.objects.filter(pk__in=[pk for pk, _article in rows]).update(is_featured=featured)
        if changed:
            announce_threads_changed({article_id for _pk, article_id in rows})
    return changed


def comment_delete(*, comments):
    """Delete comments for good (a queryset), keeping the counts true."""
    with transaction.atomic():
        article_ids = list(comments.values_list("article_id", flat=True).distinct())
        deleted, _per_model = Comment.objects.filter(pk__in=list(comments.values_list("pk", flat=True))).delete()
        article_recount_comments(article_ids)
    if deleted:
        logger.info("Deleted %d comments of articles %s", deleted, article_ids)
    return deleted


# --- Reports by readers ---------------------------------------------------------


class AlreadyReported(Exception):
    """This reader has reported this comment before."""


def comment_report_create(*, comment, reader, user, reason, text):
    """Record one reader's report; hold the comment once COMMENTS_REPORT_HOLD_AT
    readers have reported it (reports a moderator dismissed do not count).

    The comment's row is locked while its reports are counted, so two reports
    arriving together are counted one after the other, and the database keeps
    one report per reader (AlreadyReported). Returns the report.
    """
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        try:
            with transaction.atomic():
                report = CommentReport.objects.create(
                    comment=locked,
                    reader=reader,
                    user=user if user is not None and user.is_authenticated else None,
                    reason=reason,
                    text=text,
                )
        except IntegrityError as error:
            raise AlreadyReported from error
        hold_at = settings.COMMENTS_REPORT_HOLD_AT
        if hold_at > 0 and locked.status == Comment.Status.APPROVED:
            reasons = Counter(locked.reports.active().values_list("reason", flat=True))
            if sum(reasons.values()) >= hold_at:
                comment_hold_for_reports(comment=locked, reasons=reasons)
    return report


def comment_hold_for_reports(*, comment, reasons):
    """Send a reported comment back to the moderation queue, saying why, and
    announce it: it leaves every cached page at once. `reasons` counts the
    reports by reason."""
    labels = dict(CommentReport.Reason.choices)
    total = sum(reasons.values())
    summary = ", ".join(f"{labels.get(reason, reason)} ({count})" for reason, count in reasons.most_common())
    held_reason = ngettext(
        "Reported by %(count)d reader: %(reasons)s",
        "Reported by %(count)d readers: %(reasons)s",
        total,
    ) % {"count": total, "reasons": summary}
    with transaction.atomic():
        held = Comment.objects.filter(pk=comment.pk, status=Comment.Status.APPROVED).update(
            status=Comment.Status.PENDING,
            previous_status="",
            held_reason=Truncator(held_reason).chars(255),
        )
        if held:
            article_recount_comments([comment.article_id])
            comment.refresh_from_db()
            transaction.on_commit(lambda: notify_moderators(comment), robust=True)
    return bool(held)


def comment_reports_dismiss(*, comments):
    """A moderator read the reports of these comments (a queryset) and dismissed them.

    Dismissed reports no longer count towards holding the comment; the reader
    who sent one still cannot report the same comment again. Readers see no
    report, so nothing public changes and nothing is announced. Returns how
    many reports were dismissed.
    """
    comment_ids = list(comments.values_list("pk", flat=True))
    return CommentReport.objects.active().filter(comment_id__in=comment_ids).update(dismissed_at=timezone.now())


def comment_edit(*, comment, body, browser_token=""):
    """The author's new text for their comment: the old one kept as a revision, moderated again if it adds links.

    Raises DuplicateComment when the new text makes it the same comment as
    another of theirs. Announced after the commit when readers other than
    the author could see the comment before or after.
    """
    with transaction.atomic():
        comment = Comment.objects.select_for_update(of=("self",)).select_related("user").get(pk=comment.pk)
        previous_status = comment.status
        verdict = edit_verdict(comment=comment, body=body, browser_token=browser_token)
        CommentRevision.objects.create(comment=comment, body=comment.body, status=previous_status)
        comment.body = body
        comment.edited_at = timezone.now()
        comment.status, comment.held_reason = verdict.status, verdict.reason
        try:
            with transaction.atomic():
                comment.save()
        except IntegrityError as error:
            raise DuplicateComment from error
        if comment.status != previous_status:
            article_recount_comments([comment.article_id])
        elif comment.status == Comment.Status.APPROVED:
            announce_threads_changed([comment.article_id])
    if comment.status == Comment.Status.PENDING and previous_status != Comment.Status.PENDING:
        transaction.on_commit(lambda: notify_moderators(comment), robust=True)
    return comment


def comment_author_delete(*, comment):
    """The author takes their comment back: it goes to the trash, where moderators still see it."""
    return comment_set_status(comments=Comment.objects.filter(pk=comment.pk), status=Comment.Status.TRASH)
