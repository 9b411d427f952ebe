"""The thread's own ways of doing what Django does, checked against Django's."""

from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import dateformat, timezone, translation

from comments.models import Comment
from comments.rendering import date_formatter
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
