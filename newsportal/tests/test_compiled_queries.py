"""Lists compiled to SQL once (newsportal/compiled_queries.py) give what the ORM gives, on SQLite and PostgreSQL."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from articles import services
from articles.models import FAQ, Correction, RelatedLink
from articles.tests.factories import make_article, make_faq, make_related_link
from articles.views import ARTICLE_CORRECTIONS, ARTICLE_FAQS, ARTICLE_LINKS
from newsportal.compiled_queries import CompiledList


def fields_of(objects):
    return [[(field.attname, getattr(obj, field.attname)) for field in obj._meta.concrete_fields] for obj in objects]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [0, 1, 4])
def test_an_articles_lists_are_the_orms_lists_and_know_their_article(
    count, django_assert_num_queries, django_capture_on_commit_callbacks
):
    article = make_article()
    other = make_article()
    for number in range(count):
        make_faq(article, question=f"Question {number}?", position=count - number)
        make_related_link(article, title=f"Link {number}", position=number % 2)
        with django_capture_on_commit_callbacks(execute=True):
            note = services.correction_add(
                article=article, text=f"Note {number}.", placement="top" if number % 2 else "bottom"
            )
    if count:
        services.correction_withdraw(correction=note, reason="Wrong story.")
    make_faq(other)
    make_related_link(other)
    services.correction_add(article=other, text="Another article's note.")

    for compiled, orm in [
        (ARTICLE_FAQS, article.faqs.all()),
        (ARTICLE_LINKS, article.related_links.all()),
        (ARTICLE_CORRECTIONS, article.corrections.all()),
    ]:
        with django_assert_num_queries(1):
            objects = compiled.of(article)
        assert fields_of(objects) == fields_of(orm)  # the same rows, values (dates included) and order
        assert len(objects) == count
        with django_assert_num_queries(0):
            assert all(obj.article is article for obj in objects)
    assert [faq.question for faq in ARTICLE_FAQS.of(other)] == [other.faqs.get().question]
    assert [note.is_withdrawn for note in ARTICLE_CORRECTIONS.of(article)].count(True) == min(count, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "build",
    [
        lambda article_id: FAQ.objects.select_related("article").filter(article_id=article_id),
        lambda article_id: RelatedLink.objects.filter(Q(article_id=article_id) | Q(pk=article_id)),
        lambda article_id: Correction.objects.filter(article_id=5),
    ],
    ids=["select_related", "the value twice", "no value"],
)
def test_a_list_the_stand_in_cannot_describe_is_refused(build):
    with pytest.raises(ImproperlyConfigured):
        CompiledList(build, parent_field="article").of(make_article())
