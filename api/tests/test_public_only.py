"""Nothing that is not public reaches any answer of the API, whoever asks.

Every operation of the OpenAPI document is walked with every id and slug
there is (public or not) and with every filter, and every link an answer
gives (Link headers, `comments_url`, pages) is followed, as an anonymous
client and as a signed-in editor. No answer may hold a draft, scheduled,
in-review or unpublished article, a comment that is not approved, an email
or IP address, or any field the API does not publish.
"""

import json
import re
from urllib.parse import urlsplit

import pytest

from articles.models import Article, Author, Category, Topic
from comments.models import Comment
from comments.tests.factories import make_user

from .factories import make_world

# Field names that would mean a private column leaked, wherever they appear.
PRIVATE_FIELDS = {
    "email",
    "ip_address",
    "user",
    "user_id",
    "user_agent",
    "status",
    "held_reason",
    "previous_status",
    "fingerprint",
    "password",
    "is_staff",
    "created_by",
    "image_renditions",
    "digest",
}
API = "/api/v1"


def operations(client):
    document = client.get(f"{API}/openapi.json").json()
    return document["paths"]


def addresses(client, world):
    """Every address to ask: each operation with each id, slug and filter value there is."""
    ids = sorted({*Article.objects.values_list("pk", flat=True), 0, 10**6})
    slugs = {
        "article": list(Article.objects.values_list("slug", flat=True)),
        "category": list(Category.objects.values_list("slug", flat=True)),
        "topic": list(Topic.objects.values_list("slug", flat=True)),
        "author": list(Author.objects.values_list("slug", flat=True)),
    }
    words = ["secret", "Envoy", "Draft", "headline", "Held", "Unpublished", "Scheduled", "public"]
    for path in operations(client):
        concrete = [path]
        if "{article_id}" in path:
            concrete = [path.replace("{article_id}", str(pk)) for pk in ids]
        elif "{slug}" in path:
            kind = path.split("/")[3].rstrip("s").replace("categorie", "category")
            concrete = [path.replace("{slug}", slug) for slug in slugs[kind]]
        for address in concrete:
            yield address
            if "{" not in path:
                yield f"{address}?per_page=100"
            if address == f"{API}/articles":
                for kind in ("category", "topic", "author"):
                    for slug in slugs[kind]:
                        yield f"{address}?{kind}={slug}&per_page=100"
                for order in ("-published_at", "published_at", "-modified_at", "title", "-comment_count"):
                    yield f"{address}?order={order}&per_page=100"
                yield f"{address}?published_after=2000-01-01T00:00:00Z&published_before=2100-01-01T00:00:00Z"
                yield f"{address}?modified_since=2000-01-01"
            if address == f"{API}/search":
                for word in words:
                    yield f"{address}?q={word}&per_page=100"


def walk(client, world):
    """Every answer, following the links answers give; returns {address: (status, body)}."""
    seen, queue, answers = set(), list(addresses(client, world)), {}
    while queue:
        address = queue.pop()
        if address in seen:
            continue
        seen.add(address)
        response = client.get(address)
        assert response.status_code < 500, address
        body = response.content.decode()
        answers[address] = (response.status_code, body, response)
        for header in ("Link",):
            for link in re.findall(r"<([^>]+)>", response.get(header, "")):
                queue.append(local(link))
        if response.status_code == 200 and response["Content-Type"].startswith("application/json"):
            for link in re.findall(r'"(http://testserver/api/[^"]+)"', body):
                queue.append(local(link))
    return answers


def local(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def keys_of(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from keys_of(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys_of(inner)


def assert_only_public(answers, world):
    public_ids = {article.pk for article in world.public}
    hidden_ids = {article.pk for article in world.hidden_articles}
    approved = set(Comment.objects.approved().filter(article__in=world.public).values_list("pk", flat=True))
    shown_articles, shown_comments = set(), set()
    for address, (status, body, response) in answers.items():
        for secret in world.secrets:
            # A refusal may quote what was asked for ("no author has the slug …"), and only that.
            if status >= 400 and secret.lower() in address.lower():
                continue
            assert secret.lower() not in body.lower(), f"{secret!r} in {address}"
        if (
            status != 200
            or address.endswith("openapi.json")
            or not response["Content-Type"].startswith("application/json")
        ):
            continue
        data = json.loads(body)
        leaked = PRIVATE_FIELDS & set(keys_of(data))
        assert not leaked, f"{leaked} in {address}"
        articles = data.get("articles", []) + ([data["article"]] if "article" in data else [])
        for article in articles:
            shown_articles.add(article.get("id"))
        for path_id in re.findall(r"/articles/(\d+)", address):
            assert int(path_id) not in hidden_ids, f"{address} answered 200"
        stack = list(data.get("comments", []))
        while stack:
            comment = stack.pop()
            shown_comments.add(comment["id"])
            stack.extend(comment["replies"])
    assert shown_articles - {None} == public_ids
    assert shown_comments == approved
    for article in world.hidden_articles:
        for address in (
            f"{API}/articles/{article.pk}",
            f"{API}/articles/slug/{article.slug}",
            f"{API}/articles/{article.pk}/comments",
        ):
            status, body, _response = answers[address]
            assert status == 404 and json.loads(body)["errors"][0]["code"] == "not_found", address


@pytest.mark.django_db
def test_an_anonymous_client_sees_only_public_content(client):
    world = make_world()
    answers = walk(client, world)
    assert len(answers) > 60
    assert_only_public(answers, world)


@pytest.mark.django_db
def test_a_signed_in_editor_sees_only_public_content_too(client):
    world = make_world()
    editor = make_user("chief", superuser=True)
    client.force_login(editor)
    answers = walk(client, world)
    assert_only_public(answers, world)
    # What a signed-in reader is sent is theirs alone: no shared cache may keep it.
    status, _body, response = answers[f"{API}/articles"]
    assert "private" in response["Cache-Control"]
