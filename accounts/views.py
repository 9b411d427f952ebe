from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from newsportal.links import is_unambiguous

from .forms import SignInForm, SignUpForm
from .lockout import client_ip
from .password_reset import request_limits_hit, send_password_reset

# Pages about one's account are nobody's search result.
PRIVATE_PAGE = {"robots_noindex": True}


def safe_next(request, default="/"):
    """Where to go after signing in or up: `next` only when it stays on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Django's check reads "\\" as "/" already; a character a browser would drop or reread has no use here.
    if is_unambiguous(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True
    extra_context = PRIVATE_PAGE


class SignOutView(auth_views.LogoutView):
    """POST only (Django's rule): a link or an image on another site cannot sign a reader out."""


@method_decorator([sensitive_post_parameters("password1", "password2"), csrf_protect, never_cache], name="dispatch")
class SignUpView(FormView):
    form_class = SignUpForm
    template_name = "registration/signup.html"
    extra_context = PRIVATE_PAGE

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next(self.request, default=""), **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                user = form.save()
        except IntegrityError:
            # Someone signed up with the same address a moment earlier.
            form.add_error("email", SignUpForm.error_messages["email_taken"])
            return self.form_invalid(form)
        login(self.request, user, backend="accounts.backends.EmailOrUsernameBackend")
        return redirect(safe_next(self.request))


class PasswordResetView(auth_views.PasswordResetView):
    """Django's form, but the account lookup and the mail happen in the task worker (accounts/password_reset.py)."""

    template_name = "registration/password_reset_form.html"
    extra_context = {**PRIVATE_PAGE, "title": _("Reset your password")}

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        wait = request_limits_hit(ip_address=client_ip(self.request), email=email)
        if wait:
            form.add_error(
                None,
                _("Too many password reset requests for this address or from here. Please try again in an hour."),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            response["Retry-After"] = str(wait)
            return response
        send_password_reset.enqueue(email)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    extra_context = PRIVATE_PAGE


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    extra_context = PRIVATE_PAGE


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    extra_context = PRIVATE_PAGE
