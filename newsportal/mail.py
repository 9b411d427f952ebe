"""Mail leaves the site from the task worker, never from a reader's request.

`deliver_mail.enqueue(message_data(...))` stores the message as a task
(Django's Tasks framework on the database backend, see settings.TASKS): a
row of the same database, committed with the caller's transaction;
`manage.py db_worker` sends it. A mail server that does not answer,
or answers "try later", gets the message again after MAIL_RETRY_DELAYS
(30 s, 2 min, 10 min, 30 min, 1 h, then every hour until it takes it): each
try is a task row of its own, the failed ones kept with their error, so a
message is never dropped because the server was away. Only a permanent
refusal (a 5xx answer to the sender, the recipients or the text) ends the
tries, logged as an error: sending the same message again would be refused
the same way.

Links in mail are absolute and come from `site_url()`, never from the Host a
request carried.
"""

import logging
import os
import smtplib
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone

logger = logging.getLogger("newsportal.mail")


def site_url():
    """The scheme and host of every link in mail: SITE_URL, or in a local run (SITE_URL empty)
    the address `make run` serves, http://127.0.0.1:$PORT (8000 by default)."""
    return settings.SITE_URL or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"


def absolute_url(path):
    return f"{site_url()}{path}"


def message_data(*, subject, body, to, headers=None, from_email=None):
    """A message as plain data (what a task row can hold). The subject is one line whatever it was given."""
    return {
        "subject": " ".join(str(subject).split()),
        "body": str(body),
        "to": list(to),
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
        "headers": dict(headers or {}),
    }


def retry_delay(attempt):
    """Seconds to wait after the `attempt`-th try failed."""
    delays = settings.MAIL_RETRY_DELAYS
    return delays[min(attempt, len(delays)) - 1]


def is_permanent(error):
    """A 5xx answer about this message (sender, recipients, text): trying again changes nothing."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _text in error.recipients.values())
    if isinstance(error, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)):
        return error.smtp_code >= 500
    return False


@task
def deliver_mail(message, attempt=1):
    """Send one message; when the server fails, queue the next try after a growing pause, then fail this one."""
    email = EmailMessage(
        message["subject"],
        message["body"],
        message["from_email"],
        message["to"],
        headers=message["headers"],
    )
    try:
        email.send()
    except (OSError, smtplib.SMTPException) as error:
        if is_permanent(error):
            logger.error("The mail server refused %r to %s for good: %s", message["subject"], message["to"], error)
            raise
        delay = retry_delay(attempt)
        deliver_mail.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(message, attempt + 1)
        logger.warning(
            "Could not send %r to %s (try %d): %s; trying again in %s s",
            message["subject"],
            message["to"],
            attempt,
            error,
            delay,
        )
        raise
    return {"to": message["to"], "attempt": attempt}


def _is_control(character):
    # Cc and Cf (controls, bidi overrides), Zl and Zp (line and paragraph separators), and the rest of C.
    return unicodedata.category(character)[0] == "C" or unicodedata.category(character) in ("Zl", "Zp")


def _without_controls(text):
    return "".join(" " if _is_control(character) else character for character in text)


def reader_line(text):
    """What a reader typed, as one line of a message: every run of control characters and spaces is one space."""
    return " ".join(_without_controls(str(text)).split())


def quoted(text):
    """What a reader typed, each of its lines after "> ", so no line of it can pass for the message's own."""
    lines = str(text).splitlines() or [""]
    return "\n".join(f"> {_without_controls(line)}".rstrip() for line in lines)
