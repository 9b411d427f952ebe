"""Readers report comments that break the rules.

Each visible comment carries a plain "Report" link to `/comments/<id>/report/`:
the article page is shared between anonymous readers by the page cache, so
the link holds nothing of the reader. The report page itself is never
cached and carries the reader's own CSRF token; it works without
JavaScript (GET shows the form, POST records and redirects back to it with
a message). An anonymous reader's POST is checked as the comment form's is
(newsportal/csrf.py: the browser's Sec-Fetch-Site and Origin, the token when
neither is sent); a signed-in reader's by the token.

A reader is counted once per comment: by their account when signed in, else
by a keyed digest of their IP address (the address itself is not kept). When
COMMENTS_REPORT_HOLD_AT readers have reported a comment it goes back to the
moderation queue (services.comment_report_create).
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from newsportal.csrf import csrf_protect_shared_form
from newsportal.text import validate_reader_text

from .models import Comment, CommentReport
from .services import AlreadyReported, comment_report_create
from .spam import (
    RateLimitUnchecked,
    client_ip,
    count_against_limits,
    parse_rate_limits,
    rate_limit_failure_policy,
)

logger = logging.getLogger(__name__)

READER_SALT = "comments.report-reader"


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong with this comment?"),
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Please choose a reason."),
            "invalid_choice": gettext_lazy("Please choose one of the reasons listed."),
        },
    )
    text = forms.CharField(
        label=gettext_lazy("Anything the moderators should know (optional)"),
        max_length=1000,
        required=False,
        validators=[validate_reader_text],
        widget=forms.Textarea(attrs={"rows": 4, "cols": 45}),
    )


def reader_of(request):
    """Who is reporting, as stored on the report: "user:<id>", "ip:<digest>", or None when unknown."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    address = client_ip(request)
    return reader_of_address(address) if address else None


def reader_of_address(address):
    """An anonymous reader as stored: a keyed digest of their IP address, not the address."""
    return f"ip:{salted_hmac(READER_SALT, address, algorithm='sha256').hexdigest()[:40]}"


def report_url(comment_id):
    return reverse("comments:report", kwargs={"pk": comment_id})


def report_rate_limit_hit(reader):
    """Seconds to wait when this reader reports too often (COMMENTS_REPORT_RATE_LIMITS), else None."""
    limits = parse_rate_limits(settings.COMMENTS_REPORT_RATE_LIMITS, "COMMENTS_REPORT_RATE_LIMITS")
    try:
        return count_against_limits([("report", reader)], limits)
    except RateLimitUnchecked as failure:
        policy = rate_limit_failure_policy()
        logger.warning("report rate limits could not be checked (%s); COMMENTS_RATE_LIMITS_FAIL=%s", failure, policy)
        # One report alone changes nothing readers see, and each reader counts
        # once; only "refuse" turns a report away while the cache cannot count.
        return settings.OUTAGE_RETRY_AFTER_SECONDS if policy == "refuse" else None


@csrf_protect_shared_form
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_comment(request, pk):
    """The report form of one comment; POST records the report (post/redirect/get)."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    if not comment.article.is_public:
        raise Http404("No such comment.")
    reader = reader_of(request)
    already = reader is not None and CommentReport.objects.filter(comment=comment, reader=reader).exists()
    if comment.status != Comment.Status.APPROVED and not already:
        # Held, spam or trashed: nobody but the moderators may see it.
        raise Http404("No such comment.")
    context = {
        "comment": comment if comment.status == Comment.Status.APPROVED else None,
        "article": comment.article,
        "already": already,
        "thread_url": comment.get_absolute_url() if comment.status == Comment.Status.APPROVED else "",
        "article_url": f"{comment.article.get_absolute_url()}#comments",
    }
    if request.method != "POST":
        return render(request, "comments/report.html", {**context, "form": ReportForm()})

    form = ReportForm(request.POST)
    if already:
        messages.info(request, _("You have reported this comment already. Thank you."))
        return HttpResponseRedirect(report_url(comment.pk), status=303)
    if reader is None:
        form.add_error(None, _("We cannot tell who sends this report, so it was not recorded."))
        return render(request, "comments/report.html", {**context, "form": form}, status=400)
    if not form.is_valid():
        return render(request, "comments/report.html", {**context, "form": form}, status=400)
    wait = report_rate_limit_hit(reader)
    if wait:
        form.add_error(None, _("You have sent many reports in a short time. Please wait a little and send it again."))
        response = render(request, "comments/report.html", {**context, "form": form}, status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        comment_report_create(
            comment=comment,
            reader=reader,
            user=request.user,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )
    except AlreadyReported:
        messages.info(request, _("You have reported this comment already. Thank you."))
    else:
        messages.success(request, _("Thank you. Your report was sent to the moderators."))
    return HttpResponseRedirect(report_url(comment.pk), status=303)
