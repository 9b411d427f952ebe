"""Fast and fresh: answers come from the page cache with ETags and surrogate keys, and follow every change."""

import pytest

from articles.models import Article
from articles.services import article_save, article_unpublish, category_save
from articles.tests.factories import make_article, make_category, make_faq, make_related_link, make_topic
from comments.models import Comment
from comments.services import comment_set_status
from comments.tests.factories import make_comment

API = "/api/v1"


@pytest.fixture
def story(db):
    article = make_article(title="Envoy lands", slug="envoy-lands", topic=make_topic(slug="envoy"))
    make_faq(article)
    return article


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service as its transaction commits, so that what it announces takes effect."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


def title_of(client, address):
    response = client.get(address)
    assert response.status_code == 200, response.content
    data = response.json()
    return data["article"]["title"] if "article" in data else [article["title"] for article in data["articles"]]


def test_answers_are_stored_and_an_edit_through_the_services_reaches_them_at_once(client, story, committed):
    addresses = [f"{API}/articles/{story.pk}", f"{API}/articles/slug/{story.slug}", f"{API}/articles"]
    assert [title_of(client, address) for address in addresses] == ["Envoy lands", "Envoy lands", ["Envoy lands"]]
    # Behind the services' back nothing is announced: the stored answers are still served.
    Article.objects.filter(pk=story.pk).update(title="Changed quietly")
    assert title_of(client, addresses[0]) == "Envoy lands"
    story.refresh_from_db()
    story.title = "Envoy lands in the capital"
    committed(article_save, article=story)
    assert [title_of(client, address) for address in addresses] == [
        "Envoy lands in the capital",
        "Envoy lands in the capital",
        ["Envoy lands in the capital"],
    ]


def test_unpublishing_takes_an_article_out_of_every_answer_at_once(client, story, committed):
    assert client.get(f"{API}/articles/{story.pk}").status_code == 200
    assert title_of(client, f"{API}/articles") == ["Envoy lands"]
    committed(article_unpublish, articles=Article.objects.filter(pk=story.pk))
    assert client.get(f"{API}/articles/{story.pk}").status_code == 404
    assert title_of(client, f"{API}/articles") == []


def test_a_comment_approved_by_a_moderator_is_in_the_thread_and_the_count_at_once(client, story, committed):
    held = make_comment(story, body="Worth the wait.", status=Comment.Status.PENDING)
    comments = f"{API}/articles/{story.pk}/comments"
    assert client.get(comments).json()["comments"] == []
    assert client.get(f"{API}/articles/{story.pk}").json()["article"]["comment_count"] == 0
    committed(comment_set_status, comments=Comment.objects.filter(pk=held.pk), status=Comment.Status.APPROVED)
    assert [comment["body"] for comment in client.get(comments).json()["comments"]] == ["Worth the wait."]
    assert client.get(f"{API}/articles/{story.pk}").json()["article"]["comment_count"] == 1


def test_a_renamed_category_is_renamed_in_the_articles_that_show_it(client, story, committed):
    assert client.get(f"{API}/articles/{story.pk}").json()["article"]["category"]["name"] == story.category.name
    category = story.category
    category.name = "Diplomacy"
    committed(category_save, category=category)
    assert client.get(f"{API}/articles/{story.pk}").json()["article"]["category"]["name"] == "Diplomacy"
    assert client.get(f"{API}/categories").json()["categories"][0]["name"] == "Diplomacy"


def test_etag_and_304(client, story, committed):
    first = client.get(f"{API}/articles/{story.pk}")
    etag = first["ETag"]
    again = client.get(f"{API}/articles/{story.pk}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    story.title = "A new title"
    committed(article_save, article=story)
    changed = client.get(f"{API}/articles/{story.pk}", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_answers_carry_the_pages_shared_cache_headers_and_surrogate_keys(client, story):
    make_comment(story)
    article = client.get(f"{API}/articles/{story.pk}")
    assert "public" in article["Cache-Control"] and "s-maxage=" in article["Cache-Control"]
    keys = set(article["Surrogate-Key"].split())
    assert {f"article-{story.pk}", f"comments-{story.pk}", f"category-{story.category_id}"} <= keys
    assert f"author-{story.author_id}" in keys and f"topic-{story.topic_id}" in keys
    assert article["xkey"] == article["Surrogate-Key"]
    assert "list" in client.get(f"{API}/articles")["Surrogate-Key"].split()
    thread = client.get(f"{API}/articles/{story.pk}/comments")
    assert {f"article-{story.pk}", f"comments-{story.pk}"} <= set(thread["Surrogate-Key"].split())
    category_list = client.get(f"{API}/articles?category={story.category.slug}")
    assert f"list-category-{story.category_id}" in category_list["Surrogate-Key"].split()


def test_a_refusal_is_never_stored(client, story):
    response = client.get(f"{API}/articles?page=abc")
    assert response.status_code == 400 and response["Cache-Control"] == "no-store"
    assert "Surrogate-Key" not in response


# Counted with the page cache off: the view's own queries.
LIST_QUERIES = 6  # the count, the page (article, lead author, category, topic), co-authors, tags, FAQs, links


@pytest.mark.parametrize("per_page", [1, 10, 50])
def test_a_list_costs_the_same_queries_whatever_its_length(client, db, settings, django_assert_num_queries, per_page):
    """Author, category and topic come with the page; tags, FAQs and links in one query each (no n+1)."""
    settings.PAGE_CACHE_SECONDS = 0
    world = make_category(slug="world")
    topics = [make_topic() for _ in range(3)]
    for n in range(50):
        article = make_article(category=world, topic=topics[n % 3])
        article.tags.add(*topics)
        make_faq(article)
        make_related_link(article)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(f"{API}/articles?per_page={per_page}")
    assert len(response.json()["articles"]) == per_page
    # A filter adds the one lookup of its slug.
    with django_assert_num_queries(LIST_QUERIES + 1):
        response = client.get(f"{API}/articles?per_page={per_page}&category=world")
    assert len(response.json()["articles"]) == per_page


@pytest.mark.parametrize("replies", [0, 30])
def test_a_thread_is_one_query_whatever_its_length(client, settings, django_assert_num_queries, story, replies):
    settings.PAGE_CACHE_SECONDS = 0
    parent = make_comment(story)
    for _ in range(replies):
        parent = make_comment(story, parent=parent)
    # The article, then its approved comments with their staff flag.
    with django_assert_num_queries(2):
        response = client.get(f"{API}/articles/{story.pk}/comments")
    assert response.status_code == 200
