from axes.backends import AxesStandaloneBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


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
        user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
        if user is None and "@" in username:
            matches = list(user_model._default_manager.filter(email__iexact=username.strip())[:2])
            # Two accounts with one address (made by hand in the admin) are ambiguous: neither signs in by it.
            user = matches[0] if len(matches) == 1 else None
        if user is None:
            # Hash anyway, so that an unknown name takes as long as a wrong password.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
