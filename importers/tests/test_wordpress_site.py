"""A whole WordPress site: the Theme Unit Test data (https namespaces), its pages and their hierarchy."""

from io import BytesIO, StringIO

import pytest
from django.core.management import call_command

from importers.models import WordPressPage
from importers.wxr import WxrSite, read_wxr
from pages.models import Page

from .helpers import DATA

THEME_DATA = DATA / "theme-unit-test-subset.xml"
SAMPLE = (DATA / "bbn-export.xml").read_bytes()


def run(path, *args):
    out = StringIO()
    call_command("import_wordpress", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.parametrize(
    "namespace",
    [
        "http://wordpress.org/export/1.0/",
        "http://wordpress.org/export/1.1/",
        "http://wordpress.org/export/1.2/",
        "https://wordpress.org/export/1.2/",
        "https://wordpress.org/export/1.1",
        "http://wordpress.org/export/1.0",
    ],
)
def test_every_wxr_1_namespace_spelling_is_read(namespace):
    excerpt = namespace.rstrip("/") + "/excerpt/"
    data = SAMPLE.replace(b'"http://wordpress.org/export/1.2/excerpt/"', f'"{excerpt}"'.encode())
    data = data.replace(b'"http://wordpress.org/export/1.2/"', f'"{namespace}"'.encode())
    assert namespace.encode() in data
    records = list(read_wxr(BytesIO(data)))
    site = records[0]
    assert isinstance(site, WxrSite) and site.wxr_version == "1.2"
    posts = [record for record in records if getattr(record, "post_type", "") == "post"]
    assert len(posts) == 4 and any(post.excerpt.strip() for post in posts)


def test_another_namespace_is_still_not_a_wordpress_export(db):
    data = SAMPLE.replace(b'"http://wordpress.org/export/1.2/"', b'"https://example.org/export/1.2/"')
    from importers.wxr import WxrError

    with pytest.raises(WxrError, match="no wp:wxr_version"):
        list(read_wxr(BytesIO(data)))


@pytest.fixture
def imported(db):
    return run(THEME_DATA)


def test_the_theme_unit_test_data_is_imported(imported):
    assert "from wpthemetestdata.wordpress.com" in imported
    assert "articles:   6 created" in imported
    assert "pages:      6 created, 0 updated, 0 unchanged" in imported


def test_pages_keep_their_slugs_and_hierarchy(imported, client):
    assert set(Page.objects.values_list("path", "is_published")) == {
        ("about", True),
        ("about/page-image-alignment", True),
        ("level-1", True),
        ("level-1/level-2", True),
        ("level-1/level-2/level-3", True),
        ("privacy-policy", False),
    }
    assert WordPressPage.objects.count() == 6
    response = client.get("/level-1/level-2/level-3/")
    assert response.status_code == 200
    assert b"Level 3 of the reverse hierarchy test." in response.content
    assert client.get("/about/").status_code == 200
    assert client.get("/privacy-policy/").status_code == 404  # a draft in WordPress


def test_a_second_import_changes_no_page(imported):
    again = run(THEME_DATA)
    assert "pages:      0 created, 0 updated, 6 unchanged" in again
    assert "articles:   0 created, 0 updated, 6 unchanged" in again


def test_an_editors_footer_choice_survives_a_second_import(imported):
    about = Page.objects.get(path="about")
    about.show_in_footer = True
    about.save()
    run(THEME_DATA)
    assert Page.objects.get(path="about").show_in_footer


def test_a_page_whose_slug_an_article_has_takes_another(db):
    from articles.tests.factories import make_article

    make_article(slug="about")
    output = run(THEME_DATA)
    assert "page 2: /about/ is taken, imported at /about-2/" in output
    assert Page.objects.filter(path="about-2/page-image-alignment").exists()
