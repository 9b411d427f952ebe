"""End-to-end tests: the portal served by a live server, read in Debian's Chromium through Playwright.

Playwright's own browser download cannot be used here, so the tests launch
the system Chromium. One browser serves the whole session; each test gets
fresh browser contexts (cookies, storage) and a fresh database.

Every page a test opens is watched: an error in the console (which is where
Chromium reports Content-Security-Policy violations and failed loads) or an
uncaught exception fails the test.
"""

import importlib.util
import mimetypes
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

# Playwright's sync API runs an event loop in the test's thread, and Django then
# refuses database calls there (the factories, the assertions). The calls are
# plain synchronous ones; the loop only drives the browser.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The live server listens on a free port of the IPv4 loopback (the browser then never
# has to choose between the addresses "localhost" stands for); a fixed one can be given.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


def _why_no_browser():
    if not CHROMIUM.is_file():
        return (
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium` "
            "(or set CHROMIUM_PATH) to run the browser tests"
        )
    if importlib.util.find_spec("pytest_playwright") is None:
        return "pytest-playwright is not installed: run `make install` to run the browser tests"
    return None


def _why_no_axe():
    if not AXE_SCRIPT.is_file():
        return f"axe-core not found at {AXE_SCRIPT.relative_to(REPO)}: run `npm ci` to run the accessibility tests"
    return None


NO_BROWSER = _why_no_browser()
NO_AXE = _why_no_axe()
# CI sets BROWSER_TESTS=required: there a missing browser or axe is a failure, not a skip.
REQUIRED = os.environ.get("BROWSER_TESTS") == "required"


def skip_or_fail(reason):
    if REQUIRED:
        pytest.fail(f"{reason} (BROWSER_TESTS=required)", pytrace=False)
    pytest.skip(reason)


def pytest_terminal_summary(terminalreporter):
    """Say once, at the end, why browser tests were skipped, rather than once per test."""
    reasons = {NO_BROWSER, NO_AXE} - {None}
    skipped = terminalreporter.stats.get("skipped", [])
    for reason in sorted(reasons):
        if any(isinstance(report.longrepr, tuple) and reason in report.longrepr[2] for report in skipped):
            terminalreporter.write_line(f"Skipped: {reason}.", yellow=True)


@pytest.fixture(autouse=True, scope="session")
def _browser_installed():
    if NO_BROWSER:
        skip_or_fail(NO_BROWSER)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Pages are opened by path (page.goto("/")) on the live server."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-US"}


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The live server speaks plain HTTP, so cookies must not be HTTPS-only there."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False


class BrowserErrors:
    """What the pages logged as errors: console errors, CSP violations and uncaught exceptions."""

    CSP = re.compile(r"Content[- ]Security[- ]Policy", re.IGNORECASE)

    def __init__(self):
        self.errors = []
        self.pages = []
        self.expected = []

    def watch(self, page):
        self.pages.append(page)
        page.on("console", lambda message: self._on_console(page, message))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: uncaught {error}"))

    def expect(self, pattern):
        """Allow one kind of message, for a test that provokes it on purpose (a 4xx page)."""
        self.expected.append(re.compile(pattern))

    def _on_console(self, page, message):
        if message.type == "error" or self.CSP.search(message.text):
            text = f"{page.url}: console {message.type}: {message.text}"
            if not any(pattern.search(message.text) for pattern in self.expected):
                self.errors.append(text)

    def flush(self):
        """Let Playwright deliver the events still on their way."""
        for page in self.pages:
            if not page.is_closed():
                page.wait_for_load_state()
                page.evaluate("0")


@pytest.fixture
def browser_errors():
    errors = BrowserErrors()
    yield errors
    errors.flush()
    assert not errors.errors, "The browser reported errors:\n" + "\n".join(errors.errors)


def _serve_uploads(context, live_server_url):
    """Answer requests for uploaded files from MEDIA_ROOT.

    The live server serves static files only; in production the web server or
    object storage serves uploads.
    """
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT).resolve()
    prefix = settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else "/" + settings.MEDIA_URL

    def answer(route):
        path = unquote(urlsplit(route.request.url).path)[len(prefix) :]
        file = (root / path).resolve()
        if file.is_file() and file.is_relative_to(root):
            content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            route.fulfill(status=200, body=file.read_bytes(), content_type=content_type)
        else:
            route.fulfill(status=404, body="Not found")

    context.route(f"{live_server_url}{prefix}**", answer)


@pytest.fixture
def new_page(new_context, browser_errors, live_server):
    """A page in a new browser context (own cookies), e.g. new_page(java_script_enabled=False)."""

    def make(**context_args):
        context = new_context(**{"viewport": DESKTOP, **context_args})
        _serve_uploads(context, live_server.url)
        page = context.new_page()
        browser_errors.watch(page)
        return page

    return make


@pytest.fixture
def page(new_page):
    """A watched page at desktop width."""
    return new_page()


@pytest.fixture
def axe(new_page):
    """Run axe-core on a page and return its serious and critical violations.

    axe is injected as a script, which the site's Content-Security-Policy
    (script-src 'self') rightly blocks, so the pages it checks are opened in a
    context that bypasses CSP; other tests check the pages with CSP in force.
    """
    if NO_AXE:
        skip_or_fail(NO_AXE)

    return Axe(new_page(bypass_csp=True))


class Axe:
    def __init__(self, page):
        self.page = page

    def violations(self, url):
        """Open `url` (or stay on the current page when None) and list what axe finds serious or critical."""
        if url is not None:
            self.page.goto(url)
        self.page.add_script_tag(path=str(AXE_SCRIPT))
        result = self.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [
            f"{violation['impact']}: {violation['id']} – {violation['help']}: "
            + "; ".join(f"{node['target']} ({node['failureSummary']})" for node in violation["nodes"][:3])
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
