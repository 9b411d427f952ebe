import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from comments.spam import RateLimit, client_ip, parse_rate_limits, rate_limit_hit


def test_rate_limits_are_read_from_short_strings():
    assert parse_rate_limits(["1/15s", "10/1h", "100/d", "5/m", " 3 / 30m ", ""]) == [
        RateLimit(1, 15),
        RateLimit(10, 3600),
        RateLimit(100, 86400),
        RateLimit(5, 60),
        RateLimit(3, 1800),
    ]


@pytest.mark.parametrize("bad", ["ten per hour", "1/0s", "1/15x", "/15s"])
def test_a_mistyped_rate_limit_is_a_configuration_error(bad):
    with pytest.raises(ImproperlyConfigured):
        parse_rate_limits([bad])


def test_the_system_check_reports_a_mistyped_rate_limit(settings):
    from comments.apps import check_comment_settings

    assert check_comment_settings() == []
    settings.COMMENTS_RATE_LIMITS = ["often"]
    assert [error.id for error in check_comment_settings()] == ["comments.E001"]


def test_rate_limits_count_per_ip_and_per_email(settings):
    settings.COMMENTS_RATE_LIMITS = ["2/1h"]
    assert rate_limit_hit(ip_address="192.0.2.1", email="a@example.org") is None
    assert rate_limit_hit(ip_address="192.0.2.1", email="b@example.org") is None
    assert rate_limit_hit(ip_address="192.0.2.1", email="c@example.org") == 3600
    assert rate_limit_hit(ip_address="192.0.2.2", email="a@example.org") is None
    assert rate_limit_hit(ip_address="192.0.2.3", email="A@example.org") == 3600


def test_the_client_ip_comes_from_the_proxy_header_only_when_configured(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert client_ip(request) == "10.0.0.9"
    settings.COMMENTS_CLIENT_IP_HEADER = "X-Forwarded-For"
    assert client_ip(request) == "198.51.100.7"
    settings.COMMENTS_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert client_ip(request) == "10.0.0.9"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR="not-an-ip")) is None
