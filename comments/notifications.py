"""Tell the editors that a comment waits for them."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext

logger = logging.getLogger(__name__)


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


def absolute(path):
    return f"{settings.SITE_URL}{path}" if settings.SITE_URL else path


def notify_moderators(comment):
    """Email the moderators about a held comment. A mail failure is logged,
    never shown to the reader: their comment is stored already."""
    recipients = moderator_emails()
    if not recipients:
        return
    context = {
        "comment": comment,
        "article": comment.article,
        "change_url": absolute(reverse("admin:comments_comment_change", args=[comment.pk])),
        "queue_url": absolute(reverse("admin:comments_comment_changelist") + "?status__exact=pending"),
    }
    subject = gettext("[%(site)s] Comment awaiting moderation: “%(title)s”") % {
        "site": settings.SITE_NAME,
        "title": comment.article.title,
    }
    try:
        send_mail(
            subject.replace("\n", " "),
            render_to_string("comments/email/held_comment.txt", context),
            None,
            recipients,
        )
    except Exception:  # any mail backend error; the comment itself is safe
        logger.exception("Could not email the moderators about comment %s", comment.pk)
