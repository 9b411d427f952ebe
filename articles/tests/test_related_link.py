import pytest

from articles.models import RelatedLink
from articles.tests.factories import make_article, make_related_link


@pytest.mark.django_db
def test_a_related_link_saves_and_keeps_its_address():
    article = make_article()
    link = make_related_link(article, title="Background reading", url="/tag/diplomacy/")

    link.title = "Background"
    link.save()

    assert RelatedLink.objects.get(pk=link.pk).url == "/tag/diplomacy/"
    assert list(article.related_links.values_list("title", flat=True)) == ["Background"]


# What browsers read as another host, a script, or something else than it looks.
OFF_SITE_SPELLINGS = [
    "/\\evil.example/login",
    "\\\\evil.example/login",
    "/\t/evil.example/login",
    "/\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "//evil.example",
    "///evil.example",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https:/\\evil.example",
    "http:evil.example",
    "https://evil.example\\@good.example/",
    "\x00/tag/x/",
    "",
]


@pytest.mark.parametrize("url", OFF_SITE_SPELLINGS)
def test_a_related_link_refuses_addresses_a_browser_reads_as_elsewhere(url):
    from django.core.exceptions import ValidationError

    from articles.models import validate_link_target

    with pytest.raises(ValidationError):
        validate_link_target(url)


@pytest.mark.parametrize(
    "url", ["/tag/diplomacy/", "/search/?q=tides#results", "https://example.org/report?id=1", "http://example.org"]
)
def test_a_related_link_takes_site_paths_and_web_addresses(url):
    from articles.models import validate_link_target

    validate_link_target(url)


@pytest.mark.django_db
def test_the_admin_refuses_an_off_site_path_as_related_link(client, editor):
    from django.urls import reverse

    from .factories import article_form_data

    client.force_login(editor)
    article = make_article()
    data = article_form_data(article)
    data.update(
        {
            "related_links-TOTAL_FORMS": "1",
            "related_links-INITIAL_FORMS": "0",
            "related_links-0-title": "Sign in here",
            "related_links-0-url": "/\\evil.example/login",
            "related_links-0-position": "1",
        }
    )
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 200
    assert "Enter a full http(s):// address or a path on this site" in response.content.decode()
    assert not RelatedLink.objects.filter(article=article).exists()
