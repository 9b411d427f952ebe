import pytest
from django.db.models import Count, F
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from comments.tests.factories import make_article, make_comment
from comments.thread import load_thread
from demo.comments import seed_demo_comments


@pytest.mark.django_db
def test_each_article_gets_a_short_approved_thread_with_replies_and_true_counts():
    articles = [make_article() for _ in range(4)]

    created = seed_demo_comments(Article.objects.all())

    assert created == Comment.objects.count()
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    for article in Article.objects.all():
        comments = list(article.comments.all())
        assert 4 <= len(comments) <= 6
        assert any(c.parent_id for c in comments)
        assert article.comment_count == len(comments)
        for comment in comments:
            assert article.published_at < comment.created_at <= timezone.now()
            if comment.parent_id:
                assert comment.parent.created_at < comment.created_at
                assert comment.parent.article_id == article.pk
    assert len(articles) == 4


@pytest.mark.django_db
def test_seeding_twice_adds_nothing_and_keeps_other_comments():
    article = make_article()
    reader = make_comment(article, body="A real reader's comment.")

    first = seed_demo_comments([article])
    second = seed_demo_comments([article])

    assert first > 0 and second == 0
    assert Comment.objects.filter(article=article).count() == first + 1
    assert Comment.objects.filter(pk=reader.pk).exists()
    assert Article.objects.get(pk=article.pk).comment_count == first + 1


@pytest.mark.django_db
def test_many_comments_per_article_are_written_in_bulk_as_a_valid_tree(django_assert_max_num_queries):
    articles = [make_article(), make_article()]

    with django_assert_max_num_queries(30):
        created = seed_demo_comments(articles, per_article=1500)

    assert created == 3000
    counts = dict(Comment.objects.values_list("article").annotate(n=Count("pk")).values_list("article", "n"))
    assert counts == {articles[0].pk: 1500, articles[1].pk: 1500}
    replies = Comment.objects.filter(parent__isnull=False)
    assert 300 < replies.count() < 1500
    assert not replies.exclude(parent__article=F("article")).exists()
    assert not replies.filter(created_at__lt=F("parent__created_at")).exists()
    thread = load_thread(Article.objects.get(pk=articles[0].pk))
    assert len(thread.by_id) == 1500
    assert max(c.depth for c in thread.by_id.values()) >= 3
    assert Article.objects.get(pk=articles[0].pk).comment_count == 1500
    assert seed_demo_comments(articles, per_article=1500) == 0


@pytest.mark.django_db
def test_the_command_seeds_published_articles_once():
    from io import StringIO

    from django.core.management import call_command

    from articles.tests.factories import make_draft

    public = make_article()
    draft = make_draft()
    out = StringIO()

    call_command("seed_demo_comments", "--comments-per-article", "7", stdout=out)
    call_command("seed_demo_comments", "--comments-per-article", "7", stdout=out)

    assert out.getvalue().splitlines() == ["7 demo comments added.", "0 demo comments added."]
    assert Article.objects.get(pk=public.pk).comment_count == 7
    assert not Comment.objects.filter(article=draft).exists()
