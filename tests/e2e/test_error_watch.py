"""The watch every browser test relies on really catches what it should."""

import pytest

from .conftest import BrowserErrors

pytestmark = pytest.mark.browser


@pytest.fixture
def watched(new_context, transactional_db):
    errors = BrowserErrors()
    page = new_context().new_page()
    errors.watch(page)
    page.goto("/")
    return page, errors


def test_a_console_error_is_caught(watched):
    page, errors = watched
    page.evaluate("console.error('the menu broke')")
    errors.flush()
    assert errors.errors == [f"{page.url}: console error: the menu broke"]


def test_an_uncaught_exception_is_caught(watched):
    page, errors = watched
    page.evaluate("setTimeout(() => { throw new Error('boom'); })")
    page.wait_for_timeout(50)
    errors.flush()
    assert len(errors.errors) == 1
    assert "uncaught" in errors.errors[0]
    assert "boom" in errors.errors[0]


def test_a_content_security_policy_violation_is_caught(watched):
    """An inline script, which the site's policy forbids, is refused and reported."""
    page, errors = watched
    page.evaluate(
        """() => {
            const script = document.createElement('script');
            script.textContent = 'document.title = "injected"';
            document.body.append(script);
        }"""
    )
    errors.flush()
    assert page.title() != "injected"
    assert len(errors.errors) == 1
    assert "Content Security Policy" in errors.errors[0]


def test_a_missing_file_is_caught(watched):
    page, errors = watched
    page.evaluate(
        """() => new Promise(done => {
            const image = document.createElement('img');
            image.onerror = done;
            image.src = '/static/img/no-such-picture.svg';
            document.body.append(image);
        })"""
    )
    errors.flush()
    assert len(errors.errors) == 1
    assert "404" in errors.errors[0]


def test_an_expected_message_is_let_through(watched):
    page, errors = watched
    errors.expect(r"^the menu broke$")
    page.evaluate("console.error('the menu broke'); console.error('something else')")
    errors.flush()
    assert errors.errors == [f"{page.url}: console error: something else"]
