"""The comments app's background work, run by the task worker (`manage.py db_worker`)."""

from django.tasks import task

from newsportal.mail import deliver_mail

from .models import Comment
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
