"""Queries compiled to SQL once (newsportal/compiled_queries.py) give what the ORM gives, on SQLite and PostgreSQL."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from articles import languages, services
from articles.models import FAQ, Article, Correction, LiveCoverage
from articles.tests.factories import make_article, make_author, make_faq, make_related_link, make_topic
from articles.views import (
    ARTICLE_BYLINES,
    ARTICLE_CORRECTIONS,
    ARTICLE_FAQS,
    ARTICLE_LINKS,
    PUBLIC_ARTICLE,
    public_article_page_articles,
)
from newsportal.compiled_queries import CompiledList, CompiledQuery


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
        lambda article_id: Correction.objects.filter(article_id=5),
        lambda article_id: FAQ.objects.filter(article_id=article_id).values("question"),
        lambda article_id: (
            FAQ.objects.filter(article_id=article_id).order_by().union(FAQ.objects.filter(pk=article_id).order_by())
        ),
    ],
    ids=["no value", "values()", "a union"],
)
def test_a_query_the_stand_ins_cannot_describe_is_refused(build):
    with pytest.raises(ImproperlyConfigured):
        CompiledList(build, parent_field="article").of(make_article())


def test_a_value_of_a_type_without_a_stand_in_is_refused():
    with pytest.raises(ImproperlyConfigured, match="int, a str or a datetime"):
        CompiledQuery(lambda position: FAQ.objects.filter(position=position), model=FAQ, position=float)


@pytest.mark.django_db
def test_a_value_used_twice_is_replaced_in_both_places_and_the_wrong_values_are_refused():
    article, other = make_article(), make_article()
    make_faq(article, question="Ours?")
    make_faq(other, question="Theirs?")
    both = CompiledQuery(
        lambda article_id: FAQ.objects.filter(article_id=article_id).filter(article__pk=article_id).order_by("pk"),
        model=FAQ,
        article_id=int,
    )
    sql, params = both.sql_with_params(article_id=article.pk)
    assert params.count(article.pk) == 2, "the value is a parameter twice"
    assert [faq.question for faq in both.objects(article_id=article.pk)] == ["Ours?"]
    assert [faq.question for faq in both.objects(article_id=other.pk)] == ["Theirs?"]
    with pytest.raises(TypeError):
        both.objects(pk=article.pk)


def readable(article):
    """An article's fields, its annotation and the fields of every object read with it."""
    related = [article.author, article.category, article.topic, getattr(article, "live_coverage", None)]
    return (
        fields_of([article]),
        getattr(article, "has_other_language", None),
        [fields_of([obj]) if obj is not None else None for obj in related],
    )


@pytest.mark.django_db
@pytest.mark.parametrize("site_languages", [["en"], ["en", "es", "fr", "ar"]], ids=["one language", "four"])
def test_the_public_article_is_the_orms_article_whatever_the_slug_language_and_time(
    site_languages, django_assert_num_queries
):
    with override_settings(LANGUAGES=[(code, code) for code in site_languages]):
        shape = tuple(languages.site_languages())
        now = timezone.now()
        english = make_article(slug="election-night", topic=make_topic())
        LiveCoverage.objects.create(article=english, started_at=now - timedelta(hours=2))
        spanish = make_article(
            slug="election-night", language="es", translation_key=english.translation_key, author=english.author
        )
        soon = make_article(slug="soon", published_at=now + timedelta(minutes=5))
        make_article(slug="draft", status=Article.Status.DRAFT)
        cases = [
            ("election-night", "en", now),
            ("election-night", "es", now),
            ("election-night", "fr", now),
            # Before the Spanish version went live: the English one has no other language yet.
            ("election-night", "en", spanish.published_at - timedelta(seconds=1)),
            ("soon", "en", now),
            ("soon", "en", soon.published_at),
            ("draft", "en", now),
            ("no-such-article", "en", now),
            ("o'brien; DROP TABLE articles_article", "en", now),
        ]
        for slug, language, at in cases:
            compiled_sql = PUBLIC_ARTICLE.sql_with_params(shape=shape, slug=slug, language=language, now=at)
            orm_query = public_article_page_articles(slug, language, at).query
            orm_sql, orm_params = orm_query.get_compiler(using="default").as_sql()
            assert compiled_sql == (orm_sql, list(orm_params))
            with django_assert_num_queries(1):
                compiled = PUBLIC_ARTICLE.objects(shape=shape, slug=slug, language=language, now=at)
            orm = list(public_article_page_articles(slug, language, at))
            assert [readable(article) for article in compiled] == [readable(article) for article in orm]
        found = {
            (slug, language, at): [
                article.pk for article in PUBLIC_ARTICLE.objects(shape=shape, slug=slug, language=language, now=at)
            ]
            for slug, language, at in cases
        }
    assert found["election-night", "en", now] == [english.pk]
    assert found["soon", "en", now] == [] and found["soon", "en", soon.published_at] == [soon.pk]
    assert found["draft", "en", now] == found["no-such-article", "en", now] == []
    if len(site_languages) > 1:
        assert found["election-night", "es", now] == [spanish.pk]
        english_now = PUBLIC_ARTICLE.objects(
            shape=("en", "es", "fr", "ar"), slug="election-night", language="en", now=now
        )
        assert english_now[0].has_other_language is True
        assert english_now[0].live_coverage.started_at == now - timedelta(hours=2)


@pytest.mark.django_db
@pytest.mark.parametrize("co_authors", [0, 1, 3])
def test_the_co_authors_prefetched_are_the_orms_in_byline_order(co_authors, django_assert_num_queries):
    article = make_article()
    authors = [article.author, *(make_author(name=f"Co-author {n}") for n in range(co_authors))]
    services.article_set_authors(article=article, authors=[authors[0], *reversed(authors[1:])])
    make_article()  # another article, its byline apart
    article = Article.objects.select_related("author").get(pk=article.pk)
    with django_assert_num_queries(1):
        ARTICLE_BYLINES.prefetch_into(article)
    with django_assert_num_queries(0):
        names = [author.name for author in article.authors]
        bylines = list(article.bylines.all())
    assert names == [authors[0].name, *(author.name for author in reversed(authors[1:]))]
    orm = Article.objects.with_bylines().get(pk=article.pk)
    assert fields_of(bylines) == fields_of(orm.bylines.all())
    assert all(byline.article is article for byline in bylines)
    # The prefetched queryset still filters as the related manager does.
    assert list(article.bylines.filter(position__gte=1)) == list(orm.bylines.filter(position__gte=1))


@pytest.mark.django_db
def test_a_time_stand_in_is_written_as_the_database_writes_a_datetime():
    article = make_article()
    at = datetime(2026, 12, 7, 21, 30, 15, 123456, tzinfo=timezone.get_current_timezone())
    sql, params = PUBLIC_ARTICLE.sql_with_params(shape=("en",), slug=article.slug, language="en", now=at)
    assert connection.ops.adapt_datetimefield_value(at) in params
