"""How django-axes tells one sign-in attempt's account and address apart."""

from django.conf import settings

from newsportal.client_ip import client_ip as newsportal_client_ip


def username_from_credentials(request, credentials):
    """The account name as typed, without case or spaces: "Ann@X.org " and "ann@x.org" are one account."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username")
    return (value or "").strip().lower()


def client_ip(request):
    """The address a sign-in attempt came from (see newsportal.client_ip)."""
    return newsportal_client_ip(request, settings.LOGIN_CLIENT_IP_HEADER)
