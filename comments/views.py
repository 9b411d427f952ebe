"""Posting a comment, paged threads and comment permalinks.

Routing (see urls.py): the article page belongs to the articles app, which
knows nothing of comments. The thread reaches it through the
`{% comment_section %}` template tag. Two pages need more than the tag can
do on its own, and both are the article page again, rendered by a subclass
of the articles app's view that lives here:

- `/<slug>/comment-page-<n>/`: page n of a long thread (404 past the last);
- a rejected POST: the same article page with the reader's form, their text
  and the error messages, answered with a 4xx status.
"""

import logging

from django.conf import settings
from django.db import DatabaseError
from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from articles.views import ArticleDetailView
from newsportal.csrf import REASON_BAD_ORIGIN, REASON_CROSS_SITE, csrf_protect_shared_form
from newsportal.outage import keeps_form_on_outage

from .editing import remember_editable
from .forms import CommentForm
from .models import Comment
from .notices import subscribe as subscribe_to_replies
from .services import DuplicateComment, comment_create
from .spam import RateLimitUnchecked, client_ip, issue_form_token, rate_limit_failure_policy, rate_limit_hit
from .thread import comment_url, load_thread, reader_may_see, remember_own_comment
from .trust import browser_token_for_post, remember_browser

logger = logging.getLogger(__name__)


def comments_are_open(article, *, now=None):
    """The article's own switch, and COMMENTS_CLOSE_AFTER_DAYS (0: never close)."""
    if not article.comments_open:
        return False
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days > 0:
        return (now or timezone.now()) < article.published_at + timezone.timedelta(days=days)
    return True


class ArticleCommentPageView(ArticleDetailView):
    """The article page showing one page of its thread."""

    def get(self, request, *args, **kwargs):
        if self.kwargs.get("page") == 1:
            # Page 1 is the article's own address; one URL per page.
            return HttpResponsePermanentRedirect(reverse("articles:detail", kwargs={"slug": self.kwargs["slug"]}))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "comment_thread" not in context:
            context["comment_thread"] = load_thread(self.object, self.request, page=self.kwargs.get("page", 1))
        return context


def render_rejected(request, article, form, *, status, thread_page=1):
    """The article page again, with the form as the reader sent it."""
    view = ArticleCommentPageView()
    view.setup(request, slug=article.slug, page=thread_page)
    view.object = article
    try:
        thread = load_thread(article, request, page=thread_page)
    except Http404:
        thread = load_thread(article, request)
    context = view.get_context_data(object=article, comment_form=form, comment_thread=thread)
    response = view.render_to_response(context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def render_unchecked(request, article, form):
    """COMMENTS_RATE_LIMITS_FAIL=refuse while the cache cannot count: nothing stored, the text given back."""
    form.add_error(
        None,
        _(
            "Your comment is not posted yet: we cannot check how often comments arrive right now. "
            "Here is your text; please send it again in a moment."
        ),
    )
    response = render_rejected(request, article, form, status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER_SECONDS)
    # Logged already, in one line that says why; Django's "Service Unavailable" line would add nothing.
    response._has_been_logged = True
    return response


def _article_from_post(request):
    raw = request.POST.get("article", "").strip()
    if not raw.isdigit() or len(raw) > 18:
        return None
    queryset = Article.objects.published().select_related("author", "category", "topic")
    return get_object_or_404(queryset, pk=int(raw))


def bad_request(request):
    html = render_to_string("comments/bad_request.html", request=request)
    return HttpResponseBadRequest(html)


@csrf_protect_shared_form
@never_cache
@require_POST
@keeps_form_on_outage(
    # During a database outage the 503 page gives the reader this form back, filled in.
    fields=[
        ("comment", gettext_lazy("Comment"), True),
        ("name", gettext_lazy("Name"), False),
        ("email", gettext_lazy("Email"), False),
        ("website", gettext_lazy("Website"), False),
    ],
    hidden=["article", "parent", "token"],
)
def post_comment(request):
    """Store a comment and send the reader to it (post/redirect/get).

    Every rejection re-renders the article page with everything the reader
    typed and a message saying what to do: 400 for form errors, 403 when
    comments are closed, 409 for a duplicate, 429 when posting too often,
    503 when the rate limits cannot be checked and COMMENTS_RATE_LIMITS_FAIL
    says to refuse.
    """
    article = _article_from_post(request)
    if article is None:
        return bad_request(request)
    user = request.user if request.user.is_authenticated else None
    form = CommentForm(request.POST, article=article, user=user)

    if not comments_are_open(article):
        form.reject(
            _(
                "Comments on this article were closed before your comment arrived, so it was not posted. "
                "Here is your text, so that you can keep it:"
            )
        )
        return render_rejected(request, article, form, status=403)
    if not form.is_valid():
        page = 1
        if form.parent_comment is not None:
            page = load_thread(article, request).page_of(form.parent_comment.pk)
        return render_rejected(request, article, form, status=400, thread_page=page)

    data = {**form.author_details(), "body": form.cleaned_data["comment"]}
    ip_address = client_ip(request)
    hold_reason = ""
    try:
        wait = rate_limit_hit(ip_address=ip_address, email=data["email"])
    except RateLimitUnchecked as failure:
        wait = None
        policy = rate_limit_failure_policy()
        logger.warning(
            "rate limits could not be checked (%s); COMMENTS_RATE_LIMITS_FAIL=%s: the comment is %s",
            failure,
            policy,
            {"hold": "held for moderation", "refuse": "refused", "allow": "posted"}[policy],
        )
        if policy == "refuse":
            return render_unchecked(request, article, form)
        if policy == "hold":
            hold_reason = _("Held because its rate limits could not be checked: the cache was unavailable.")
    if wait:
        form.add_error(None, _("You are posting comments very quickly. Please wait a little and send it again."))
        response = render_rejected(request, article, form, status=429)
        response["Retry-After"] = str(wait)
        return response
    token, token_is_new = browser_token_for_post(request) if user is None else ("", False)
    try:
        comment = comment_create(
            article=article,
            parent=form.parent_comment,
            data=data,
            request_meta={
                "ip_address": ip_address,
                "user_agent": request.META.get("HTTP_USER_AGENT", ""),
                "browser_token": token,
            },
            user=user,
            force_hold_reason=hold_reason,
        )
    except DuplicateComment:
        form.add_error(None, _("You have already posted this comment."))
        return render_rejected(request, article, form, status=409)
    if form.cleaned_data.get("notify_replies"):
        try:
            subscribe_to_replies(comment)
        except DatabaseError as error:
            logger.warning("comment %s stored, but its reply notices could not be set up: %s", comment.pk, error)

    # The comment is committed: from here on nothing may turn the answer into "not saved".
    held = comment.status == Comment.Status.PENDING
    try:
        location = comment_url(article, comment.pk, request, extra_own_ids=[comment.pk] if held else ())
    except DatabaseError as error:
        # Its page of the thread cannot be looked up now; the start of the thread is one click away from it.
        logger.warning("comment %s stored, but its page could not be looked up: %s", comment.pk, error)
        location = f"{article.get_absolute_url()}#comment-{comment.pk}"
    response = HttpResponseRedirect(location)
    response.status_code = 303
    if held:
        remember_own_comment(request, response, comment)
    if user is None:
        remember_editable(request, response, comment)
    if token_is_new:
        remember_browser(response, token)
    return response


def csrf_failure(request, reason=""):
    """A comment POST that failed the CSRF check: nothing is stored, but the
    page comes back with the reader's text and a fresh token, so one more
    click sends it, if the reader means to. Called by the site's CSRF failure
    view (and by newsportal.csrf for a post from another site)."""
    article = _article_from_post(request) if request.method == "POST" else None
    if article is None:
        return None
    user = request.user if request.user.is_authenticated else None
    form = CommentForm(request.POST, article=article, user=user)
    if reason in (REASON_CROSS_SITE, REASON_BAD_ORIGIN):
        message = _(
            "Your comment was not posted: it was sent from a page of another site. If you wrote it and "
            "want to post it, read it over and press “Post Comment” here."
        )
    else:
        message = _(
            "Your comment is not posted yet: for your safety we need this page to carry a security token "
            "of your own, and it has one now. Please press “Post Comment” again. (If this keeps happening, "
            "allow cookies from this site.)"
        )
    form.reject(message)
    return render_rejected(request, article, form, status=403)


@never_cache
@require_GET
def form_token(request, article_id):
    """A CSRF token and a fresh form timestamp for one reader, as JSON.

    Article pages are shared between anonymous readers by the page cache, so
    they cannot carry a reader's own CSRF token; comments.js asks for one here
    when the reader starts writing (this sets the CSRF cookie too).
    """
    return JsonResponse({"csrfmiddlewaretoken": get_token(request), "token": issue_form_token(article_id)})


@never_cache
def comment_permalink(request, pk):
    """`/comments/<id>/`: the page of the thread the comment is on, at its anchor.

    A comment a reader may not see (held, spam, trash, on an article that is
    not public) answers exactly as one that does not exist, so the address
    cannot tell which comments are waiting. Its author still finds their
    held comment, and moderators are sent to it in the admin.
    """
    comment = Comment.objects.select_related("article").filter(pk=pk).first()
    if comment is None:
        raise Http404("No such comment.")
    user = request.user
    if user.is_authenticated and user.has_perm("comments.change_comment"):
        if comment.status != Comment.Status.APPROVED or not comment.article.is_public:
            return HttpResponseRedirect(reverse("admin:comments_comment_change", args=[comment.pk]))
    elif not reader_may_see(request, comment):
        raise Http404("No such comment.")
    return HttpResponseRedirect(comment_url(comment.article, comment.pk, request))
