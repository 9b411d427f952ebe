import ipaddress


def client_ip(request, trusted_header=""):
    """The address a request came from, or None when it is not a valid address.

    Behind a reverse proxy REMOTE_ADDR is the proxy's; `trusted_header` names
    the header the proxy sets (e.g. X-Forwarded-For). Its last entry is the
    one our proxy added; earlier ones are whatever the client claimed.
    """
    value = ""
    if trusted_header:
        meta_key = trusted_header.upper().replace("-", "_")
        if not meta_key.startswith("HTTP_"):
            meta_key = "HTTP_" + meta_key
        value = request.META.get(meta_key, "").split(",")[-1].strip()
    value = value or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
