"""How django-axes tells one sign-in attempt's account and address apart."""

import ipaddress

from django.conf import settings


def username_from_credentials(request, credentials):
    """The account name as typed, without case or spaces: "Ann@X.org " and "ann@x.org" are one account."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username")
    return (value or "").strip().lower()


def client_ip(request):
    """The address an attempt came from.

    Behind a reverse proxy REMOTE_ADDR is the proxy, which would lock every
    reader out at once; LOGIN_CLIENT_IP_HEADER names the header the proxy
    sets. Its last entry is the one our proxy added; earlier ones are
    whatever the client claimed.
    """
    value = ""
    header = settings.LOGIN_CLIENT_IP_HEADER
    if header:
        meta_key = header.upper().replace("-", "_")
        if not meta_key.startswith("HTTP_"):
            meta_key = "HTTP_" + meta_key
        value = request.META.get(meta_key, "").split(",")[-1].strip()
    value = value or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
