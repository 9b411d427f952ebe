"""Comment factories, beside the articles app's (which they build on)."""

import itertools
import secrets
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.http import HttpResponse

from articles.tests.factories import make_article  # noqa: F401  (re-exported for the comment tests)
from comments.models import Comment
from comments.services import article_recount_comments
from comments.spam import issue_form_token
from comments.trust import remember_browser, token_digest

_sequence = itertools.count(1)


def make_comment(article, **fields):
    """An approved comment, unless told otherwise; the article's count follows."""
    n = next(_sequence)
    fields.setdefault("name", f"Reader {n}")
    fields.setdefault("email", f"reader{n}@example.org")
    fields.setdefault("body", f"Comment number {n}.")
    fields.setdefault("status", Comment.Status.APPROVED)
    comment = Comment.objects.create(article=article, **fields)
    article_recount_comments([article.pk])
    article.refresh_from_db(fields=["comment_count"])
    return comment


def form_token(article, age=10):
    """A signed timestamp as the form carries it, issued `age` seconds ago."""
    return issue_form_token(article.pk, now=time.time() - age)


def comment_post(article, /, **fields):
    """The POST a reader's browser sends, filled in and valid unless changed."""
    n = next(_sequence)
    data = {
        "article": str(article.pk),
        "comment": f"A thoughtful remark, number {n}.",
        "name": f"Reader {n}",
        "email": f"reader{n}@example.org",
        "website": "",
        "parent": "",
        "subject": "",
        "token": form_token(article),
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def make_user(username, *, staff=False, moderator=False, superuser=False, **fields):
    fields.setdefault("email", f"{username}@newsroom.example")
    user = get_user_model().objects.create_user(
        username=username,
        password="a-long-test-password",
        is_staff=staff or superuser,
        is_superuser=superuser,
        **fields,
    )
    if moderator:
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="comments", codename__in=["change_comment", "view_comment", "delete_comment"]
            )
        )
    return user


def trust_browser(client, article=None):
    """Give this client's browser the token of an approved comment, as a moderator's approval does.

    Returns the approved comment.
    """
    token = secrets.token_urlsafe(32)
    comment = make_comment(article or make_article(), browser_token=token_digest(token))
    signed = HttpResponse()
    remember_browser(signed, token)
    client.cookies.update(signed.cookies)
    return comment
