"""How the thread shows: order, nesting, paging, anchors, dates, avatars,
and a query count that does not grow with the number of comments."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from comments.tests.factories import make_article, make_comment
from comments.thread import build_tree


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def ids_in_order(html):
    return [int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)]


@pytest.mark.django_db
def test_comments_show_oldest_first_with_replies_nested_under_their_parent(client):
    article = make_article()
    start = timezone.now() - timedelta(hours=5)
    first = make_comment(article, created_at=start)
    second = make_comment(article, created_at=start + timedelta(hours=1))
    reply_to_first = make_comment(article, parent=first, created_at=start + timedelta(hours=2))
    reply_to_reply = make_comment(article, parent=reply_to_first, created_at=start + timedelta(hours=3))

    html = html_of(client, article.get_absolute_url())

    assert ids_in_order(html) == [first.pk, reply_to_first.pk, reply_to_reply.pk, second.pk]
    first_item = html[html.index(f'id="comment-{first.pk}"') : html.index(f'id="comment-{second.pk}"')]
    assert '<ol class="children">' in first_item and f'id="comment-{reply_to_reply.pk}"' in first_item
    assert 'class="comment comment--depth-3"' in html
    assert f'href="/{article.slug}/?replytocom={second.pk}#respond"' in html


@pytest.mark.django_db
def test_replies_nest_five_levels_and_deeper_ones_attach_at_the_fifth(client):
    article = make_article()
    start = timezone.now() - timedelta(hours=10)
    chain = [make_comment(article, created_at=start)]
    for hours in range(1, 8):
        chain.append(make_comment(article, parent=chain[-1], created_at=start + timedelta(hours=hours)))

    html = html_of(client, article.get_absolute_url())

    depths = {
        int(pk): int(depth) for pk, depth in re.findall(r'id="comment-(\d+)" class="comment comment--depth-(\d)', html)
    }
    assert [depths[c.pk] for c in chain] == [1, 2, 3, 4, 5, 5, 5, 5]
    assert ids_in_order(html) == [c.pk for c in chain]
    # The stored parent stays the real one.
    assert Comment.objects.get(pk=chain[-1].pk).parent_id == chain[-2].pk
    assert html.count('<ol class="children">') == 4


def test_build_tree_survives_orphans_and_keeps_siblings_in_time_order():
    def node(pk, parent_id, minute):
        return Comment(pk=pk, parent_id=parent_id, created_at=datetime(2023, 6, 17, 12, minute, tzinfo=UTC))

    comments = [node(1, None, 0), node(2, 1, 5), node(3, 99, 6), node(4, 1, 7), node(5, 2, 8)]

    roots, by_id = build_tree(comments)

    assert [c.pk for c in roots] == [1, 3]  # 3's parent is not visible: shown at the top
    assert [c.pk for c in by_id[1].replies] == [2, 4]
    assert [c.pk for c in by_id[2].replies] == [5]
    assert by_id[5].depth == 3 and by_id[5].display_parent is by_id[2]


@pytest.mark.django_db
def test_a_long_thread_pages_by_fifty_top_level_comments(client, settings):
    article = make_article(slug="long-thread")
    start = timezone.now() - timedelta(days=2)
    top = [make_comment(article, created_at=start + timedelta(minutes=n)) for n in range(120)]
    late_reply = make_comment(article, parent=top[3], created_at=start + timedelta(days=1))

    first = html_of(client, "/long-thread/")
    second = html_of(client, "/long-thread/comment-page-2/")
    third = html_of(client, "/long-thread/comment-page-3/")

    first_ids, second_ids, third_ids = ids_in_order(first), ids_in_order(second), ids_in_order(third)
    assert [pk for pk in first_ids if pk != late_reply.pk] == [c.pk for c in top[:50]]
    assert late_reply.pk in first_ids  # replies stay with their top-level comment
    assert second_ids == [c.pk for c in top[50:100]]
    assert third_ids == [c.pk for c in top[100:]]
    assert '<h2 id="comments-title" class="section-title comments__title"><span>121 comments</span>' in second
    assert 'href="/long-thread/comment-page-3/#comments"' in second
    assert 'rel="prev" href="/long-thread/#comments"' in second
    # Reply links and "Cancel Reply" stay on the page the reader is on.
    assert f'href="/long-thread/comment-page-2/?replytocom={top[60].pk}#respond"' in second

    assert client.get("/long-thread/comment-page-4/").status_code == 404
    assert client.get("/long-thread/comment-page-0/").status_code == 404
    redirect = client.get("/long-thread/comment-page-1/")
    assert (redirect.status_code, redirect["Location"]) == (301, "/long-thread/")
    assert client.get("/no-such-article/comment-page-2/").status_code == 404


@pytest.mark.django_db
def test_the_permalink_finds_the_page_a_comment_is_on(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = make_article(slug="paged")
    start = timezone.now() - timedelta(hours=3)
    comments = [make_comment(article, created_at=start + timedelta(minutes=n)) for n in range(5)]
    reply = make_comment(article, parent=comments[2], created_at=start + timedelta(hours=1))

    response = client.get(reply.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == f"/paged/comment-page-2/#comment-{reply.pk}"
    assert client.get(comments[4].get_absolute_url())["Location"] == f"/paged/comment-page-3/#comment-{comments[4].pk}"
    held = make_comment(article, status=Comment.Status.PENDING)
    assert client.get(held.get_absolute_url()).status_code == 404
    assert client.get("/comments/999999/").status_code == 404


@pytest.mark.django_db
def test_each_comment_shows_avatar_initials_name_date_and_text(client, settings):
    settings.TIME_ZONE = "America/New_York"
    article = make_article()
    make_comment(
        article,
        name="lily rose",
        body="first line\nsecond line",
        created_at=datetime(2023, 6, 17, 16, 29, tzinfo=UTC),
    )
    make_comment(
        article, name="Jane123", website="https://jane.example/", created_at=datetime(2023, 6, 17, 20, 7, tzinfo=UTC)
    )

    html = html_of(client, article.get_absolute_url())

    assert "June 17, 2023 - 12:29 pm" in html
    assert "June 17, 2023 - 4:07 pm" in html
    assert re.search(r'class="comment__avatar comment-avatar comment-avatar--\d" aria-hidden="true">LR</span>', html)
    assert "first line<br>second line" in html
    assert '<a href="https://jane.example/" rel="external nofollow ugc">Jane123</a>' in html
    assert "gravatar" not in html.lower()
    assert 'src="http' not in html[html.index('id="comments"') :]


@pytest.mark.django_db
def test_reply_without_javascript_says_whom_and_offers_cancel(client):
    article = make_article(slug="reply-here")
    parent = make_comment(article, name="HappyDays")

    html = html_of(client, f"/reply-here/?replytocom={parent.pk}")

    assert "Leave a Reply to HappyDays" in html
    assert (
        '<a id="cancel-comment-reply-link" class="comment-respond__cancel" rel="nofollow" href="/reply-here/#respond">'
        in html
    )
    assert f'<input type="hidden" name="parent" id="comment_parent" value="{parent.pk}">' in html

    plain = html_of(client, "/reply-here/")
    assert '<span class="comment-respond__heading">Leave a Comment</span>' in plain
    assert 'href="/reply-here/#respond" hidden>' in plain

    for nonsense in ["abc", "-1", "99999999", "1" * 40, "%00"]:
        page = html_of(client, f"/reply-here/?replytocom={nonsense}")
        assert '<input type="hidden" name="parent" id="comment_parent" value="">' in page


@pytest.mark.django_db
def test_no_reply_link_on_a_held_comment_nor_when_comments_are_closed(client):
    article = make_article()
    approved = make_comment(article)
    held = make_comment(article, status=Comment.Status.PENDING)
    client.cookies["comment_author"] = ""  # no claim: held comment unseen anyway

    html = html_of(client, article.get_absolute_url())
    assert f"replytocom={approved.pk}" in html and f"replytocom={held.pk}" not in html

    article.comments_open = False
    article.save()
    closed = html_of(client, article.get_absolute_url())
    assert "replytocom=" not in closed
    assert "Comments are closed." in closed and 'id="commentform"' not in closed


@pytest.mark.django_db
@pytest.mark.parametrize("comment_total", [0, 10, 500])
def test_the_article_page_costs_the_same_queries_whatever_the_number_of_comments(
    comment_total, django_assert_num_queries, settings
):
    """Five queries: the article (with author, category and topic), its FAQs,
    its related links, "You may also like", and the whole comment thread.
    (The page cache is off here: this pins what a rendering costs.)

    This pins the n+1 a thread invites: fetching each comment's replies (or
    its parent, or the article again) per comment. The thread is one query,
    the tree built in Python, so 500 comments cost what none cost.
    """
    from articles.tests.factories import make_faq, make_related_link

    article = make_article()
    make_article(category=article.category)
    make_faq(article)
    make_related_link(article)
    start = timezone.now() - timedelta(hours=2)
    comments = Comment.objects.bulk_create(
        [
            Comment(
                article=article,
                name=f"R{n}",
                email=f"r{n}@example.org",
                body=f"Text {n}",
                fingerprint=f"{n:064}",
                status=Comment.Status.APPROVED,
                created_at=start + timedelta(seconds=n),
            )
            for n in range(comment_total)
        ]
    )
    replies = [
        Comment(
            article=article,
            parent=parent,
            name="Re",
            email="re@example.org",
            body=f"Re {parent.pk}",
            fingerprint=f"r{parent.pk:063}",
            status=Comment.Status.APPROVED,
            created_at=timezone.now(),
        )
        for parent in comments[::3]
    ]
    Comment.objects.bulk_create(replies)
    settings.PAGE_CACHE_SECONDS = 0
    reader = Client()
    cache.clear()
    reader.get(article.get_absolute_url())  # warms the cached site chrome and "You may also like"

    # The article, its co-authors, FAQs, links, corrections and updates, and its thread.
    with django_assert_num_queries(6):
        response = reader.get(article.get_absolute_url())

    assert response.status_code == 200
    shown = min(comment_total, 50) + len(comments[:50:3])  # the first page and its replies
    assert response.content.decode().count('<li id="comment-') == shown
    if comment_total > 50:
        with django_assert_num_queries(6):
            assert reader.get(f"/{article.slug}/comment-page-2/").status_code == 200
