import unicodedata

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def comparable_name(value):
    """A typed account name as Django compares names: NFKC-normalised, without case or surrounding spaces."""
    return unicodedata.normalize("NFKC", value or "").strip().casefold()


def _only(queryset):
    # Two accounts for one spelling (made by hand in the admin) are ambiguous: neither is meant.
    matches = list(queryset[:2])
    return matches[0] if len(matches) == 1 else None


def account_for_sign_in(identifier):
    """The account a sign-in form's "username" names: its username, or for readers the email they signed up with."""
    user_model = get_user_model()
    manager = user_model._default_manager
    user = manager.filter(**{user_model.USERNAME_FIELD: identifier}).first()
    if user is None and "@" in identifier:
        user = _only(manager.filter(email__iexact=identifier.strip()))
    return user


def account_for_lockout(identifier):
    """The account a failed sign-in counts against, whatever the spelling.

    Wider than account_for_sign_in: every spelling that could sign in, and
    the ones only a case or a space away, lock the same account.
    """
    if not identifier:
        return None
    user = account_for_sign_in(identifier)
    if user is not None:
        return user
    user_model = get_user_model()
    normalised = unicodedata.normalize("NFKC", identifier).strip()
    return _only(user_model._default_manager.filter(**{f"{user_model.USERNAME_FIELD}__iexact": normalised}))


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come over the web.

    Every sign-in page (ours, the admin's) passes the request. A call without
    one (the test client's login(), a script) is no attempt from an address
    and is left to the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class EmailOrUsernameBackend(ModelBackend):
    """Staff sign in with their username; readers also with their email, in any case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = account_for_sign_in(username)
        if user is None:
            # Hash anyway, so that an unknown name takes as long as a wrong password.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
