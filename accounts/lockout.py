"""How django-axes tells one sign-in attempt's account and address apart."""

from django.conf import settings

from newsportal.client_ip import client_ip as newsportal_client_ip

from .backends import account_for_lockout, comparable_name


def username_from_credentials(request, credentials):
    """The key failures are counted under: the account the typed name resolves to, whatever its spelling.

    "isaac@example.com", "ISAAC@example.com", "ısaac@example.com" (where the
    database matches it) and the username "isaac" all lock one account. A
    name that is no account is counted as Django compares names (NFKC, no
    case), so an attacker's spellings of it add up too.
    """
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username")
    account = account_for_lockout(value or "")
    if account is not None:
        return f"account:{account.pk}"
    return f"name:{comparable_name(value)}"


def client_ip(request):
    """The address a sign-in attempt came from (see newsportal.client_ip)."""
    return newsportal_client_ip(request, settings.LOGIN_CLIENT_IP_HEADER)
