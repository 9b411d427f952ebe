"""The Mozilla HTTP Observatory's header tests and scoring, for Django test responses.

Follows the Observatory's published methodology (tests_and_scoring in MDN's
documentation, and the rules of its analyzer): every site starts at 100,
penalties are taken first, and bonuses are added only when the penalised
score is still 90 or more; 100 or more is an A+. The HSTS preload list, TLS
certificates and crossdomain.xml lookups cannot be judged from one response
and are left out (none of them can raise a score here).
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

MODIFIERS = {
    # Content Security Policy
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    # Cookies
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    # Cross-origin resource sharing
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    # Redirection
    "redirection-to-https": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-missing": -20,
    "redirection-not-to-https": -20,
    # Referrer-Policy
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    # Strict-Transport-Security
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    # Subresource integrity
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    # X-Content-Type-Options
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    # X-Frame-Options
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 0,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    # Cross-Origin-Resource-Policy
    "corp-implemented-with-same-origin": 10,
    "corp-implemented-with-same-site": 10,
    "corp-implemented-with-cross-origin": 0,
    "corp-not-implemented": 0,
    "corp-header-invalid": -5,
}

GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
SIX_MONTHS = 15_552_000  # the Observatory's own "white lie" for 15768000

DANGEROUSLY_BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
NONCE_OR_HASH = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
PRIVATE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRER_POLICIES = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}


@dataclass
class Report:
    score: int
    grade: str
    results: dict = field(default_factory=dict)

    def modifiers(self):
        return {test: (result, MODIFIERS[result]) for test, result in self.results.items()}


def headers_of(response, name):
    """Every value of a header (Django's test responses hold one value per name)."""
    value = response.headers.get(name)
    return [] if value is None else [value]


# --- Content Security Policy ---------------------------------------------


class InvalidPolicy(ValueError):
    pass


def parse_csp(values):
    """Directive -> set of sources, the first occurrence of a directive winning (as browsers do)."""
    policy = {}
    for header in values:
        for policy_text in header.split(","):
            for directive in policy_text.split(";"):
                tokens = directive.strip().split()
                if not tokens:
                    continue
                name = tokens[0].lower()
                if not re.fullmatch(r"[a-z-]+", name):
                    raise InvalidPolicy(name)
                policy.setdefault(name, {token.lower() if token.startswith("'") else token for token in tokens[1:]})
    return policy


def csp_test(response, https=True):
    try:
        csp = parse_csp(headers_of(response, "Content-Security-Policy"))
    except InvalidPolicy:
        return "csp-header-invalid", None
    if not csp:
        return "csp-not-implemented", None

    everything = {"*"}
    object_src = set(csp.get("object-src") or csp.get("default-src") or everything)
    script_src = set(csp.get("script-src") or csp.get("default-src") or everything)
    style_src = set(csp.get("style-src") or csp.get("default-src") or everything)
    for sources in (script_src, style_src):
        if any(source.startswith(NONCE_OR_HASH) for source in sources):
            sources.discard("'unsafe-inline'")
    if "'strict-dynamic'" in script_src:
        if not any(source.startswith(NONCE_OR_HASH) for source in script_src):
            return "csp-header-invalid", csp
        script_src = {
            source
            for source in script_src
            if source not in ("'self'", "'unsafe-inline'") and not source.startswith(tuple(DANGEROUSLY_BROAD))
        }

    passive = {"img-src", "media-src"}
    active_sources = [
        source for name, sources in csp.items() if name not in passive | {"script-src"} for source in sources
    ]
    active_sources += list(script_src)
    passive_sources = [source for name in passive for source in (csp.get(name) or csp.get("default-src") or ())]

    def insecure(sources):
        return https and any(source.startswith(("http:", "ftp:")) for source in sources)

    if script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or object_src & DANGEROUSLY_BROAD:
        return "csp-implemented-with-unsafe-inline", csp
    if insecure(active_sources):
        return "csp-implemented-with-insecure-scheme", csp
    if "'unsafe-eval'" in script_src | style_src:
        return "csp-implemented-with-unsafe-eval", csp
    if insecure(passive_sources):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", csp
    if style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", csp
    if csp.get("default-src") == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none", csp
    return "csp-implemented-with-no-unsafe", csp


# --- Cookies -------------------------------------------------------------


def cookies_test(response, hsts_passes):
    cookies = list(response.cookies.values())
    if not cookies:
        return "cookies-not-found"
    order = [
        "cookies-without-secure-flag-but-protected-by-hsts",
        "cookies-without-secure-flag",
        "cookies-session-without-secure-flag-but-protected-by-hsts",
        "cookies-samesite-flag-invalid",
        "cookies-anticsrf-without-samesite-flag",
        "cookies-session-without-httponly-flag",
        "cookies-session-without-secure-flag",
    ]
    worst = None

    def worse(result):
        nonlocal worst
        if worst is None or order.index(result) > order.index(worst):
            worst = result

    missing_samesite = False
    for cookie in cookies:
        name = cookie.key.lower()
        secure, httponly = bool(cookie["secure"]), bool(cookie["httponly"])
        samesite = (cookie["samesite"] or "").lower()
        is_session = "login" in name or "sess" in name
        if samesite and samesite not in ("lax", "strict", "none"):
            worse("cookies-samesite-flag-invalid")
        if not secure and samesite == "none":
            worse("cookies-samesite-flag-invalid")
        if not secure:
            worse(
                "cookies-without-secure-flag-but-protected-by-hsts" if hsts_passes else "cookies-without-secure-flag"
            )
        if "csrf" in name and not samesite:
            worse("cookies-anticsrf-without-samesite-flag")
        if is_session and not secure:
            worse(
                "cookies-session-without-secure-flag-but-protected-by-hsts"
                if hsts_passes
                else "cookies-session-without-secure-flag"
            )
        if is_session and not httponly:
            worse("cookies-session-without-httponly-flag")
        missing_samesite = missing_samesite or not samesite
    if worst:
        return worst
    return (
        "cookies-secure-with-httponly-sessions"
        if missing_samesite
        else "cookies-secure-with-httponly-sessions-and-samesite"
    )


# --- The other headers ---------------------------------------------------


def cors_test(response, origin):
    allowed = response.headers.get("Access-Control-Allow-Origin")
    if not allowed:
        return "cross-origin-resource-sharing-not-implemented"
    if allowed.strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    credentials = response.headers.get("Access-Control-Allow-Credentials", "").strip().lower() == "true"
    if allowed.strip() == origin and credentials:
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection_test(http_response, host):
    if http_response.status_code not in (301, 302, 303, 307, 308):
        return "redirection-missing"
    target = urlsplit(http_response.headers.get("Location", ""))
    if target.scheme != "https":
        return (
            "redirection-not-to-https-on-initial-redirection"
            if target.scheme == "http"
            else "redirection-not-to-https"
        )
    if target.hostname != host:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


def referrer_policy_test(response):
    value = response.headers.get("Referrer-Policy")
    if value is None:
        return "referrer-policy-not-implemented"
    # Browsers use the last policy they understand.
    known = PRIVATE_REFERRER_POLICIES | UNSAFE_REFERRER_POLICIES
    policies = [token.strip().lower() for token in value.split(",") if token.strip().lower() in known]
    if not policies:
        return "referrer-policy-header-invalid"
    return "referrer-policy-private" if policies[-1] in PRIVATE_REFERRER_POLICIES else "referrer-policy-unsafe"


def hsts_test(response):
    value = response.headers.get("Strict-Transport-Security")
    if value is None:
        return "hsts-not-implemented"
    if "," in value:
        return "hsts-header-invalid"
    max_age = None
    for parameter in (part.strip().lower() for part in value.split(";")):
        if parameter.startswith("max-age="):
            digits = re.match(r"\d+", parameter[8:128])
            max_age = int(digits.group()) if digits else None
    if max_age is None:
        return "hsts-header-invalid"
    return (
        "hsts-implemented-max-age-at-least-six-months"
        if max_age >= SIX_MONTHS
        else "hsts-implemented-max-age-less-than-six-months"
    )


class ScriptCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def sri_test(response, host):
    if "html" not in response.headers.get("Content-Type", ""):
        return "sri-not-implemented-response-not-html"
    collector = ScriptCollector()
    collector.feed(response.content.decode(errors="replace"))
    sourced = [script for script in collector.scripts if script.get("src")]
    if not sourced:
        return "sri-not-implemented-but-no-scripts-loaded"
    external = []
    for script in sourced:
        src = urlsplit(script["src"])
        if src.netloc and src.hostname != host:
            external.append(script)
    with_integrity = all(script.get("integrity") for script in sourced)
    insecure = any(urlsplit(script["src"]).scheme == "http" or script["src"].startswith("//") for script in external)
    if insecure:
        return (
            "sri-implemented-but-external-scripts-not-loaded-securely"
            if with_integrity
            else "sri-not-implemented-and-external-scripts-not-loaded-securely"
        )
    if with_integrity:
        return (
            "sri-implemented-and-external-scripts-loaded-securely"
            if external
            else "sri-implemented-and-all-scripts-loaded-securely"
        )
    if external:
        return "sri-not-implemented-but-external-scripts-loaded-securely"
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"


def x_content_type_options_test(response):
    value = response.headers.get("X-Content-Type-Options")
    if value is None:
        return "x-content-type-options-not-implemented"
    return (
        "x-content-type-options-nosniff"
        if value.strip().lower() == "nosniff"
        else "x-content-type-options-header-invalid"
    )


def x_frame_options_test(response, csp):
    if csp and csp.get("frame-ancestors"):
        return "x-frame-options-implemented-via-csp"
    value = response.headers.get("X-Frame-Options")
    if value is None:
        return "x-frame-options-not-implemented"
    value = value.strip().lower()
    if value in ("deny", "sameorigin"):
        return "x-frame-options-sameorigin-or-deny"
    if value.startswith("allow-from"):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def corp_test(response):
    value = response.headers.get("Cross-Origin-Resource-Policy")
    if value is None:
        return "corp-not-implemented"
    return {
        "same-origin": "corp-implemented-with-same-origin",
        "same-site": "corp-implemented-with-same-site",
        "cross-origin": "corp-implemented-with-cross-origin",
    }.get(value.strip().lower(), "corp-header-invalid")


# --- The grade -----------------------------------------------------------


def grade_for(score):
    return next(grade for floor, grade in GRADES if score >= floor)


def scan(https_response, *, http_response, cors_response, host="testserver", origin="https://observatory.example"):
    """Scores one page: its answer over HTTPS, over plain HTTP, and to a cross-origin request."""
    csp_result, csp = csp_test(https_response)
    hsts_result = hsts_test(https_response)
    hsts_passes = hsts_result == "hsts-implemented-max-age-at-least-six-months"
    results = {
        "content-security-policy": csp_result,
        "cookies": cookies_test(https_response, hsts_passes),
        "cross-origin-resource-sharing": cors_test(cors_response, origin),
        "redirection": redirection_test(http_response, host),
        "referrer-policy": referrer_policy_test(https_response),
        "strict-transport-security": hsts_result,
        "subresource-integrity": sri_test(https_response, host),
        "x-content-type-options": x_content_type_options_test(https_response),
        "x-frame-options": x_frame_options_test(https_response, csp),
        "cross-origin-resource-policy": corp_test(https_response),
    }
    modifiers = [MODIFIERS[result] for result in results.values()]
    penalised = 100 + sum(modifier for modifier in modifiers if modifier < 0)
    score = 100 + sum(modifiers) if penalised >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else penalised
    score = max(score, 0)
    return Report(score=score, grade=grade_for(score), results=results)
