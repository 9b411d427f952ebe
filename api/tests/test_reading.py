"""Reading controls: paging, filters, ordering, `fields`, and a JSON error naming the parameter for bad input."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.tests.factories import make_article, make_author, make_category, make_topic

API = "/api/v1"


@pytest.fixture
def three(db):
    world = make_category(slug="world", name="World")
    sport = make_category(slug="sport", name="Sport")
    envoy = make_topic(slug="envoy", name="Envoy")
    ada = make_author(slug="ada", name="Ada")
    now = timezone.now()
    newest = make_article(title="Charlie", category=world, topic=envoy, published_at=now - timedelta(hours=1))
    middle = make_article(title="Alpha", category=sport, author=ada, published_at=now - timedelta(days=2))
    oldest = make_article(title="Bravo", category=world, published_at=now - timedelta(days=10))
    oldest.tags.add(envoy)
    return newest, middle, oldest


def titles(response):
    assert response.status_code == 200, response.content
    return [article["title"] for article in response.json()["articles"]]


def error_of(response, status=400):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    (error,) = response.json()["errors"]
    return error


def test_pages_carry_their_totals_in_the_body_and_the_headers(client, three):
    response = client.get(f"{API}/articles?per_page=1&page=2")
    assert titles(response) == ["Alpha"]
    assert response.json()["meta"]["pagination"] == {
        "page": 2,
        "per_page": 1,
        "pages": 3,
        "total": 3,
        "next": 3,
        "prev": 1,
    }
    assert response["X-Total-Count"] == "3"
    assert response["X-Total-Pages"] == "3"
    links = response["Link"]
    assert '<http://testserver/api/v1/articles?page=3&per_page=1>; rel="next"' in links
    assert '<http://testserver/api/v1/articles?page=1&per_page=1>; rel="prev"' in links
    assert 'rel="first"' in links and 'rel="last"' in links


def test_filters_by_category_topic_author_and_time(client, three):
    assert titles(client.get(f"{API}/articles?category=world")) == ["Charlie", "Bravo"]
    # A topic is the primary topic or a tag.
    assert titles(client.get(f"{API}/articles?topic=envoy")) == ["Charlie", "Bravo"]
    assert titles(client.get(f"{API}/articles?author=ada")) == ["Alpha"]
    since = (timezone.now() - timedelta(days=3)).isoformat()
    assert titles(client.get(f"{API}/articles", {"published_after": since})) == ["Charlie", "Alpha"]
    assert titles(client.get(f"{API}/articles", {"published_before": since})) == ["Bravo"]
    assert titles(client.get(f"{API}/articles?published_after=2000-01-01&category=world&topic=envoy")) == [
        "Charlie",
        "Bravo",
    ]
    assert titles(client.get(f"{API}/articles", {"modified_since": timezone.now().isoformat()})) == []
    assert titles(client.get(f"{API}/articles?language=en")) == ["Charlie", "Alpha", "Bravo"]


def test_ordering_from_the_allow_list(client, three):
    assert titles(client.get(f"{API}/articles?order=title")) == ["Alpha", "Bravo", "Charlie"]
    assert titles(client.get(f"{API}/articles?order=published_at")) == ["Bravo", "Alpha", "Charlie"]
    error = error_of(client.get(f"{API}/articles?order=body"))
    assert error["parameter"] == "order"


def test_fields_trims_every_object(client, three):
    response = client.get(f"{API}/articles?fields=id,title,url&per_page=1")
    (article,) = response.json()["articles"]
    assert article == {"id": three[0].pk, "title": "Charlie", "url": f"http://testserver/{three[0].slug}/"}
    article = client.get(f"{API}/articles/{three[0].pk}?fields=comment_count").json()["article"]
    assert article == {"comment_count": 0}
    assert client.get(f"{API}/categories?fields=slug").json()["categories"] == [{"slug": "world"}, {"slug": "sport"}]
    error = error_of(client.get(f"{API}/articles?fields=title,email"))
    assert error["parameter"] == "fields" and "email" in error["message"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=99", "page"),
        ("per_page=101", "per_page"),
        ("per_page=", "per_page"),
        ("category=nowhere", "category"),
        ("topic=nothing", "topic"),
        ("author=nobody", "author"),
        ("published_after=yesterday", "published_after"),
        ("published_after=2026-02-30", "published_after"),
        ("published_before=0.5", "published_before"),
        ("published_after=0001-01-01T00:00:00%2B14:00", "published_after"),
        ("modified_since=9999-12-31T23:59:59-14:00", "modified_since"),
        ("language=de", "language"),
        ("utm_source=newsletter", "utm_source"),
        ("Page=2", "Page"),
    ],
)
def test_bad_parameters_are_a_400_that_names_them(client, three, query, parameter):
    error = error_of(client.get(f"{API}/articles?{query}"))
    assert error["parameter"] == parameter
    assert error["code"] in ("invalid_parameter", "unknown_parameter")
    assert error["message"]


def test_search_reuses_the_site_search_and_refuses_unknown_filters(client, three):
    assert titles(client.get(f"{API}/search?q=Alpha")) == ["Alpha"]
    assert titles(client.get(f"{API}/search?q=Alpha&category=world")) == []
    assert error_of(client.get(f"{API}/search?q=Alpha&category=nowhere"))["parameter"] == "category"
    assert error_of(client.get(f"{API}/search"))["parameter"] == "q"


def test_unknown_ids_slugs_and_addresses_are_json_404s(client, three):
    for address in (
        f"{API}/articles/999999",
        f"{API}/articles/slug/no-such-story",
        f"{API}/articles/999999/comments",
        f"{API}/categories/slug/none",
        f"{API}/topics/slug/none",
        f"{API}/authors/slug/none",
        f"{API}/nothing/here",
        f"{API}/articles/",
        f"{API}/articles/slug/a%00b",
    ):
        assert error_of(client.get(address), 404)["code"] == "not_found", address


def test_writes_are_a_json_405(client, three):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"{API}/articles/{three[0].pk}")
        assert error_of(response, 405)["code"] == "method_not_allowed"
        assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_head_answers_the_headers_of_get_without_the_body(client, three):
    get = client.get(f"{API}/articles")
    head = client.head(f"{API}/articles")
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["X-Total-Count"] == "3"


def test_one_article_with_everything_it_shows(client, three):
    article = client.get(f"{API}/articles/slug/{three[2].slug}").json()["article"]
    assert article["title"] == "Bravo"
    assert article["category"] == {
        "id": three[2].category_id,
        "slug": "world",
        "name": "World",
        "url": "http://testserver/category/world/",
    }
    assert [tag["slug"] for tag in article["tags"]] == ["envoy"]
    assert article["comments_url"] == f"http://testserver/api/v1/articles/{three[2].pk}/comments"
    assert client.get(f"{API}/articles/{three[2].pk}").json()["article"] == article
