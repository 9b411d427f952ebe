"""Static pages: their addresses beside the articles', the admin, the footer and its freshness."""

import pytest
from django.urls import reverse

from accounts.roles import EDITORS
from articles.tests.factories import make_article, make_user
from pages.models import Page
from pages.services import page_delete, page_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what services announce, as a real commit would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def make_page(on_commit=None, **fields):
    fields.setdefault("title", "About us")
    fields.setdefault("slug", "about")
    page = Page(**fields)
    return on_commit(page_save, page=page) if on_commit else page_save(page=page)


@pytest.fixture
def editor(db):
    return make_user(username="ed", groups=[EDITORS])


def test_a_page_is_shown_in_the_site_layout_with_its_body_sanitised(client):
    make_page(body='<p>We report.</p><script>alert(1)</script><p onclick="x()">Since 1990.</p>')
    response = client.get("/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 id="page-title" class="article__title">About us</h1>' in html
    assert "<p>We report.</p>" in html and "<p>Since 1990.</p>" in html
    assert "alert(1)" not in html and "onclick" not in html
    assert 'class="site-footer"' in html and 'class="site-header' in html


def test_a_page_address_without_its_slash_redirects_to_it(client):
    make_page()
    response = client.get("/about")
    assert (response.status_code, response["Location"]) == (301, "/about/")


def test_a_page_under_a_parent_has_its_address_under_it():
    about = make_page()
    team = make_page(title="Our team", slug="team", parent=about)
    assert team.path == "about/team"
    assert team.get_absolute_url() == "/about/team/"


def test_pages_under_a_parent_are_served_with_their_breadcrumb(client):
    about = make_page()
    make_page(title="Our team", slug="team", parent=about, body="<p>Who we are.</p>")
    response = client.get("/about/team/")
    assert response.status_code == 200
    assert b'<a href="/about/">About us</a>' in response.content
    assert client.get("/about/nobody/").status_code == 404


def test_moving_a_parent_moves_the_pages_under_it(client, on_commit):
    about = make_page()
    team = make_page(title="Our team", slug="team", parent=about)
    make_page(title="Editors", slug="editors", parent=team)
    assert client.get("/about/team/editors/").status_code == 200
    about.slug = "who-we-are"
    on_commit(page_save, page=about)
    assert set(Page.objects.values_list("path", flat=True)) == {
        "who-we-are",
        "who-we-are/team",
        "who-we-are/team/editors",
    }
    assert client.get("/who-we-are/team/editors/").status_code == 200
    assert client.get("/about/team/editors/").status_code == 404


def test_an_unpublished_page_is_not_shown(client):
    make_page(is_published=False)
    assert client.get("/about/").status_code == 404


def test_an_article_keeps_its_address_when_a_page_has_the_same_slug(client):
    make_page(body="<p>The page.</p>")
    make_article(slug="about", title="The article about", body="<p>The article.</p>")
    response = client.get("/about/")
    assert b"The article." in response.content and b"The page." not in response.content


def test_article_addresses_feeds_and_listings_are_unaffected(client):
    make_page()
    article = make_article(slug="harbour-news")
    assert client.get("/harbour-news/").status_code == 200
    assert client.get("/harbour-news/feed/").status_code == 200
    assert client.get(article.category.get_absolute_url()).status_code == 200
    assert client.get("/no-such-thing/").status_code == 404


def admin_add(client, editor, **data):
    client.force_login(editor)
    fields = {"title": "About", "slug": "about", "body": "", "footer_order": "0", "is_published": "on", **data}
    return client.post(reverse("admin:pages_page_add"), fields)


def test_the_admin_refuses_a_slug_an_article_has(client, editor):
    make_article(slug="about")
    response = admin_add(client, editor)
    assert response.status_code == 200
    assert "An article has the address /about/ already" in response.content.decode()
    assert not Page.objects.exists()


@pytest.mark.parametrize("slug", ["search", "feed", "admin"])
def test_the_admin_refuses_an_address_of_another_part_of_the_site(client, editor, slug, settings):
    if slug == "admin":
        slug = settings.ADMIN_URL.strip("/")
    response = admin_add(client, editor, slug=slug)
    assert "belongs to another part of the site" in response.content.decode()
    assert not Page.objects.exists()


def test_the_admin_refuses_an_address_under_a_page_that_is_an_article_feed(client, editor):
    about = make_page()
    response = admin_add(client, editor, title="Feed", slug="feed", parent=str(about.pk))
    assert "belongs to another part of the site" in response.content.decode()


def test_the_admin_refuses_a_page_under_itself(client, editor):
    about = make_page()
    team = make_page(title="Team", slug="team", parent=about)
    client.force_login(editor)
    response = client.post(
        reverse("admin:pages_page_change", args=[about.pk]),
        {"title": "About", "slug": "about", "body": "", "footer_order": "0", "parent": str(team.pk)},
    )
    assert "cannot be under itself" in response.content.decode()


def test_an_editor_adds_a_page_in_the_admin_and_it_is_sanitised(client, editor, on_commit):
    response = on_commit(admin_add, client, editor, body='<p>Hi<img src="https://tracker.example/p.gif"></p>')
    assert response.status_code == 302
    page = Page.objects.get()
    assert page.body == "<p>Hi</p>"


def footer_links(client, path="/"):
    html = client.get(path).content.decode()
    start = html.find('class="footer-pages"')
    return html[start : html.find("</nav>", start)] if start >= 0 else ""


def test_a_page_added_to_the_footer_shows_on_every_cached_page_at_once(client, on_commit):
    make_article(slug="story")
    privacy = make_page(on_commit, title="Privacy policy", slug="privacy-policy")
    assert footer_links(client, "/") == "" and footer_links(client, "/story/") == ""  # now cached
    privacy.show_in_footer = True
    on_commit(page_save, page=privacy)
    contact = make_page(on_commit, title="Contact", slug="contact", show_in_footer=True, footer_order=0)
    privacy.footer_order = 5
    on_commit(page_save, page=privacy)
    for path in ("/", "/story/"):
        links = footer_links(client, path)
        assert links.index('href="/contact/">Contact') < links.index('href="/privacy-policy/">Privacy policy')
    contact.title = "Contact us"
    on_commit(page_save, page=contact)
    assert ">Contact us</a>" in footer_links(client, "/story/")
    on_commit(page_delete, pages=[contact])
    assert "Contact" not in footer_links(client, "/story/")


def test_an_edited_page_is_shown_at_once_though_its_page_was_cached(client, on_commit):
    about = make_page(on_commit, body="<p>Old words.</p>")
    assert b"Old words." in client.get("/about/").content
    about.body = "<p>New words.</p>"
    on_commit(page_save, page=about)
    assert b"New words." in client.get("/about/").content


def test_a_page_is_served_from_the_page_cache(client, on_commit, django_assert_num_queries):
    make_page(on_commit)
    client.get("/about/")
    with django_assert_num_queries(0):
        assert client.get("/about/").status_code == 200
