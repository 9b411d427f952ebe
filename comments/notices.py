"""Reply notices: "Notify me of replies to my comment".

A reader who ticks the box gets a ReplySubscription for their comment. The
first time an address asks, it is mailed a confirmation link instead (double
opt-in: nobody can sign someone else's address up for mail); once confirmed,
every reply that becomes visible to everyone (approved at once, or later by a
moderator) mails the parent's author: the reply's text, quoted, a link to it,
and a one-click unsubscribe link (RFC 8058: `List-Unsubscribe` and
`List-Unsubscribe-Post` headers, the POST needing no sign-in and no CSRF
token, as mail clients send it). A held, spam or trashed reply never causes a
notice, and a reply never causes two: a ReplyNotice row, unique per reply, is
written in the same transaction that queues the mail.

Everything here that mails runs in the task worker (comments/tasks.py);
the request only stores rows and queues tasks.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from newsportal.mail import absolute_url, deliver_mail, message_data, quoted, reader_line

from .models import Comment, ReplyNotice, ReplyNoticeAddress, ReplySubscription

CONFIRM_SALT = "comments.reply-notices.confirm"
UNSUBSCRIBE_SALT = "comments.reply-notices.unsubscribe"
# How long a confirmation link works, and how soon an address that has not confirmed is mailed another.
CONFIRM_MAX_AGE = timedelta(days=7)
CONFIRM_RESEND_AFTER = timedelta(days=1)


def confirm_token(email):
    return signing.dumps(email, salt=CONFIRM_SALT, compress=True)


def email_from_confirm_token(token):
    """The address a confirmation link is for; raises signing.BadSignature when forged or expired."""
    return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)


def unsubscribe_token(subscription):
    # No expiry: an unsubscribe link in an old mail must still work.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscription.pk))


def subscription_from_unsubscribe_token(token):
    """The subscription an unsubscribe link is for, or None when the link is forged or the comment is gone."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return ReplySubscription.objects.select_related("comment__article").filter(pk=int(pk)).first()


def subscribe(comment):
    """The author of `comment` asked for reply notices. Call inside the request; mail goes out from the worker."""
    from .tasks import send_reply_confirmation

    if not comment.email:
        return None
    subscription, _ = ReplySubscription.objects.get_or_create(comment=comment, defaults={"email": comment.email})
    address, _ = ReplyNoticeAddress.objects.get_or_create(email=comment.email)
    if address.confirmed_at is None:
        # Written in the language of the article the reader commented on.
        language = comment.article.language
        transaction.on_commit(lambda: send_reply_confirmation.enqueue(address.pk, language), robust=True)
    return subscription


def queue_reply_notices(comment_ids):
    """These comments may just have become visible: have the worker mail their parents' authors."""
    from .tasks import send_reply_notices

    comment_ids = sorted(set(comment_ids))
    if comment_ids:
        transaction.on_commit(lambda: send_reply_notices.enqueue(comment_ids), robust=True)


def confirmation_message(address, language=None):
    """The confirmation mail for `address` in `language`, or None when none should go out now."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return _confirmation_message(address)


def _confirmation_message(address):
    now = timezone.now()
    if address.confirmed_at is not None:
        return None
    if address.confirmation_sent_at is not None and now - address.confirmation_sent_at < CONFIRM_RESEND_AFTER:
        return None
    context = {"confirm_url": absolute_url(reverse("comments:notices-confirm", args=[confirm_token(address.email)]))}
    return message_data(
        subject=gettext("Confirm that you want to hear of replies to your comments"),
        body=render_to_string("comments/email/confirm_reply_notices.txt", context),
        to=[address.email],
    )


def notice_message(notice):
    """The mail about a new reply, in the language of the article the reader commented on."""
    with translation.override(notice.reply.article.language or settings.LANGUAGE_CODE):
        return _notice_message(notice)


def _notice_message(notice):
    reply = notice.reply
    parent = reply.parent
    token = unsubscribe_token(notice.subscription)
    unsubscribe_url = absolute_url(reverse("comments:notices-unsubscribe", args=[token]))
    context = {
        "article_title": reader_line(reply.article.title),
        "name": reader_line(reply.name),
        "quoted_reply": quoted(reply.body),
        "quoted_parent": quoted(parent.body),
        "reply_url": absolute_url(reverse("comments:permalink", args=[reply.pk])),
        "unsubscribe_url": unsubscribe_url,
    }
    return message_data(
        subject=gettext("New reply to your comment on “%(title)s”") % {"title": reply.article.title},
        body=render_to_string("comments/email/reply_notice.txt", context),
        to=[notice.subscription.email],
        headers={"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def due_replies(comment_ids):
    """Of these comments, the visible replies whose parent's author wants a notice and has none yet."""
    return (
        Comment.objects.approved()
        .filter(
            pk__in=comment_ids,
            article__in=_public_articles(),
            parent__status=Comment.Status.APPROVED,
            parent__reply_subscription__stopped_at__isnull=True,
            parent__reply_subscription__email__in=ReplyNoticeAddress.objects.filter(confirmed_at__isnull=False).values(
                "email"
            ),
            notice__isnull=True,
        )
        .select_related("article", "parent__reply_subscription", "parent")
    )


def _public_articles():
    from articles.models import Article

    return Article.objects.published().values("pk")


def record_and_send_notice(reply):
    """Write the reply's one ReplyNotice and queue its mail, in one transaction: both or neither.

    The mail task is a row of the same database, so it commits with the notice. False when the
    reply had a notice already, or answers its author's own comment.
    """
    subscription = reply.parent.reply_subscription
    if reply.email and reply.email == subscription.email:
        return False
    try:
        with transaction.atomic():
            notice = ReplyNotice.objects.create(reply=reply, subscription=subscription)
            deliver_mail.enqueue(notice_message(notice))
    except IntegrityError:
        return False  # another worker wrote it first
    return True
