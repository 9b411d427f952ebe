"""Tell the editors that a comment waits for them.

The mail is built and sent by the task worker (comments/tasks.py), never in
the reader's request. What the reader typed is quoted: the name on one line,
the text with every line after "> ", so that a name or a text that looks like
the message's own lines ("Approve: http://…") cannot pass for them; the links
are absolute, from SITE_URL (newsportal/mail.py).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

from newsportal.mail import absolute_url, message_data, quoted, reader_line


def moderator_emails():
    """Active staff who may change comments; else MANAGERS, else ADMINS."""
    permission = Permission.objects.filter(content_type__app_label="comments", codename="change_comment").first()
    can_moderate = Q(is_superuser=True)
    if permission is not None:
        can_moderate |= Q(user_permissions=permission) | Q(groups__permissions=permission)
    emails = (
        get_user_model()
        .objects.filter(can_moderate, is_active=True, is_staff=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(set(emails)) or list(settings.MANAGERS) or list(settings.ADMINS)


def held_comment_message(comment):
    """The moderators' mail about a held comment (as `newsportal.mail.message_data`), or None without moderators."""
    recipients = moderator_emails()
    if not recipients:
        return None
    context = {
        "comment": comment,
        "article_title": reader_line(comment.article.title),
        "name": reader_line(comment.name),
        "email": reader_line(comment.email),
        "website": reader_line(comment.website),
        "quoted_body": quoted(comment.body),
        "change_url": absolute_url(reverse("admin:comments_comment_change", args=[comment.pk])),
        "queue_url": absolute_url(reverse("admin:comments_comment_changelist") + "?status__exact=pending"),
    }
    subject = gettext("[%(site)s] Comment awaiting moderation: “%(title)s”") % {
        "site": settings.SITE_NAME,
        "title": comment.article.title,
    }
    return message_data(
        subject=subject,
        body=render_to_string("comments/email/held_comment.txt", context),
        to=recipients,
    )


def notify_moderators(comment):
    """Have the worker email the moderators about a held comment, once the comment is committed."""
    from .tasks import tell_moderators

    tell_moderators.enqueue(comment.pk)
