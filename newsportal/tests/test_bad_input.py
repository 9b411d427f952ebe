"""Hostile and broken input gets a clear 4xx or a form error, never a 500.

Run on PostgreSQL as well as SQLite: PostgreSQL refuses NUL bytes in text,
which SQLite accepts, so some of these only fail there.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.tests.factories import make_article, make_author, make_category, make_topic

pytestmark = pytest.mark.django_db

fuzz = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Text of any kind, NUL and control characters included (surrogates cannot be sent).
any_text = st.text(max_size=300)
NOT_FOUND_OR_PAGE = {200, 301, 404}


@pytest.fixture
def visitor():
    # A 500 must show up as a status here, not as an exception re-raised by the test client.
    return Client(raise_request_exception=False)


@pytest.fixture
def newsroom():
    category = make_category(name="World", slug="world")
    author = make_author(name="Ethan Kim", slug="ethan-kim")
    topic = make_topic(name="Diplomacy", slug="diplomacy")
    article = make_article(
        title="Envoy heads east", slug="envoy-heads-east", category=category, author=author, topic=topic
    )
    return {"category": category, "author": author, "topic": topic, "article": article}


def assert_clear_answer(response, allowed):
    assert response.status_code in allowed, response.status_code
    assert response.status_code < 500


class TestPropertyBased:
    @fuzz
    @given(words=any_text, parameter=st.sampled_from(["q", "s"]))
    def test_any_search_gets_a_results_page(self, visitor, newsroom, words, parameter):
        path = "/search/" if parameter == "q" else "/"
        assert_clear_answer(visitor.get(path, {parameter: words}), {200})

    @fuzz
    @given(page=any_text, listing=st.sampled_from(["/", "/category/world/", "/tag/diplomacy/", "/search/?q=e&"]))
    def test_any_page_parameter_gets_a_page_or_404(self, visitor, newsroom, page, listing):
        separator = "&" if "?" in listing else "?"
        response = visitor.get(f"{listing}{separator}page={quote(page)}")
        assert_clear_answer(response, {200, 404})

    @fuzz
    @given(number=st.integers(min_value=0, max_value=10**30), listing=st.sampled_from(["", "category/world/"]))
    def test_any_page_number_in_the_address_gets_a_page_a_redirect_or_404(self, visitor, newsroom, number, listing):
        assert_clear_answer(visitor.get(f"/{listing}page/{number}/"), NOT_FOUND_OR_PAGE)

    @fuzz
    @given(
        slug=any_text.filter(lambda text: text not in ("", ".", "..")),
        prefix=st.sampled_from(["", "category/", "tag/", "author/"]),
    )
    def test_any_slug_gets_a_page_or_404(self, visitor, newsroom, slug, prefix):
        assert_clear_answer(visitor.get(f"/{prefix}{quote(slug, safe='')}/"), NOT_FOUND_OR_PAGE)

    @fuzz
    @given(raw=st.binary(max_size=300))
    def test_any_query_string_bytes_get_a_page_or_4xx(self, visitor, newsroom, raw):
        # What a client may put after "?" on the wire, as the WSGI server hands it over.
        response = visitor.get("/", QUERY_STRING=raw.decode("latin-1"))
        assert_clear_answer(response, {200, 400, 404})

    @fuzz
    @given(username=any_text, password=any_text, extra=st.dictionaries(any_text, any_text, max_size=3))
    def test_any_sign_in_attempt_gets_the_form_again_or_a_redirect(self, visitor, username, password, extra):
        data = {**extra, "username": username, "password": password}
        response = visitor.post(reverse("login"), data)
        # 429 is the lockout page, once this client has failed five times.
        assert_clear_answer(response, {200, 302, 429})
        if response.status_code == 200:
            html = response.content.decode()
            assert 'class="account-alert" role="alert"' in html or 'class="account-field__errors"' in html

    @fuzz
    @given(body=st.binary(max_size=500))
    def test_any_sign_in_body_gets_the_form_again(self, visitor, body):
        response = visitor.post(reverse("login"), body, content_type="application/x-www-form-urlencoded")
        assert_clear_answer(response, {200})

    @fuzz
    @given(query=any_text)
    def test_any_feed_query_gets_the_feed_or_4xx(self, visitor, newsroom, query):
        feeds = [path for path in ("/feed/", "/category/world/feed/") if is_a_feed(path)]
        if not feeds:
            pytest.skip("this branch has no feeds")
        for path in feeds:
            assert_clear_answer(visitor.get(path, {"q": query, "page": query}), {200, 404})


def is_a_feed(path):
    """Whether a feed answers at this address (rather than the article page's catch-all)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "detail" and "feed" in (match.url_name or match.view_name or "")


class TestNulBytes:
    def test_a_nul_in_an_address_is_a_404(self, visitor, newsroom):
        for path in (
            "/%00/",
            "/envoy%00heads-east/",
            "/category/wor%00ld/",
            "/tag/%00/",
            "/author/x%00/",
            "/page/2%00/",
        ):
            assert visitor.get(path).status_code == 404, path

    def test_a_nul_in_a_query_is_dropped(self, visitor, newsroom):
        response = visitor.get("/search/?q=Env%00oy")
        assert response.status_code == 200
        assert "Envoy heads east" in response.content.decode()
        assert visitor.get("/?s=%00").status_code == 200
        assert visitor.get("/?page=1%00").status_code == 200

    def test_a_nul_in_a_cookie_is_ignored(self, visitor, newsroom):
        visitor.cookies["sessionid"] = "abcdefghijklmnop\x00qrstuvwxyz012345"
        visitor.cookies["csrftoken"] = "\x00"
        assert visitor.get(newsroom["article"].get_absolute_url()).status_code == 200
        assert visitor.get(reverse("login")).status_code == 200

    def test_a_nul_in_a_form_field_is_a_form_error(self, visitor):
        response = visitor.post(reverse("login"), {"username": "ad\x00min", "password": "pass\x00word"})
        assert response.status_code == 200
        assert "Null characters are not allowed." in response.content.decode()


class TestBrokenEncodings:
    def test_invalid_utf8_in_the_query_string(self, visitor, newsroom):
        for raw in ("q=%FF%FE", "q=\xff\xfe", "q=%C3%28", "s=%ED%A0%80"):
            assert visitor.get("/search/", QUERY_STRING=raw).status_code == 200, raw
            assert visitor.get("/", QUERY_STRING=raw).status_code == 200, raw

    def test_invalid_utf8_in_the_address(self, visitor, newsroom):
        for path in ("/%FF%FE/", "/category/%C3%28/", "/tag/%ED%A0%80/"):
            assert visitor.get(path).status_code == 404, path

    def test_invalid_utf8_in_a_posted_form(self, visitor):
        for body in (b"username=%FF%FE&password=%C3%28", b"username=\xff\xfe&password=\xc3\x28"):
            response = visitor.post(reverse("login"), body, content_type="application/x-www-form-urlencoded")
            assert response.status_code == 200
            assert 'class="account-alert" role="alert"' in response.content.decode()

    def test_a_form_in_an_unknown_charset(self, visitor):
        response = visitor.generic(
            "POST",
            reverse("login"),
            b"username=a&password=b",
            content_type="application/x-www-form-urlencoded; charset=nope",
        )
        assert response.status_code in (200, 400)


class TestOversizedInput:
    def test_a_body_over_the_limit_is_a_400_page(self, visitor, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        response = visitor.post(reverse("login"), {"username": "a", "password": "b" * 2000})
        assert response.status_code == 400
        assert "We could not make sense of that request." in response.content.decode()

    def test_the_default_limit_applies_to_a_large_post(self, visitor):
        response = visitor.post(reverse("login"), {"username": "a", "password": "b" * 3_000_000})
        assert response.status_code == 400

    def test_too_many_fields_is_a_400(self, visitor, newsroom):
        query = "&".join(f"f{n}=x" for n in range(1500))
        assert visitor.get(f"/search/?q=a&{query}").status_code == 400
        assert visitor.post(reverse("login"), query, content_type="application/x-www-form-urlencoded").status_code == (
            400
        )

    def test_a_very_long_address_is_a_404(self, visitor, newsroom):
        for path in (f"/{'a' * 10000}/", f"/category/{'é' * 5000}/", f"/tag/{'x' * 3000}/page/2/"):
            assert visitor.get(path).status_code == 404

    def test_a_very_long_search_is_cut_and_answered(self, visitor, newsroom):
        response = visitor.get("/search/", {"q": "envoy " * 20000})
        assert response.status_code == 200

    def test_very_long_headers_do_not_break_a_page(self, visitor, newsroom):
        headers = {
            "User-Agent": "u" * 100_000,
            "Referer": "https://x.example/" + "r" * 50_000,
            "Accept-Language": "x" * 10_000,
        }
        assert visitor.get(newsroom["article"].get_absolute_url(), headers=headers).status_code == 200

    def test_a_host_that_is_not_ours_is_a_400(self, visitor):
        assert visitor.get("/", headers={"Host": "evil.example"}).status_code == 400
        assert visitor.get("/", headers={"Host": "x" * 5000}).status_code == 400

    def test_methods_a_page_does_not_take(self, visitor, newsroom):
        for method in ("put", "delete", "patch"):
            assert getattr(visitor, method)(newsroom["article"].get_absolute_url()).status_code == 405
