"""The thread's own ways of doing what Django does, checked against Django's."""

import re
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import dateformat, timezone, translation

from comments.blank_form import blank_form_html
from comments.forms import CommentForm
from comments.models import Comment
from comments.rendering import date_formatter
from comments.spam import check_form_token
from comments.tests.factories import make_article, make_comment
from comments.thread import BY_STAFF, THREAD_FIELDS, _thread_rows, _visible
from newsportal.formats import site_format

# Midnight, noon and the minutes around them, single and double digits, every month, a leap day.
TIMES = [(0, 0), (0, 5), (9, 7), (11, 59), (12, 0), (12, 30), (13, 1), (23, 59)]
DATES = [(2023, month, day) for month in range(1, 13) for day in (1, 9, 28)] + [(2024, 2, 29), (999, 12, 31)]
FORMATS = ["COMMENT_DATETIME_FORMAT", "LONG_DATE_FORMAT", "FULL_DATE_FORMAT"]
EXTRA_FORMATS = ["d/m/y h:i A", "N j, Y, P", r"j \d\e M \à G:i", "D, d M Y H:i:s O"]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_a_comment_date_is_written_as_djangos_dateformat_writes_it_in_every_language(language):
    zone = timezone.get_default_timezone()
    values = [
        datetime(year, month, day, hour, minute, 42, 123456, tzinfo=zone)
        for year, month, day in DATES
        for hour, minute in TIMES
    ]
    with translation.override(language):
        formats = [site_format(name) for name in FORMATS] + EXTRA_FORMATS
        for format_string in formats:
            write = date_formatter(format_string)
            for value in values:
                assert write(value) == dateformat.format(value, format_string), (format_string, value)


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
@pytest.mark.parametrize("own", [0, 1, 3])
def test_the_thread_rows_are_the_orms_rows_for_every_reader(django_user_model, signed_in, own):
    article = make_article()
    other = make_article()
    staff = django_user_model.objects.create_user("editor", is_staff=True)
    reader = django_user_model.objects.create_user("reader")
    start = timezone.now() - timedelta(hours=3)
    made = [
        make_comment(article, created_at=start),
        make_comment(article, created_at=start + timedelta(minutes=1), user=staff),
        make_comment(article, created_at=start + timedelta(minutes=2), status=Comment.Status.PENDING),
        make_comment(article, created_at=start + timedelta(minutes=3), status=Comment.Status.PENDING, user=reader),
        make_comment(article, created_at=start + timedelta(minutes=4), status=Comment.Status.SPAM),
        make_comment(other, created_at=start),
    ]
    request = RequestFactory().get("/")
    request.user = reader if signed_in else SimpleNamespace(is_authenticated=False, pk=None)
    extra = [made[2].pk, made[5].pk, 10**12][:own]

    expected = list(_visible(article, request, extra).annotate(by_staff=BY_STAFF).values_list(*THREAD_FIELDS))

    assert [tuple(row) for row in _thread_rows(article, request, extra)] == expected
    assert len(expected) == 2 + (own >= 1) + signed_in


def _same_token(html):
    """The form's signed timestamp, which changes from one second to the next, made one value."""
    return re.sub(r'name="token" value="[^"]*"', 'name="token" value="…"', html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("page_url", ["/a-story/", "/a-story/?corder=newest&cpage=2", '/a-"story"/<2>/'])
def test_the_blank_form_of_a_shared_page_is_the_templates_form(language, page_url):
    article = make_article()
    with translation.override(language):
        written = blank_form_html(article.pk, page_url)
        rendered = render_to_string(
            "comments/form.html",
            {
                "article": article,
                "thread": SimpleNamespace(page_url=page_url),
                "form": CommentForm(article=article, user=AnonymousUser()),
                "reply_to": None,
                "comments_open": True,
                "user": AnonymousUser(),
                "shared_page": True,
            },
        )
    assert _same_token(written) == _same_token(rendered)
    assert f'<input type="hidden" name="article" value="{article.pk}">' in written
    token = re.search(r'name="token" value="([^"]*)"', written).group(1)
    check_form_token(token, article.pk, min_seconds=0)  # signed for this article, not for the stand-in


@pytest.mark.django_db
def test_a_shared_article_page_carries_the_blank_form_and_a_reply_or_a_signed_in_reader_gets_the_template(
    client, django_user_model
):
    article = make_article()
    make_comment(article)
    page = client.get(article.get_absolute_url()).content.decode()
    assert page.count('id="commentform"') == 1
    assert 'action="/comments/post/#respond"' in page and f"/comments/form-token/{article.pk}/" in page
    assert 'name="csrfmiddlewaretoken" value=""' in page  # a shared page carries no token
    comment_pk = Comment.objects.get().pk
    reply = client.get(article.get_absolute_url() + f"?replytocom={comment_pk}").content.decode()
    assert f'name="parent" id="comment_parent" value="{comment_pk}"' in reply
    client.force_login(django_user_model.objects.create_user("reader", first_name="Ada"))
    signed_in = client.get(article.get_absolute_url()).content.decode()
    assert "Logged in as Ada." in signed_in and 'name="csrfmiddlewaretoken" value=""' not in signed_in
