"""Featured comments (the badge, the block above the thread, the admin) and
the reader's choice of thread order, which is part of the page's cache key
in one spelling only."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_set_featured
from comments.tests.factories import comment_post, make_article, make_comment, make_user

CHANGELIST = "admin:comments_comment_changelist"


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def ids_in_order(html):
    return [int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)]


def featured_block(html):
    match = re.search(r'<section class="featured-comments".*?</section>', html, re.DOTALL)
    return match.group(0) if match else ""


def badge_of(html, comment):
    item = re.search(rf'<li id="comment-{comment.pk}" class="([^"]*)">.*?</p>', html, re.DOTALL)
    return item.group(1), '<span class="comment__badge comment__badge--featured">Featured</span>' in item.group(0)


@pytest.fixture
def thread():
    """Three top-level comments an hour apart; the first has a reply; the second is featured."""
    article = make_article(slug="summit")
    start = timezone.now() - timedelta(hours=5)
    first = make_comment(article, name="Ann", created_at=start)
    second = make_comment(article, name="Ben", created_at=start + timedelta(hours=1), is_featured=True)
    third = make_comment(article, name="Cy", created_at=start + timedelta(hours=2))
    reply = make_comment(article, parent=first, name="Dot", created_at=start + timedelta(hours=3))
    return article, first, second, third, reply


# --- featured ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_featured_comment_has_a_badge_and_an_entry_above_the_thread(client, thread):
    article, first, second, _third, _reply = thread

    html = html_of(client, article.get_absolute_url())

    assert badge_of(html, second) == ("comment comment--depth-1 comment--featured", True)
    assert badge_of(html, first) == ("comment comment--depth-1", False)
    block = featured_block(html)
    assert html.index('class="featured-comments"') < html.index('class="comment-list"')
    assert f'href="/summit/#comment-{second.pk}"' in block
    assert "Ben" in block and second.body in block
    assert f"#comment-{first.pk}" not in block


@pytest.mark.django_db
def test_the_featured_block_is_absent_when_nothing_is_featured(client):
    article = make_article()
    make_comment(article)

    assert featured_block(html_of(client, article.get_absolute_url())) == ""


@pytest.mark.django_db
def test_what_a_reader_typed_is_escaped_in_the_featured_block(client):
    article = make_article()
    make_comment(article, name="<img src=x onerror=alert(1)>", body="<script>alert('hi')</script>", is_featured=True)

    block = featured_block(html_of(client, article.get_absolute_url()))

    assert "&lt;img src=x onerror=alert(1)&gt;" in block
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in block
    assert "<script>" not in block and "<img" not in block


@pytest.mark.django_db
def test_the_featured_entry_links_to_the_page_of_the_thread_the_comment_is_on(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = make_article(slug="long")
    start = timezone.now() - timedelta(hours=9)
    comments = [make_comment(article, created_at=start + timedelta(minutes=n)) for n in range(5)]
    comment_set_featured(comments=Comment.objects.filter(pk=comments[4].pk), featured=True)

    block = featured_block(html_of(client, article.get_absolute_url()))

    assert f'href="/long/comment-page-3/#comment-{comments[4].pk}"' in block


@pytest.mark.django_db
def test_a_featured_comment_held_again_is_shown_as_featured_to_nobody(client, django_capture_on_commit_callbacks):
    article = make_article()
    author = make_user("writer")
    held = make_comment(article, user=author, body="Held after all.", is_featured=True)
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    author_browser = Client()
    author_browser.force_login(author)  # the author sees their own held comment

    html = html_of(author_browser, article.get_absolute_url())

    assert f'id="comment-{held.pk}"' in html and "Your comment is awaiting moderation." in html
    assert badge_of(html, held)[1] is False
    assert featured_block(html) == ""
    assert "Held after all." not in html_of(client, article.get_absolute_url())


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH])
def test_only_approved_comments_can_be_featured(status, django_capture_on_commit_callbacks):
    article = make_article()
    comment = make_comment(article, status=status)
    approved = make_comment(article)

    with django_capture_on_commit_callbacks(execute=True):
        changed = comment_set_featured(comments=Comment.objects.filter(article=article), featured=True)

    assert changed == 1
    assert set(Comment.objects.filter(is_featured=True)) == {approved}
    comment.refresh_from_db()
    assert not comment.is_featured


@pytest.mark.django_db
def test_editors_feature_a_comment_from_the_admin_and_every_cached_page_shows_it(
    client, thread, django_capture_on_commit_callbacks
):
    article, first, second, _third, _reply = thread
    assert featured_block(html_of(client, article.get_absolute_url())).count("<li") == 1  # now cached
    editor = Client()
    editor.force_login(make_user("editor", staff=True, moderator=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(reverse(CHANGELIST), {"action": "feature", "_selected_action": [first.pk]}, follow=True)
    assert "1 comment featured." in response.content.decode()

    block = featured_block(html_of(client, article.get_absolute_url()))
    assert f"#comment-{first.pk}" in block and f"#comment-{second.pk}" in block

    with django_capture_on_commit_callbacks(execute=True):
        editor.post(reverse(CHANGELIST), {"action": "unfeature", "_selected_action": [first.pk, second.pk]})
    assert featured_block(html_of(client, article.get_absolute_url())) == ""


@pytest.mark.django_db
def test_the_admin_refuses_to_feature_a_comment_that_is_not_approved(db):
    article = make_article()
    held = make_comment(article, status=Comment.Status.PENDING)
    editor = Client()
    editor.force_login(make_user("editor", staff=True, moderator=True))
    change_url = reverse("admin:comments_comment_change", args=[held.pk])
    form = {"name": held.name, "email": held.email, "website": "", "body": held.body, "status": "pending"}

    refused = editor.post(change_url, {**form, "is_featured": "on"})
    assert refused.status_code == 200
    assert "Only an approved comment can be featured." in refused.content.decode()
    held.refresh_from_db()
    assert not held.is_featured

    listing = editor.post(reverse(CHANGELIST), {"action": "feature", "_selected_action": [held.pk]}, follow=True)
    assert "1 comment was not featured: it is not approved." in listing.content.decode()

    accepted = editor.post(change_url, {**form, "status": "approved", "is_featured": "on"})
    assert accepted.status_code == 302
    held.refresh_from_db()
    assert held.is_featured and held.status == Comment.Status.APPROVED
    filtered = editor.get(reverse(CHANGELIST) + "?is_featured__exact=1")
    assert [c.pk for c in filtered.context["cl"].result_list] == [held.pk]


# --- order ------------------------------------------------------------------------


@pytest.mark.django_db
def test_readers_choose_the_order_and_replies_stay_under_their_parent(client, thread):
    article, first, second, third, reply = thread
    url = article.get_absolute_url()

    assert ids_in_order(html_of(client, url)) == [first.pk, reply.pk, second.pk, third.pk]
    assert ids_in_order(html_of(client, f"{url}?order=newest")) == [third.pk, second.pk, first.pk, reply.pk]
    assert ids_in_order(html_of(client, f"{url}?order=featured")) == [second.pk, first.pk, reply.pk, third.pk]


@pytest.mark.django_db
def test_the_order_links_work_without_javascript_and_mark_the_current_one(client, thread):
    article = thread[0]

    html = html_of(client, f"{article.get_absolute_url()}?order=newest")

    nav = re.search(r'<nav class="comment-order".*?</nav>', html, re.DOTALL).group(0)
    assert 'href="/summit/#comments">Oldest</a>' in nav
    assert '<span class="comment-order__current" aria-current="true">Newest</span>' in nav
    assert 'href="/summit/?order=featured#comments">Featured first</a>' in nav
    # A reply keeps the order the reader chose.
    assert f'href="/summit/?order=newest&amp;replytocom={thread[1].pk}#respond"' in html


@pytest.mark.django_db
def test_the_default_order_is_a_setting_and_is_spelled_without_a_parameter(client, thread, settings):
    settings.COMMENTS_ORDER = "newest"
    article, first, second, third, reply = thread
    url = article.get_absolute_url()

    html = html_of(client, url)

    assert ids_in_order(html) == [third.pk, second.pk, first.pk, reply.pk]
    nav = re.search(r'<nav class="comment-order".*?</nav>', html, re.DOTALL).group(0)
    assert 'href="/summit/?order=oldest#comments">Oldest</a>' in nav
    assert ids_in_order(html_of(client, f"{url}?order=oldest")) == [first.pk, reply.pk, second.pk, third.pk]


@pytest.mark.django_db
def test_paging_follows_the_order(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = make_article(slug="paged")
    start = timezone.now() - timedelta(hours=9)
    comments = [make_comment(article, created_at=start + timedelta(minutes=n)) for n in range(5)]

    first_page = html_of(client, "/paged/?order=newest")
    assert ids_in_order(first_page) == [comments[4].pk, comments[3].pk]
    assert 'href="/paged/comment-page-2/?order=newest#comments"' in first_page
    second_page = html_of(client, "/paged/comment-page-2/?order=newest")
    assert ids_in_order(second_page) == [comments[2].pk, comments[1].pk]
    assert 'href="/paged/?order=newest#comments"' in second_page


@pytest.mark.django_db
def test_unknown_or_default_orders_are_served_the_one_cached_page(client, thread):
    """`?order=` takes part in the page key, in one spelling: the default order
    and unknown values are the page without the parameter, so they are served
    its cache entry and never store one of their own."""
    article, first, *_ = thread
    url = article.get_absolute_url()
    html_of(client, url)
    html_of(client, f"{url}?order=newest")
    # Written behind the services' back: no announcement, so every cached page still shows the thread before it.
    late = Comment.objects.create(article=article, name="Late", email="l@example.org", body="Late!", status="approved")

    for query in ("?order=bogus", "?order=oldest", "?order=OLDEST", "?order=", "?order=newest%00", "?order=x" * 50):
        assert f'id="comment-{late.pk}"' not in html_of(client, f"{url}{query}"), query
    assert f'id="comment-{late.pk}"' not in html_of(client, f"{url}?order=NEWEST")
    # A known order nobody asked for yet is a page of its own, built now.
    assert f'id="comment-{late.pk}"' in html_of(client, f"{url}?order=featured")


@pytest.mark.django_db
def test_a_comment_posted_from_a_reordered_page_lands_at_its_place_in_the_default_order(client, thread, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article, first, *_ = thread

    response = client.post(
        "/comments/post/", comment_post(article, email=first.email, comment="Agreed.", parent=str(first.pk))
    )

    assert response.status_code == 303
    new = Comment.objects.get(body="Agreed.")
    assert response["Location"] == f"/summit/#comment-{new.pk}"


@pytest.mark.django_db
@pytest.mark.parametrize("comment_total", [0, 10, 200])
@pytest.mark.parametrize("order", ["", "?order=newest", "?order=featured"])
def test_featured_comments_and_orders_cost_no_query_more(comment_total, order, django_assert_num_queries, settings):
    """The same four queries as the plain article page (see test_thread.py):
    the featured block, the badges and the order come out of the thread's one
    query, not one query per featured comment or per page."""
    article = make_article()
    start = timezone.now() - timedelta(hours=2)
    Comment.objects.bulk_create(
        [
            Comment(
                article=article,
                name=f"R{n}",
                email=f"r{n}@example.org",
                body=f"Text {n}",
                fingerprint=f"{n:064}",
                status=Comment.Status.APPROVED,
                is_featured=n % 7 == 0,
                created_at=start + timedelta(seconds=n),
            )
            for n in range(comment_total)
        ]
    )
    settings.PAGE_CACHE_SECONDS = 0
    reader = Client()
    cache.clear()
    reader.get(article.get_absolute_url())  # warms the cached site chrome and "You may also like"

    # The article, its co-authors, FAQs, links, corrections and updates, and its thread.
    with django_assert_num_queries(6):
        response = reader.get(f"{article.get_absolute_url()}{order}")

    assert response.status_code == 200
    assert featured_block(response.content.decode()).count("<li") == len(range(0, comment_total, 7))
