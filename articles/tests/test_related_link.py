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
