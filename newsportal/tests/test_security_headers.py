"""HTTPS, cookies and the security headers, scored by the HTTP Observatory's rules."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from articles.tests.factories import make_article

from . import observatory

pytestmark = pytest.mark.django_db

ORIGIN = "https://observatory.example"
PROJECT_DIR = Path(__file__).resolve().parents[2]


def run_django(code, environment):
    """Runs Python with the project's settings in a clean environment, as a deployment would."""
    env = {"PATH": os.environ["PATH"], "DJANGO_SECRET_KEY": "k" * 50, "DJANGO_READ_ENV_FILE": "0", **environment}
    setup = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'newsportal.settings'); django.setup(); "
    )
    result = subprocess.run(
        [sys.executable, "-c", setup + code], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def https_site(settings):
    """Production's defaults, which the test settings relax for plain-HTTP test requests."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    return settings


def scan_page(client, path, host="testserver"):
    """Fetches a page the three ways the Observatory does and scores it."""
    https_response = client.get(path, secure=True)
    assert https_response.status_code == 200, path
    return observatory.scan(
        https_response,
        http_response=client.get(path, secure=False),
        cors_response=client.get(path, secure=True, headers={"Origin": ORIGIN}),
        host=host,
        origin=ORIGIN,
    )


def scanned_pages():
    article = make_article(title="Envoy heads east", slug="envoy-heads-east")
    return {
        "home": "/",
        "article": article.get_absolute_url(),
        "sign-in": reverse("login"),
        "admin sign-in": reverse("admin:login"),
    }


class TestObservatoryScore:
    def test_every_scanned_page_scores_a_plus(self, client, https_site):
        for name, path in scanned_pages().items():
            report = scan_page(client, path)
            assert report.grade == "A+", (name, report.score, report.modifiers())

    def test_each_page_passes_each_test_the_intended_way(self, client, https_site):
        for name, path in scanned_pages().items():
            results = scan_page(client, path).results
            assert results["content-security-policy"] == "csp-implemented-with-no-unsafe", name
            assert results["x-frame-options"] == "x-frame-options-implemented-via-csp", name
            assert results["referrer-policy"] == "referrer-policy-private", name
            assert results["strict-transport-security"] == "hsts-implemented-max-age-at-least-six-months", name
            assert results["redirection"] == "redirection-to-https", name
            assert results["cross-origin-resource-policy"] == "corp-implemented-with-same-origin", name
            assert results["cross-origin-resource-sharing"] == "cross-origin-resource-sharing-not-implemented", name
            assert results["x-content-type-options"] == "x-content-type-options-nosniff", name
            assert results["subresource-integrity"] == (
                "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"
            ), name
            assert results["cookies"] in (
                "cookies-not-found",
                "cookies-secure-with-httponly-sessions-and-samesite",
            ), name

    def test_sign_in_forms_set_only_secure_httponly_samesite_cookies(self, client, https_site):
        for path in (reverse("login"), reverse("admin:login")):
            response = client.get(path, secure=True)
            assert "csrftoken" in response.cookies, path
            assert observatory.cookies_test(response, hsts_passes=True) == (
                "cookies-secure-with-httponly-sessions-and-samesite"
            )

    def test_signing_in_sets_a_secure_httponly_samesite_session_cookie(self, https_site):
        get_user_model().objects.create_user("editor", password="a long passphrase 42")
        client = Client(enforce_csrf_checks=False)
        response = client.post(
            reverse("login"), {"username": "editor", "password": "a long passphrase 42"}, secure=True
        )
        assert response.status_code == 302
        session = response.cookies["sessionid"]
        assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
        assert observatory.cookies_test(response, hsts_passes=True) == (
            "cookies-secure-with-httponly-sessions-and-samesite"
        )

    def test_a_signed_in_admin_page_scores_a_plus(self, client, https_site):
        admin = get_user_model().objects.create_superuser("chief", password="a long passphrase 42")
        client.force_login(admin)
        report = scan_page(client, reverse("admin:index"))
        assert report.grade == "A+", report.modifiers()


class TestHttps:
    def test_plain_http_is_redirected_to_the_same_address_over_https(self, client, https_site):
        response = client.get("/category/world/?x=1")
        assert response.status_code == 301
        assert response["Location"] == "https://testserver/category/world/?x=1"

    def test_the_proxy_header_marks_a_request_as_https(self, client, https_site):
        make_article(slug="behind-the-proxy")
        response = client.get("/behind-the-proxy/", headers={"X-Forwarded-Proto": "https"})
        assert response.status_code == 200

    def test_the_trusted_proxy_header_is_configurable(self, client, https_site):
        https_site.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_SCHEME", "https")
        assert client.get("/", headers={"X-Forwarded-Proto": "https"}).status_code == 301
        assert client.get("/", headers={"X-Forwarded-Scheme": "https"}).status_code == 200

    def test_the_redirect_can_be_switched_off_for_a_proxy_that_redirects_itself(self, client, https_site):
        https_site.SECURE_SSL_REDIRECT = False
        assert client.get("/").status_code == 200

    def test_hsts_lasts_a_year_and_covers_subdomains(self, client, https_site):
        value = client.get("/", secure=True)["Strict-Transport-Security"]
        assert value == "max-age=31536000; includeSubDomains"

    def test_hsts_preload_is_an_opt_in(self, client, https_site):
        https_site.SECURE_HSTS_PRELOAD = True
        assert client.get("/", secure=True)["Strict-Transport-Security"].endswith("; preload")

    def test_probes_are_answered_over_plain_http_and_any_host(self, client, https_site):
        for path in ("/healthz", "/readyz"):
            response = client.get(path, headers={"Host": "10.1.2.3:8000"})
            assert response.status_code == 200, path
            assert response.content == b"ok"
        # Pages still refuse a host that is not theirs.
        assert client.get("/", secure=True, headers={"Host": "10.1.2.3:8000"}).status_code == 400


class TestContentSecurityPolicy:
    def test_public_pages_allow_only_their_own_origin(self, client):
        policy = client.get("/")["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert "unsafe" not in policy

    def test_report_only_mode_sends_the_same_policy_without_enforcing_it(self, client, settings):
        settings.SECURE_CSP_REPORT_ONLY, settings.SECURE_CSP = settings.SECURE_CSP, {}
        response = client.get("/")
        assert "Content-Security-Policy" not in response
        assert "frame-ancestors 'none'" in response["Content-Security-Policy-Report-Only"]

    def test_the_report_only_switch_is_read_from_the_environment(self):
        show = "from django.conf import settings; print(bool(settings.SECURE_CSP), settings.SECURE_CSP_REPORT_ONLY)"
        enforced = run_django(show, {})
        report_only = run_django(show, {"DJANGO_CSP_REPORT_ONLY": "1"})
        assert enforced.startswith("True {}")
        assert report_only.startswith("False {'default-src': [<CSP.SELF: \"'self'\">]")

    def test_cached_pages_and_error_pages_carry_the_headers(self, client):
        make_article(slug="cached-story")
        first, second = client.get("/cached-story/"), client.get("/cached-story/")
        missing = client.get("/no-such-story/")
        for response in (first, second, missing):
            for header in ("Content-Security-Policy", "X-Frame-Options", "Permissions-Policy"):
                assert header in response, (response.status_code, header)
        assert first["X-Frame-Options"] == "DENY"
        assert first["Cross-Origin-Opener-Policy"] == "same-origin"


class InlineCode(HTMLParser):
    """Inline scripts and styles that a CSP without 'unsafe-inline' blocks unless they carry the nonce."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in ("application/json",):
            self.found.append(("inline script", attrs.get("nonce")))
        if tag == "style":
            self.found.append(("style element", attrs.get("nonce")))
        if tag == "link" and attrs.get("rel") == "stylesheet" and not attrs.get("href", "").startswith("/"):
            self.found.append(("foreign stylesheet", None))
        for name, value in attrs.items():
            if name == "style":
                self.found.append((f"style attribute on <{tag}>", None))
            if name.startswith("on"):
                self.found.append((f"{name} handler on <{tag}>", None))
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append((f"javascript: URL in {name}", None))


def blocked_inline_code(response):
    """Inline code in the page that its own Content-Security-Policy would block."""
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy)
    parser = InlineCode()
    parser.feed(response.content.decode())
    return [what for what, its_nonce in parser.found if not (nonce and its_nonce == nonce.group(1))]


class TestAdminUnderThePolicy:
    """The admin works under the policy: every inline block it has carries the page's nonce."""

    def admin_pages(self, user):
        return [
            reverse("admin:index"),
            reverse("admin:auth_user_changelist"),
            reverse("admin:auth_user_changelist") + "?q=chief",
            reverse("admin:auth_user_add"),
            reverse("admin:auth_user_change", args=[user.pk]),
            reverse("admin:auth_user_password_change", args=[user.pk]),
            reverse("admin:auth_group_changelist"),
            reverse("admin:auth_group_add"),
            reverse("admin:password_change"),
        ]

    def test_no_admin_page_has_inline_code_that_the_policy_blocks(self, client):
        login_page = client.get(reverse("admin:login"))
        assert login_page.status_code == 200
        assert blocked_inline_code(login_page) == []
        admin = get_user_model().objects.create_superuser("chief", password="a long passphrase 42")
        client.force_login(admin)
        for path in self.admin_pages(admin):
            response = client.get(path)
            assert response.status_code == 200, path
            assert blocked_inline_code(response) == [], path
            assert "unsafe" not in response["Content-Security-Policy"], path

    def test_the_checker_finds_blocked_inline_code(self):
        page = HttpResponse('<p style="color:red" onclick="x()">hi</p><script>alert(1)</script><style>p{}</style>')
        page["Content-Security-Policy"] = "default-src 'self'"
        assert blocked_inline_code(page) == [
            "style attribute on <p>",
            "onclick handler on <p>",
            "inline script",
            "style element",
        ]


class TestScoringRules:
    """The helper itself: it must be able to fail a page."""

    def response(self, headers, body=b"<html></html>", cookies=()):
        response = HttpResponse(body)
        for name, value in headers.items():
            response[name] = value
        for name, attrs in cookies:
            response.set_cookie(name, "v", **attrs)
        return response

    def scan(self, headers, **kwargs):
        page = self.response(headers, **kwargs)
        redirect = SimpleNamespace(status_code=301, headers={"Location": "https://testserver/"})
        return observatory.scan(page, http_response=redirect, cors_response=page)

    def test_a_page_without_security_headers_fails(self):
        bare = self.scan({})
        assert bare.score == 100 - 25 - 20 - 5 - 20
        assert bare.grade == "D"

    def test_unsafe_inline_script_loses_twenty(self):
        assert observatory.csp_test(self.response({"Content-Security-Policy": "script-src 'self' 'unsafe-inline'"}))[
            0
        ] == ("csp-implemented-with-unsafe-inline")
        assert observatory.csp_test(self.response({"Content-Security-Policy": "default-src 'self'"}))[0] == (
            "csp-implemented-with-no-unsafe"
        )
        assert observatory.csp_test(self.response({"Content-Security-Policy": "default-src 'none'"}))[0] == (
            "csp-implemented-with-no-unsafe-default-src-none"
        )
        nonce_allows = {"Content-Security-Policy": "default-src 'self'; script-src 'nonce-abc' 'unsafe-inline'"}
        assert observatory.csp_test(self.response(nonce_allows))[0] == "csp-implemented-with-no-unsafe"
        assert observatory.csp_test(self.response({"Content-Security-Policy": "default-src *"}))[0] == (
            "csp-implemented-with-unsafe-inline"
        )
        eval_allowed = {"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-eval'"}
        assert observatory.csp_test(self.response(eval_allowed))[0] == "csp-implemented-with-unsafe-eval"
        style_only = {"Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'"}
        assert observatory.csp_test(self.response(style_only))[0] == (
            "csp-implemented-with-unsafe-inline-in-style-src-only"
        )

    def test_cookie_rules(self):
        session_without_flags = self.response({}, cookies=[("sessionid", {"samesite": "Lax"})])
        assert observatory.cookies_test(session_without_flags, hsts_passes=False) == (
            "cookies-session-without-secure-flag"
        )
        no_httponly = self.response({}, cookies=[("sessionid", {"secure": True, "samesite": "Lax"})])
        assert observatory.cookies_test(no_httponly, hsts_passes=True) == "cookies-session-without-httponly-flag"
        csrf_without_samesite = self.response({}, cookies=[("csrftoken", {"secure": True})])
        assert observatory.cookies_test(csrf_without_samesite, hsts_passes=True) == (
            "cookies-anticsrf-without-samesite-flag"
        )

    def test_other_rules(self):
        assert observatory.hsts_test(self.response({"Strict-Transport-Security": "max-age=86400"})) == (
            "hsts-implemented-max-age-less-than-six-months"
        )
        assert observatory.referrer_policy_test(self.response({"Referrer-Policy": "unsafe-url"})) == (
            "referrer-policy-unsafe"
        )
        assert observatory.x_frame_options_test(self.response({"X-Frame-Options": "DENY"}), None) == (
            "x-frame-options-sameorigin-or-deny"
        )
        universal = self.response({"Access-Control-Allow-Origin": ORIGIN, "Access-Control-Allow-Credentials": "true"})
        assert observatory.cors_test(universal, ORIGIN) == (
            "cross-origin-resource-sharing-implemented-with-universal-access"
        )
        external_script = self.response({"Content-Type": "text/html"}, body=b'<script src="http://cdn.example/x.js">')
        assert observatory.sri_test(external_script, "testserver") == (
            "sri-not-implemented-and-external-scripts-not-loaded-securely"
        )
        assert observatory.redirection_test(SimpleNamespace(status_code=200, headers={}), "testserver") == (
            "redirection-missing"
        )
