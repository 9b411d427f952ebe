"""Password reset without a tell and without a flood.

The request does the same work whether or not an account has the address:
it checks the form, counts the request against the rate limits (per client
IP and per address, in the shared cache, as comments do) and queues a task.
The task worker looks the account up, counts the mail against the limit per
account (several spellings of one address are one account) and sends the
link, built from SITE_URL (never from the request's Host). So the answer
takes as long for an unknown address as for a known one, and a forged Host
never reaches anyone's mail.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.tasks import task
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from comments.spam import RateLimitUnchecked, count_against_limits, parse_rate_limits
from newsportal.mail import deliver_mail, message_data, site_url

logger = logging.getLogger(__name__)


def request_limits_hit(*, ip_address, email):
    """Count one reset request; the seconds to wait when a limit is exceeded, else None.

    A cache that cannot count lets the request through (logged): the limit per
    account, counted again by the worker, still bounds the mail.
    """
    try:
        return (
            max(
                count_against_limits(
                    [("reset-ip", ip_address)],
                    parse_rate_limits(settings.PASSWORD_RESET_IP_RATE_LIMITS, "PASSWORD_RESET_IP_RATE_LIMITS"),
                )
                or 0,
                count_against_limits(
                    [("reset-email", email.lower())],
                    parse_rate_limits(settings.PASSWORD_RESET_RATE_LIMITS, "PASSWORD_RESET_RATE_LIMITS"),
                )
                or 0,
            )
            or None
        )
    except RateLimitUnchecked as failure:
        logger.warning("password reset rate limits could not be checked (%s); the request is taken", failure)
        return None


def _account_limit_hit(user):
    try:
        return count_against_limits(
            [("reset-account", str(user.pk))],
            parse_rate_limits(settings.PASSWORD_RESET_RATE_LIMITS, "PASSWORD_RESET_RATE_LIMITS"),
        )
    except RateLimitUnchecked as failure:
        logger.warning("password reset account limit could not be checked (%s); the mail is sent", failure)
        return None


def reset_message(user):
    parts = urlsplit(site_url())
    context = {
        "email": user.email,
        "domain": parts.netloc,
        "site_name": settings.SITE_NAME,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": parts.scheme,
    }
    return message_data(
        subject=render_to_string("registration/password_reset_subject.txt", context),
        body=render_to_string("registration/password_reset_email.html", context),
        to=[user.email],
    )


@task
def send_password_reset(email):
    """Mail a reset link to every active account with this address (none: nothing, and nobody can tell)."""
    sent = 0
    for user in PasswordResetForm().get_users(email):
        if _account_limit_hit(user):
            logger.info("password reset for account %s not mailed: its limit is reached", user.pk)
            continue
        deliver_mail.enqueue(reset_message(user))
        sent += 1
    return {"mails": sent}
