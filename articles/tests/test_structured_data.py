import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from PIL import Image

from .factories import image_upload, make_article, make_author, make_category, make_draft, make_faq, make_topic

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def head(response):
    assert response.status_code == 200
    html = response.content.decode()
    return html[: html.index("</head>")]


def json_ld_blocks(response):
    return {block["@type"]: block for block in (json.loads(text) for text in JSON_LD.findall(head(response)))}


def meta(response, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', head(response))
    return match.group(1) if match else None


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def story(media_root):
    world = make_category(name="World", slug="world")
    author = make_author(name="Ethan Kim", slug="ethan-kim")
    topic = make_topic(name="high-stakes diplomatic visit", slug="high-stakes-diplomatic-visit")
    article = make_article(
        title="Envoy heads east for talks",
        slug="envoy-heads-east",
        category=world,
        author=author,
        topic=topic,
        excerpt="An envoy travels for talks & more.",
        featured_image=image_upload("envoy.jpg"),
        published_at=timezone.now() - timedelta(hours=3),
    )
    make_faq(article, question="Who is travelling?", answer="The envoy.")
    make_faq(article, question="Why now?", answer="Talks are due.")
    return article


class TestArticlePage:
    def test_news_article(self, client, story):
        data = json_ld_blocks(client.get("/envoy-heads-east/"))["NewsArticle"]
        assert data["@context"] == "https://schema.org"
        assert data["headline"] == "Envoy heads east for talks"
        assert data["mainEntityOfPage"] == "http://testserver/envoy-heads-east/"
        published = datetime.fromisoformat(data["datePublished"])
        assert abs(published - story.published_at) < timedelta(seconds=1)
        assert datetime.fromisoformat(data["dateModified"]) >= published
        assert data["author"] == [
            {"@type": "Person", "name": "Ethan Kim", "url": "http://testserver/author/ethan-kim/"}
        ]
        assert data["image"] == [f"http://testserver{story.featured_image.url}"]
        assert data["description"] == "An envoy travels for talks & more."
        assert data["articleSection"] == "World"
        publisher = data["publisher"]
        assert publisher["@type"] == "Organization"
        assert publisher["name"] == "BBN – Big Big News"
        logo = publisher["logo"]
        assert logo["@type"] == "ImageObject"
        assert logo["url"] == "http://testserver/static/img/logo-square.png"
        assert (logo["width"], logo["height"]) == (512, 512)

    def test_the_publisher_logo_is_a_square_png_over_googles_112_pixel_minimum(self):
        path = Path(django_settings.BASE_DIR) / "static" / "img" / "logo-square.png"
        with Image.open(path) as logo:
            assert logo.format == "PNG"
            assert logo.size == (512, 512)
            assert logo.width == logo.height >= 112

    def test_breadcrumbs_follow_the_page(self, client, story):
        data = json_ld_blocks(client.get("/envoy-heads-east/"))["BreadcrumbList"]
        assert [(item["position"], item["name"], item["item"]) for item in data["itemListElement"]] == [
            (1, "BBN – Big Big News", "http://testserver/"),
            (2, "World", "http://testserver/category/world/"),
            (3, "Envoy heads east for talks", "http://testserver/envoy-heads-east/"),
        ]

    def test_faq_page_from_the_articles_faqs(self, client, story):
        data = json_ld_blocks(client.get("/envoy-heads-east/"))["FAQPage"]
        assert data["mainEntity"] == [
            {
                "@type": "Question",
                "name": "Who is travelling?",
                "acceptedAnswer": {"@type": "Answer", "text": "The envoy."},
            },
            {"@type": "Question", "name": "Why now?", "acceptedAnswer": {"@type": "Answer", "text": "Talks are due."}},
        ]

    def test_without_faqs_or_image_those_parts_are_left_out(self, client, media_root):
        make_article(title="Plain story", slug="plain-story")
        blocks = json_ld_blocks(client.get("/plain-story/"))
        assert set(blocks) == {"NewsArticle", "BreadcrumbList"}
        assert "image" not in blocks["NewsArticle"]
        assert meta(client.get("/plain-story/"), "twitter:card") == "summary"

    def test_text_cannot_break_out_of_the_script_element(self, client, media_root):
        title = "Breaking </script><script>alert(1)</script> & <!-- news"
        make_article(title=title, slug="breakout", excerpt="</SCRIPT> too")
        response = client.get("/breakout/")
        page_head = head(response)
        assert "<script>alert(1)" not in page_head
        assert "</SCRIPT>" not in page_head
        assert "<!--" not in page_head
        raw = JSON_LD.findall(page_head)[0]
        assert "\\u003C/script\\u003E" in raw and "\\u0026" in raw
        assert json_ld_blocks(response)["NewsArticle"]["headline"] == title

    def test_open_graph_twitter_canonical_and_description(self, client, story):
        response = client.get("/envoy-heads-east/")
        image = f"http://testserver{story.featured_image.url}"
        assert re.search(r'<link rel="canonical" href="http://testserver/envoy-heads-east/">', head(response))
        assert meta(response, "description") == "An envoy travels for talks &amp; more."
        assert meta(response, "og:type") == "article"
        assert meta(response, "og:title") == "Envoy heads east for talks"
        assert meta(response, "og:url") == "http://testserver/envoy-heads-east/"
        assert meta(response, "og:image") == image
        assert meta(response, "og:description") == "An envoy travels for talks &amp; more."
        assert meta(response, "article:author") == "http://testserver/author/ethan-kim/"
        assert meta(response, "article:section") == "World"
        assert meta(response, "twitter:card") == "summary_large_image"
        assert meta(response, "twitter:image") == image

    def test_site_url_setting_names_the_public_address(self, client, story, settings):
        settings.SITE_URL = "https://news.example.com"
        response = client.get("/envoy-heads-east/")
        data = json_ld_blocks(response)["NewsArticle"]
        assert data["url"] == "https://news.example.com/envoy-heads-east/"
        assert data["publisher"]["logo"]["url"] == "https://news.example.com/static/img/logo-square.png"
        assert 'href="https://news.example.com/envoy-heads-east/"' in head(response)


class TestHomeAndListings:
    def test_home_describes_the_organization_and_its_search(self, client, story):
        blocks = json_ld_blocks(client.get("/"))
        organization = blocks["Organization"]
        assert organization["name"] == "BBN – Big Big News"
        assert organization["url"] == "http://testserver/"
        assert organization["logo"]["url"] == "http://testserver/static/img/logo-square.png"
        action = blocks["WebSite"]["potentialAction"]
        assert action["@type"] == "SearchAction"
        assert action["target"]["urlTemplate"] == "http://testserver/?s={search_term_string}"
        assert action["query-input"] == "required name=search_term_string"

    def test_search_action_template_answers_with_results(self, client, story):
        template = json_ld_blocks(client.get("/"))["WebSite"]["potentialAction"]["target"]["urlTemplate"]
        response = client.get(template.replace("http://testserver", "").replace("{search_term_string}", "envoy"))
        assert "Envoy heads east for talks" in response.content.decode()

    def test_listings_have_a_canonical_address_per_page(self, client, story):
        for n in range(django_settings.ARTICLES_PER_PAGE):
            make_article(title=f"More {n}", category=story.category)
        assert 'rel="canonical" href="http://testserver/category/world/"' in head(client.get("/category/world/"))
        assert 'rel="canonical" href="http://testserver/category/world/page/2/"' in head(
            client.get("/category/world/page/2/")
        )
        assert 'rel="canonical" href="http://testserver/category/world/page/2/"' in head(
            client.get("/category/world/?page=2")
        )
        assert 'rel="canonical" href="http://testserver/"' in head(client.get("/"))

    def test_search_pages_have_no_canonical_and_are_not_indexed(self, client, story):
        page_head = head(client.get("/search/", {"q": "envoy"}))
        assert 'rel="canonical"' not in page_head
        assert '<meta name="robots" content="noindex, follow">' in page_head


class TestNoLeaks:
    def test_unpublished_articles_have_no_structured_data_anywhere(self, client, story):
        make_draft(title="SECRET draft", slug="secret-draft", category=story.category)
        make_article(
            title="SECRET scheduled", slug="secret-scheduled", published_at=timezone.now() + timedelta(days=1)
        )
        assert client.get("/secret-draft/").status_code == 404
        assert client.get("/secret-scheduled/").status_code == 404
        for url in ["/", "/envoy-heads-east/", "/category/world/"]:
            assert "SECRET" not in "".join(JSON_LD.findall(head(client.get(url)))), url


class TestSharing:
    """What a link preview (Open Graph, X) shows of the home page, and the alt text it gives a picture."""

    def test_the_home_page_shares_the_sites_name_description_and_picture(self, client, story):
        response = client.get("/")
        description = (
            "The latest news from around the world: politics, world, business, sports, entertainment and health."
        )
        share_image = "http://testserver/static/img/share-default.png"
        assert meta(response, "og:title") == meta(response, "twitter:title") == "BBN – Big Big News"
        assert meta(response, "og:description") == meta(response, "twitter:description") == description
        assert meta(response, "description") == description
        assert meta(response, "og:image") == meta(response, "twitter:image") == share_image
        assert (meta(response, "og:image:width"), meta(response, "og:image:height")) == ("1200", "630")
        assert meta(response, "og:image:alt") == "BBN – Big Big News"
        assert meta(response, "twitter:card") == "summary_large_image"
        assert meta(response, "og:url") == "http://testserver/"
        with Image.open(Path(django_settings.BASE_DIR) / "static" / "img" / "share-default.png") as image:
            assert image.format == "PNG" and image.width >= 1200 and image.height >= 630
            assert (image.width, image.height) == (1200, 630)

    def test_article_times_are_given_to_the_second(self, client):
        """Open Graph readers and the HTML checker take ISO 8601 times, but not microseconds."""
        story = make_article(published_at=timezone.now().replace(microsecond=123456) - timedelta(hours=2))
        response = client.get(story.get_absolute_url())
        for name in ("article:published_time", "article:modified_time"):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", meta(response, name)), name

    def test_the_alt_text_is_the_editors_and_never_the_topic(self, client, media_root):
        topic = make_topic(name="harbour storms", slug="harbour-storms")
        story = make_article(
            title="Storm floods the harbour",
            slug="storm-floods",
            topic=topic,
            featured_image=image_upload("storm.jpg"),
            featured_image_alt="Waves breaking over the harbour wall",
        )
        response = client.get(story.get_absolute_url())
        assert meta(response, "og:image:alt") == meta(response, "twitter:image:alt")
        assert meta(response, "og:image:alt") == "Waves breaking over the harbour wall"
        assert 'alt="Waves breaking over the harbour wall"' in response.content.decode()

    def test_a_picture_stored_without_alt_text_falls_back_on_the_headline_not_the_topic(self, client, media_root):
        topic = make_topic(name="harbour storms", slug="harbour-storms")
        story = make_article(
            title="Storm floods the harbour",
            slug="storm-floods",
            topic=topic,
            featured_image=image_upload("storm.jpg"),
        )
        response = client.get(story.get_absolute_url())
        page = response.content.decode()
        assert meta(response, "og:image:alt") == meta(response, "twitter:image:alt") == "Storm floods the harbour"
        assert re.search(r'<img [^>]*alt="Storm floods the harbour"', page)
        assert not re.search(r'alt="harbour storms"', page)
