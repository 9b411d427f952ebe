"""The comments app's background work, run by the task worker (`manage.py db_worker`)."""

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from newsportal.mail import deliver_mail

from . import notices
from .models import Comment, ReplyNoticeAddress
from .notifications import held_comment_message


@task
def tell_moderators(comment_id):
    """Mail the moderators about a held comment, unless it was moderated (or deleted) in the meantime."""
    comment = Comment.objects.select_related("article").filter(pk=comment_id, status=Comment.Status.PENDING).first()
    if comment is None:
        return "moderated already"
    message = held_comment_message(comment)
    if message is None:
        return "no moderator to tell"
    deliver_mail.enqueue(message)
    return "queued"


@task
def send_reply_confirmation(address_id, language=None):
    """Mail the double opt-in link to an address that asked for reply notices (at most once a day)."""
    with transaction.atomic():
        address = ReplyNoticeAddress.objects.select_for_update().filter(pk=address_id).first()
        message = notices.confirmation_message(address, language) if address is not None else None
        if message is None:
            return "not needed"
        address.confirmation_sent_at = timezone.now()
        address.save(update_fields=["confirmation_sent_at"])
        deliver_mail.enqueue(message)
    return "queued"


@task
def send_reply_notices(comment_ids):
    """Mail the authors of the parents of these comments, for those that are visible replies not yet notified."""
    sent = sum(notices.record_and_send_notice(reply) for reply in notices.due_replies(comment_ids))
    return {"notices": sent}
