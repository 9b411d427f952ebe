"""The pages behind the links of reply notices, and a signed-in reader's list of them.

Confirmation and unsubscribe links are opened from mail, without signing in:
the signed token in the address is the permission. A GET only shows a page
with a button (mail scanners open links on their own); the button's POST
acts. The unsubscribe POST takes no CSRF token, as RFC 8058 one-click
unsubscribe requires (a mail client posts `List-Unsubscribe=One-Click` to it
with no cookie); the token in its address is what makes it safe.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import ReplyNoticeAddress, ReplySubscription
from .notices import email_from_confirm_token, subscription_from_unsubscribe_token

PAGE = "comments/notices_page.html"


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        email = email_from_confirm_token(token)
    except signing.BadSignature:
        context = {"page_title": _("Link not valid"), "text": _("This confirmation link is not valid any more.")}
        return render(request, PAGE, {**context, "robots_noindex": True}, status=400)
    address = ReplyNoticeAddress.objects.filter(email=email).first()
    context = {"page_title": _("Reply notices"), "robots_noindex": True}
    if address is None:
        text = _("There is nothing to confirm for this address.")
        return render(request, PAGE, {**context, "text": text}, status=404)
    if request.method == "POST" and address.confirmed_at is None:
        address.confirmed_at = timezone.now()
        address.save(update_fields=["confirmed_at"])
    if address.confirmed_at is not None:
        text = _("Confirmed: you will be mailed when someone replies to the comments you asked about.")
        return render(request, PAGE, {**context, "text": text})
    text = _("Mail %(email)s when someone replies to the comments it asked about?") % {"email": email}
    return render(request, PAGE, {**context, "text": text, "button": _("Yes, mail me about replies"), "csrf": True})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscription = subscription_from_unsubscribe_token(token)
    context = {"page_title": _("Stop reply notices"), "robots_noindex": True}
    if subscription is None:
        text = _("This unsubscribe link is not valid, or the comment it was for has been removed.")
        return render(request, PAGE, {**context, "text": text}, status=404)
    if request.method == "POST" and subscription.is_active:
        subscription.stopped_at = timezone.now()
        subscription.save(update_fields=["stopped_at"])
    title = subscription.comment.article.title
    if not subscription.is_active:
        text = _("Done: no more mail about replies to your comment on “%(title)s”.") % {"title": title}
        return render(request, PAGE, {**context, "text": text})
    text = _("Stop mailing %(email)s about replies to the comment on “%(title)s”?") % {
        "email": subscription.email,
        "title": title,
    }
    return render(request, PAGE, {**context, "text": text, "button": _("Unsubscribe")})


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def manage(request):
    """A signed-in reader's reply notices: the comments they posted signed in and asked about."""
    subscriptions = ReplySubscription.objects.filter(comment__user=request.user).select_related("comment__article")
    if request.method == "POST":
        subscription = subscriptions.filter(pk=_as_id(request.POST.get("subscription"))).first()
        if subscription is None:
            messages.error(request, _("That notice is not one of yours."))
        elif request.POST.get("action") == "stop":
            subscription.stopped_at = subscription.stopped_at or timezone.now()
            subscription.save(update_fields=["stopped_at"])
            messages.success(request, _("Stopped: no more mail about replies to that comment."))
        elif request.POST.get("action") == "resume":
            subscription.stopped_at = None
            subscription.save(update_fields=["stopped_at"])
            messages.success(request, _("Resumed: you will be mailed about replies to that comment."))
        return redirect("comments:notices")
    confirmed = ReplyNoticeAddress.objects.filter(email=(request.user.email or "").lower(), confirmed_at__isnull=False)
    return render(
        request,
        "comments/notices_manage.html",
        {
            "page_title": _("Your reply notices"),
            "subscriptions": subscriptions,
            "address_confirmed": confirmed.exists(),
            "robots_noindex": True,
        },
    )


def _as_id(raw):
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 19 else None
