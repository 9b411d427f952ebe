"""The browser token: what proves that an anonymous comment comes from the
browser that posted an earlier one.

An anonymous reader's browser gets a random token with its first comment,
in a signed, HttpOnly cookie. The comment stores only the token's digest.
When a moderator approves a comment, every later comment carrying the same
token goes live at once (moderation.is_trusted), and for
COMMENTS_EDIT_MINUTES the token lets its holder edit their comment
(comments/editing.py). Unlike an email address, which anybody can type, the
token is held by that browser alone.

The cookie's path is /comments/: the browser sends it with posts and edits
only, never with an article page, so it can neither split the shared page
cache nor reach a page's HTML.
"""

import hashlib
import secrets

from django.conf import settings

BROWSER_COOKIE = "comment_browser"
BROWSER_SALT = "comments.browser"
BROWSER_COOKIE_PATH = "/comments/"
BROWSER_MAX_AGE = 60 * 60 * 24 * 365


def token_digest(token):
    """What a comment stores of its browser's token: the token itself would be a credential."""
    return hashlib.sha256(token.encode()).hexdigest() if token else ""


def browser_token(request):
    """The posting browser's token from its signed cookie, or "" (none, forged or expired)."""
    token = request.get_signed_cookie(BROWSER_COOKIE, default="", salt=BROWSER_SALT, max_age=BROWSER_MAX_AGE)
    return token if len(token) == 43 else ""


def browser_token_for_post(request):
    """(token, is_new): the browser's token, or a new one that the answer must set."""
    token = browser_token(request)
    if token:
        return token, False
    return secrets.token_urlsafe(32), True


def remember_browser(response, token):
    response.set_signed_cookie(
        BROWSER_COOKIE,
        token,
        salt=BROWSER_SALT,
        max_age=BROWSER_MAX_AGE,
        path=BROWSER_COOKIE_PATH,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def signed_browser_cookie(token):
    """The value of the cookie `remember_browser` sets, for a client that is not a browser (tests, benchmarks)."""
    from django.http import HttpResponse

    response = HttpResponse()
    remember_browser(response, token)
    return response.cookies[BROWSER_COOKIE].value
