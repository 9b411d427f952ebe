"""The "Leave a Comment" form as a shared page shows it, written once per language and process.

On a page the page cache hands to every reader (no one signed in, no reply
chosen, nothing sent yet) the form is the same markup on every article but
for three values: the article's id (in the form's token address and its
hidden field), the page's address (the "Cancel Reply" link) and the signed
timestamp. Rendering `comments/form.html` with its six form fields was about
an eighth of an article page built while the shared fragments were warm, the
long tail's usual case. So the template is rendered once per language with
stand-ins for those three values, cut at the stand-ins, and each page joins
the pieces with its own values, escaped as the template escapes them.

It holds no content, only the template's output, so it cannot go stale the
way a cached page can; it is thrown away when a setting changes (tests) and
not used at all with DEBUG on, where templates are read again when edited.
"""

import re
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .forms import CommentForm
from .spam import issue_form_token

# Stand-ins that the template writes unchanged: an id the form-token address's converter accepts,
# and words autoescaping leaves alone. No real id or address is ever one of these.
ARTICLE_STAND_IN = 918_273_645_546_372_819
PAGE_URL_STAND_IN = "/blank-comment-form-page-address/"
TOKEN_STAND_IN = "blank-comment-form-timestamp"
STAND_INS = re.compile(f"({ARTICLE_STAND_IN}|{re.escape(PAGE_URL_STAND_IN)}|{re.escape(TOKEN_STAND_IN)})")

_pieces_by_language = {}


@receiver(setting_changed)
def forget_pieces(**kwargs):
    _pieces_by_language.clear()


def blank_form_html(article_pk, page_url):
    """`comments/form.html` for a shared page of this article, or None where the template must be rendered."""
    if settings.DEBUG:
        return None
    language = get_language()
    pieces = _pieces_by_language.get(language)
    if pieces is None:
        pieces = _pieces_by_language[language] = STAND_INS.split(_render_with_stand_ins())
    values = {
        str(ARTICLE_STAND_IN): str(int(article_pk)),
        PAGE_URL_STAND_IN: conditional_escape(page_url),
        TOKEN_STAND_IN: conditional_escape(issue_form_token(article_pk)),
    }
    # re.split with a group: literal text at even places, a stand-in at odd ones.
    return mark_safe("".join(values[piece] if index % 2 else piece for index, piece in enumerate(pieces)))


def _render_with_stand_ins():
    article = SimpleNamespace(pk=ARTICLE_STAND_IN)
    form = CommentForm(article=article, user=None)
    form.timestamp_token = lambda: TOKEN_STAND_IN
    return render_to_string(
        "comments/form.html",
        {
            "article": article,
            "thread": SimpleNamespace(page_url=PAGE_URL_STAND_IN),
            "form": form,
            "reply_to": None,
            "comments_open": True,
            "user": AnonymousUser(),
            "shared_page": True,
        },
    )
