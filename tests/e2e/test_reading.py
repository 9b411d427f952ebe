"""A reader's paths through the portal, in Chromium: stories, search, menu, language, keyboard."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PHONE
from .content import build_newsroom

pytestmark = pytest.mark.browser


@pytest.fixture
def newsroom(transactional_db):
    return build_newsroom()


def test_home_page_leads_to_the_story_with_its_faqs(page, newsroom):
    lead = newsroom["lead"]
    page.goto("/")
    expect(page).to_have_title("BBN – Big Big News")
    expect(page.get_by_role("heading", level=1)).to_have_accessible_name("BBN – Big Big News")
    expect(page.get_by_role("heading", name="Latest Stories")).to_be_visible()

    page.locator(".home-lead").get_by_role("link", name=lead.title).click()

    expect(page).to_have_url(re.compile(rf"/{re.escape(lead.slug)}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(lead.title)
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb.get_by_role("link")).to_have_text(["Home", "World"])
    expect(page.locator(".article__byline")).to_have_text("by Ethan Kim")
    faq = page.get_by_role("region", name="Frequently Asked Questions (FAQs) about high-stakes diplomatic visit")
    expect(faq.get_by_role("heading", level=3)).to_have_text(
        ["What is the high-stakes diplomatic visit about?", "What happens next?"]
    )
    expect(faq).to_contain_text("A further update is expected before the end of the month.")
    expect(page.get_by_role("heading", name="More about high-stakes diplomatic visit")).to_be_visible()
    expect(page.get_by_role("heading", name="You may also like")).to_be_visible()


def test_a_section_is_reached_from_the_menu_and_lists_its_stories(page, newsroom):
    page.goto("/")
    page.get_by_role("navigation", name="Categories").get_by_role("link", name="Health").click()

    expect(page).to_have_url(re.compile(r"/category/health/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Health")
    expect(page.locator(".card__title")).to_have_text(
        [
            "Doctors warn of heat-related illness as a long hot spell settles in",
            "A good night's sleep may protect memory in later life, study finds",
        ]
    )
    current = page.get_by_role("navigation", name="Categories").locator("[aria-current=page]")
    expect(current).to_have_text("Health")


def test_search_from_the_header(page, newsroom):
    page.goto("/category/sports/")
    search = page.get_by_role("search", name="Site search").get_by_role("searchbox", name="Search")
    search.fill("battery")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/\?s=battery$"))
    expect(page.locator(".archive-header")).to_contain_text("Search results for")
    expect(page.locator(".archive-header")).to_contain_text("1 article found.")
    expect(page.locator(".card__title")).to_have_text(["Carmaker doubles battery output as electric car sales climb"])
    # The words stay in the box, ready to change.
    expect(page.locator("#header-search")).to_have_value("battery")

    page.locator("#header-search").fill("zeppelin")
    page.get_by_role("search", name="Site search").get_by_role("button", name="Search").click()
    expect(page.locator(".empty-note")).to_have_text(
        "Sorry, nothing matched “zeppelin”. Try other words or a shorter search."
    )


def test_language_switcher_shows_english_and_opens_on_hover_and_focus(page, newsroom):
    page.goto("/")
    current = page.locator(".lang-switcher__current")
    languages = page.get_by_role("list", name="Languages")
    expect(current).to_have_text(re.compile(r"^\s*EN\s+English\s*$"))
    expect(languages).to_be_hidden()

    current.hover()
    expect(languages).to_be_visible()
    expect(languages.get_by_role("link", name="English")).to_have_attribute("hreflang", "en")

    page.mouse.move(0, 0)
    expect(languages).to_be_hidden()

    current.focus()
    expect(languages).to_be_visible()
    page.keyboard.press("Escape")
    current.blur()
    expect(languages).to_be_hidden()

    # A click (a touch screen) opens it too, and says so to assistive technology.
    current.click()
    expect(current).to_have_attribute("aria-expanded", "true")
    current.blur()
    page.mouse.move(0, 0)
    expect(languages).to_be_visible()
    current.click()
    current.blur()
    page.mouse.move(0, 0)
    expect(languages).to_be_hidden()


def test_menu_collapses_behind_a_button_on_a_phone(new_page, newsroom):
    page = new_page(viewport=PHONE)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Categories")
    toggle = nav.get_by_role("button", name="Menu")
    menu = nav.locator("#main-menu")

    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link")).to_have_text(
        ["Home", "Politics", "World", "Business", "Sports", "Entertainment", "Health"]
    )

    menu.get_by_role("link", name="Business").click()
    expect(page).to_have_url(re.compile(r"/category/business/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Business")

    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_menu_opens_on_a_phone_without_javascript(new_page, newsroom):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Categories")
    expect(nav.get_by_role("link", name="Health")).to_be_hidden()

    nav.get_by_role("link", name="Menu").click()
    expect(page).to_have_url(re.compile(r"#main-menu$"))
    expect(nav.get_by_role("link", name="Health")).to_be_visible()


def test_the_phone_layout_does_not_move_when_the_script_runs(new_page, newsroom):
    """The menu is closed by the style sheet, so the script that enhances it shifts nothing."""
    heights = {}
    for java_script in (False, True):
        page = new_page(viewport=PHONE, java_script_enabled=java_script)
        page.goto("/")
        heights[java_script] = page.evaluate("document.querySelector('.site-header').offsetHeight")
    assert heights[True] == heights[False]

    page.evaluate(
        """() => {
            window.shifts = 0;
            new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) window.shifts += entry.value;
            }).observe({type: "layout-shift", buffered: true});
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.shifts") == 0


def test_menu_button_is_not_shown_on_a_desktop(page, newsroom):
    page.goto("/")
    nav = page.get_by_role("navigation", name="Categories")
    expect(nav.get_by_role("button", name="Menu")).to_be_hidden()
    expect(nav.get_by_role("link", name="Entertainment")).to_be_visible()


def test_keyboard_reader_skips_to_the_content_and_opens_a_story(page, newsroom):
    lead = newsroom["lead"]
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))

    # From the top of the content, the lead story's category and then its title come next.
    page.keyboard.press("Tab")
    expect(page.locator(".home-lead .category-label")).to_be_focused()
    page.keyboard.press("Tab")
    title = page.locator(".home-lead").get_by_role("link", name=lead.title)
    expect(title).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(lead.title)


def test_every_page_loads_its_styles_and_script_without_errors(page, newsroom):
    """The console check (see conftest.py) runs on each of these pages with CSP in force."""
    article = newsroom["lead"]
    pages = [
        "/",
        "/page/2/",
        f"/{article.slug}/",
        "/category/world/",
        f"/tag/{article.topic.slug}/",
        "/author/ethan-kim/",
        "/?s=summit",
        "/search/?q=nothing-matches-this",
    ]
    for url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        # site.js ran (it marks the document) and site.css applied (the top bar is dark).
        expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
        assert page.locator(".topbar").evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(17, 19, 24)", url


def test_unknown_address_answers_the_sites_own_404_page(page, newsroom, browser_errors):
    browser_errors.expect(r"status of 404")
    response = page.goto("/no-such-story/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sorry, we couldn’t find that page.")
    expect(page.get_by_role("search", name="Search the news")).to_be_visible()
    expect(page.locator("html")).to_have_class(re.compile(r"\bjs\b"))
