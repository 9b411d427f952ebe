"""axe-core finds no serious or critical accessibility problem on the portal's pages."""

import re

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from .conftest import PHONE
from .content import build_newsroom

pytestmark = pytest.mark.browser


@pytest.fixture
def newsroom(transactional_db):
    return build_newsroom()


PAGES = ["home", "article", "category", "tag", "author", "search", "empty search", "older stories"]


def page_urls(newsroom):
    lead = newsroom["lead"]
    return {
        "home": "/",
        "article": lead.get_absolute_url(),
        "category": "/category/world/",
        "tag": lead.topic.get_absolute_url(),
        "author": "/author/ethan-kim/",
        "search": "/?s=summit",
        "empty search": "/?s=zeppelin",
        "older stories": "/page/2/",
    }


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_problem(axe, newsroom, name):
    url = page_urls(newsroom)[name]
    assert axe.violations(url) == [], f"{name} page ({url})"


def test_phone_layout_with_the_menu_open_has_no_serious_accessibility_problem(axe, newsroom):
    axe.page.set_viewport_size(PHONE)
    axe.page.goto("/")
    axe.page.get_by_role("button", name="Menu").click()
    assert axe.violations(None) == []


def test_not_found_page_has_no_serious_accessibility_problem(axe, newsroom, browser_errors):
    browser_errors.expect(r"status of 404")
    assert axe.violations("/no-such-story/") == []


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"])
def test_account_pages_have_no_serious_accessibility_problem(axe, newsroom, url):
    try:
        get_template("registration/login.html")
    except TemplateDoesNotExist:
        pytest.skip("the sign-in page has no template yet (registration/login.html)")
    assert axe.violations(url) == []


def test_the_check_reports_a_real_problem(axe, newsroom):
    """Guards the check itself: an image without alternative text is a critical problem."""
    axe.page.goto("/")
    axe.page.evaluate(
        """() => {
            const image = document.createElement('img');
            image.src = '/static/img/favicon.svg';
            document.querySelector('main').append(image);
        }"""
    )
    found = axe.violations(None)
    assert len(found) == 1
    assert found[0].startswith("critical: image-alt")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_breaking_news_and_corrections_have_no_serious_accessibility_problem(axe, newsroom, phone):
    from articles.services import article_break_news, correction_add

    lead = newsroom["lead"]
    correction_add(article=lead, text='It was <em>Monday</em>: see <a href="/">the schedule</a>.', placement="top")
    correction_add(article=lead, text="Talks resume tomorrow.", kind="update")
    article_break_news(article=lead)
    if phone:
        axe.page.set_viewport_size(PHONE)
    for url in (lead.get_absolute_url(), "/corrections/", "/"):
        assert axe.violations(url) == [], url
        # One link, named by its label and the story's title (however the browser spaces them).
        bar_link = re.compile(rf"^Breaking news\s*:\s*{re.escape(lead.title)}$", re.IGNORECASE)
        assert axe.page.get_by_role("link", name=bar_link).count() == 1, url
