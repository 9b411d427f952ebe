"""Where a link or a redirect goes, as a browser reads the address, not as it is spelt.

Browsers drop tabs and newlines anywhere in an address, strip spaces and
control characters around it, and read "\\" as "/" in http(s) addresses:
"/\\evil.example", "\\\\evil.example" and "/\\t/evil.example" all mean the host
evil.example, and " javascript:…" is a script. Every check of the site that
decides whether an address stays on the site, or is a plain web address,
asks here.
"""

import re
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
# What no address of ours needs and what browsers read otherwise than Python does.
AMBIGUOUS = re.compile(r"[\x00-\x20\x7f\\]")
DROPPED_BY_BROWSERS = re.compile(r"[\t\n\r]")
STRIPPED_BY_BROWSERS = "".join(chr(code) for code in range(0x21))


def as_browsers_read(url):
    """The address a browser follows for `url`."""
    return DROPPED_BY_BROWSERS.sub("", url).strip(STRIPPED_BY_BROWSERS).replace("\\", "/")


def is_unambiguous(url):
    """No character a browser would drop, strip or reread (controls, spaces, backslashes)."""
    return not AMBIGUOUS.search(url)


def is_site_path(url):
    """A path on this site ("/…"), spelt so that every browser reads it so."""
    if not is_unambiguous(url) or not url.startswith("/") or url.startswith("//"):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc


def is_web_address(url):
    """An absolute http(s) address with a host, whose host a browser reads as we do."""
    if not is_unambiguous(url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(host)
