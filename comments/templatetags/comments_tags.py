"""The bridge from the article page to the comments app.

`{% comment_section article %}` renders the thread and the "Leave a Comment"
form; the articles app's view and models never hear of comments.
"""

from django import template
from django.conf import settings

from newsportal.page_cache import reader_is_anonymous

from ..blank_form import blank_form_html
from ..forms import CommentForm
from ..models import Comment
from ..rendering import render_thread
from ..thread import load_thread
from ..views import comments_are_open

register = template.Library()


@register.inclusion_tag("comments/section.html", takes_context=True)
def comment_section(context, article):
    """The thread (page 1 unless the view chose another) and the form.

    A view may hand over `comment_thread` (another page) and `comment_form`
    (a rejected form to show again); otherwise both are made here, and
    `?replytocom=<id>` turns the form into a reply.
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    thread = context.get("comment_thread") or load_thread(article, request)
    form = context.get("comment_form")
    comments_open = comments_are_open(article)
    shared_page = page_may_be_shared(request)
    blank_form = None
    if form is None:
        reply_to = thread.reply_target(request.GET.get("replytocom") if request else None)
        if shared_page and comments_open and reply_to is None:
            blank_form = blank_form_html(article.pk, thread.page_url)
        if blank_form is None:
            form = CommentForm(article=article, user=user, parent=reply_to)
    else:
        reply_to = form.parent_comment
    return {
        "article": article,
        "thread": thread,
        "form": form,
        "blank_form": blank_form,
        "reply_to": reply_to,
        "comments_open": comments_open,
        "request": request,
        "user": user,
        "shared_page": shared_page,
    }


def page_may_be_shared(request):
    """Will the page cache hand this very HTML to other readers?

    Then it must carry no CSRF token (and set no CSRF cookie). An anonymous
    reader's post from it is checked by the browser's Sec-Fetch-Site and
    Origin headers instead (newsportal/csrf.py), so one press posts, with or
    without JavaScript; comments.js still fetches a token of the reader's own
    for the rare browser that sends neither header.
    """
    if request is None or request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    user = getattr(request, "user", None)
    return reader_is_anonymous(request) and not (user is not None and user.is_authenticated)


@register.simple_tag
def comment_list(thread, comments_open):
    return render_thread(
        thread.page_roots, page_url=thread.page_url, comments_open=comments_open, editable_ids=thread.editable_ids
    )


@register.inclusion_tag("comments/admin_pending.html", takes_context=True)
def pending_comments_notice(context):
    """ "N comments awaiting moderation" on the admin index, for those who moderate."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("comments.change_comment"):
        return {"show": False}
    return {"show": True, "count": Comment.objects.pending().count()}
