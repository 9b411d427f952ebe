"""Bodies over the limit are refused with 413 before a byte of them is read, at every door.

Django's own DATA_UPLOAD_MAX_MEMORY_SIZE leaves file parts out: without the
limit a 30 MB file sent to the sign-in page is spooled to FILE_UPLOAD_TEMP_DIR
before any view looks at it. The real test sends such a body over HTTP to the
live server and watches that directory while the request runs.
"""

import io
import os
import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import EDITORS
from articles.tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
PASSWORD = "a-long-test-password-42"
# Any well-formed token: with a CSRF cookie Django reads the body to find the form's token.
CSRF_COOKIE = "csrftoken=" + "a" * 32


def multipart(file_bytes, **fields):
    boundary = "----newsportal-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
    )
    body = b"".join(parts) + file_bytes + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def doors():
    article = make_article(slug="open-story")
    return [
        reverse("login"),
        reverse("admin:login"),
        reverse("comments:post"),
        "/",
        "/search/?q=x",
        f"/{article.slug}/",
        reverse("admin:articles_article_changelist"),
    ]


def assert_refused(response, limit="3.0\xa0MB"):
    assert response.status_code == 413
    html = response.content.decode()
    assert "What you sent is too large." in html
    assert limit in html
    assert response["Cache-Control"] == "no-store"


class TestDeclaredLength:
    def test_every_door_refuses_a_body_over_the_limit_before_reading_it(self, client):
        body, content_type = multipart(b"x" * (3 * MB), username="isaac", password=PASSWORD)
        for url in doors():
            assert_refused(client.post(url, body, content_type=content_type))

    def test_a_body_just_under_the_limit_reaches_the_form(self, client):
        make_user(username="isaac")
        body, content_type = multipart(
            b"x" * (settings.REQUEST_BODY_MAX_BYTES - 1000), username="isaac", password=PASSWORD
        )
        response = client.post(reverse("login"), body, content_type=content_type)
        assert response.status_code == 302

    def test_a_lying_length_is_refused_without_waiting_for_the_body(self, client):
        # The test client would assert that the body is as long as declared: it must not be read at all.
        response = client.generic(
            "POST", reverse("login"), b"", content_type="text/plain", CONTENT_LENGTH=str(30 * MB)
        )
        assert_refused(response)

    def test_a_malformed_length_is_a_bad_request(self, client):
        response = client.generic("POST", reverse("login"), b"", content_type="text/plain", CONTENT_LENGTH="12x")
        assert response.status_code == 400

    def test_the_admin_upload_forms_take_larger_bodies_up_to_their_own_limit(self, client):
        client.force_login(make_user(username="ed", groups=[EDITORS]))
        add = reverse("admin:articles_article_add")
        body, content_type = multipart(b"x" * (10 * MB), title="Big picture")
        response = client.post(add, body, content_type=content_type)
        assert response.status_code == 200  # the form, with its errors: the body was read
        body, content_type = multipart(b"x" * (settings.ADMIN_UPLOAD_MAX_BYTES + 1), title="Too big")
        assert_refused(client.post(add, body, content_type=content_type), limit="20.0\xa0MB")

    def test_the_admin_sign_in_has_the_site_limit(self, client):
        body, content_type = multipart(b"x" * (4 * MB), username="ed", password=PASSWORD)
        assert_refused(client.post(reverse("admin:login"), body, content_type=content_type))


class TestChunkedBody:
    """gunicorn hands a chunked body over de-chunked, with no Content-Length."""

    @staticmethod
    def post_chunked(client, url, body, content_type):
        return client.generic(
            "POST",
            url,
            b"",
            CONTENT_TYPE=content_type,
            CONTENT_LENGTH="",
            HTTP_TRANSFER_ENCODING="chunked",
            **{"wsgi.input": io.BytesIO(body)},
        )

    def test_a_chunked_body_over_the_limit_is_refused(self, client):
        body, content_type = multipart(b"x" * (4 * MB), username="isaac", password=PASSWORD)
        assert_refused(self.post_chunked(client, reverse("login"), body, content_type))

    def test_a_small_chunked_body_is_read(self, client):
        make_user(username="isaac")
        client.get(reverse("login"))
        token = client.cookies["csrftoken"].value
        body = f"username=isaac&password={PASSWORD}&csrfmiddlewaretoken={token}".encode()
        client.handler.enforce_csrf_checks = True
        response = self.post_chunked(client, reverse("login"), body, "application/x-www-form-urlencoded")
        assert response.status_code == 302, response.content.decode()[:3000]
        assert "_auth_user_id" in client.session


# --- Over real HTTP: nothing is spooled to disk -------------------------------------


class SpoolWatch:
    """Notes every file that appears in a directory while it runs."""

    def __init__(self, directory):
        self.directory, self.seen, self._stop = directory, set(), threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        while not self._stop.is_set():
            self.seen.update(os.listdir(self.directory))
            time.sleep(0.0005)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        self.seen.update(os.listdir(self.directory))


def raw_post(base_url, path, body, content_type, cookie=CSRF_COOKIE):
    """POSTs `body` on a plain socket, sending in a thread while the answer is read (a refusal comes early)."""
    address = urlsplit(base_url)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {address.hostname}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection((address.hostname, address.port), timeout=30) as connection:

        def send():
            try:
                connection.sendall(head + body)
            except OSError:
                pass  # the server answered and closed before taking it all

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
        sender.join(timeout=30)
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.decode(errors="replace")


@pytest.mark.django_db(transaction=True)
class TestOverHttp:
    @pytest.fixture
    def spool_dir(self, settings, tmp_path):
        settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
        return tmp_path

    def test_a_30_mb_file_to_the_sign_in_page_is_refused_and_never_written_to_disk(self, live_server, spool_dir):
        body, content_type = multipart(b"x" * (30 * MB), username="isaac", password="x")
        for path in (reverse("login"), reverse("admin:login")):
            with SpoolWatch(spool_dir) as watch:
                status, answer = raw_post(live_server.url, path, body, content_type)
            assert status == 413, answer[:500]
            assert "What you sent is too large." in answer
            assert watch.seen == set(), path

    def test_the_watch_sees_a_file_spooled_by_an_upload_form(self, live_server, spool_dir):
        # The admin's add form takes up to 20 MB; a 10 MB file part goes to disk while it is parsed.
        body, content_type = multipart(b"x" * (10 * MB), title="x")
        with SpoolWatch(spool_dir) as watch:
            status, _ = raw_post(live_server.url, reverse("admin:articles_article_add"), body, content_type)
        assert status != 413
        assert watch.seen, "a file part over FILE_UPLOAD_MAX_MEMORY_SIZE is spooled: the watch must see it"
