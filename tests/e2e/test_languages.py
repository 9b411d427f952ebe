"""Languages in Chromium: the first visit's offer of the browser's language, and the switcher."""

import pytest
from playwright.sync_api import expect

from articles import services
from articles.models import Article

from .content import build_newsroom

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_context_args(browser_context_args):
    """Each test names the browser's language itself."""
    return {name: value for name, value in browser_context_args.items() if name != "locale"}


@pytest.fixture
def newsroom(transactional_db):
    newsroom = build_newsroom()
    spanish = services.article_translate(source=newsroom["lead"], language="es")
    spanish.title = "El enviado viaja al este"
    services.article_save(article=spanish)
    services.article_publish(articles=Article.objects.filter(pk=spanish.pk))
    newsroom["spanish"] = spanish
    return newsroom


def test_a_spanish_browser_is_offered_spanish_on_its_first_visit_never_sent_there(new_page, newsroom):
    page = new_page(locale="es-ES")
    page.goto("/")
    offer = page.locator(".language-offer")
    expect(offer).to_be_visible()
    # The page stays the English one: the offer is only an offer.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(offer.get_by_role("link")).to_have_attribute("href", "/es/")
    offer.get_by_role("button").click()
    expect(offer).to_be_hidden()
    page.reload()
    expect(page.locator(".language-offer")).to_be_hidden()


def test_an_english_browser_is_offered_nothing(new_page, newsroom):
    page = new_page(locale="en-GB")
    page.goto("/")
    expect(page.locator(".language-offer")).to_be_hidden()


def test_the_switcher_leads_to_the_translation_and_back(new_page, newsroom):
    page = new_page(locale="en-US")
    page.goto(newsroom["lead"].get_absolute_url())
    page.locator(".lang-switcher__current").click()
    page.get_by_role("list", name="Languages").locator("a[lang=es]").click()
    expect(page).to_have_url(f"{page.url.split('/es/')[0].rstrip('/')}/es/{newsroom['spanish'].slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("El enviado viaja al este")
    page.locator(".lang-switcher__current").click()
    # On the Spanish page the list has its Spanish name.
    page.get_by_role("list", name="Idiomas").locator("a[lang=en]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(newsroom["lead"].title)
