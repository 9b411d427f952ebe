"""Which content codings a client accepts, from Accept-Encoding with its q-values (RFC 9110, 12.5.3).

`gzip;q=0` refuses gzip and `*;q=0` every coding not named; a plain search
for "gzip" in the header (Django's GZipMiddleware, whitenoise) reads both as
yes. AcceptEncodingMiddleware rewrites the header, before anything reads it,
as the plain list of the codings accepted, so every such search is right.
"""

import math
from functools import lru_cache

# The codings anything on the site (the page cache, whitenoise) may send.
KNOWN_CODINGS = ("br", "gzip", "zstd", "deflate")
ALIASES = {"x-gzip": "gzip"}


def quality(parameters):
    """The q of one entry: 1 when absent, 0 when it is not a valid qvalue."""
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value.strip())
            except ValueError:
                return 0.0
            return weight if math.isfinite(weight) and 0 <= weight <= 1 else 0.0
    return 1.0


# Browsers send a handful of distinct headers, and every request (static files
# too) reads one: parsed once per process. A bounded number, so that headers
# made up by a client cannot fill the memory.
@lru_cache(maxsize=256)
def acceptable_codings(header):
    """The known codings `header` accepts (q > 0), in KNOWN_CODINGS order."""
    weights, wildcard = {}, 0.0
    for entry in (header or "").split(","):
        name, *parameters = entry.split(";")
        name = ALIASES.get(name.strip().lower(), name.strip().lower())
        if not name:
            continue
        weight = quality(parameters)
        if name == "*":
            wildcard = weight
        else:
            # Named twice: the more cautious answer.
            weights[name] = min(weight, weights.get(name, weight))
    return tuple(coding for coding in KNOWN_CODINGS if weights.get(coding, wildcard) > 0)


def accepts_gzip(header):
    return "gzip" in acceptable_codings(header)


class AcceptEncodingMiddleware:
    """Rewrites Accept-Encoding as the list of codings it accepts (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.META.get("HTTP_ACCEPT_ENCODING")
        if header is not None:
            request.META["HTTP_ACCEPT_ENCODING"] = ", ".join(acceptable_codings(header))
        return self.get_response(request)
