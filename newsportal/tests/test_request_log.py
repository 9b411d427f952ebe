"""Request ids and the one access line per request."""

import pytest

from newsportal.request_log import printable, request_id_from

pytestmark = pytest.mark.django_db


class TestRequestId:
    def test_a_sane_id_from_the_proxy_is_kept(self, client):
        for sane in ("lb-4711", "8f14e45f-ceea-467f-a8f5-1b2c3d4e5f60", "Root=1-67891233-abcdef012345678912345678"):
            assert client.get("/healthz", headers={"X-Request-ID": sane})["X-Request-ID"] == sane

    @pytest.mark.parametrize(
        "insane", ["", " ", "a b", "x" * 129, "id\r\nSet-Cookie: a=b", "<script>", "-starts-with-dash", "ümlaut"]
    )
    def test_anything_else_is_replaced_by_a_new_id(self, insane):
        new = request_id_from(insane)
        assert new != insane and len(new) == 32 and new.isalnum()

    def test_every_request_gets_an_id_even_without_a_proxy(self, client):
        first, second = client.get("/healthz")["X-Request-ID"], client.get("/healthz")["X-Request-ID"]
        assert len(first) == 32 and first != second


class TestAccessLine:
    def test_one_line_per_request_with_id_method_path_status_and_time(self, client, site_log):
        client.get("/no-such-page/?from=test", headers={"X-Request-ID": "req-1"})
        client.get("/healthz", headers={"X-Request-ID": "req-2"})
        lines = site_log.getvalue().splitlines()
        assert len(lines) == 2, lines
        assert "INFO newsportal.request [req-1] GET /no-such-page/?from=test 404 " in lines[0]
        assert lines[0].endswith('ms "127.0.0.1"')
        assert "[req-2] GET /healthz 200 2 " in lines[1]

    def test_a_server_error_adds_its_traceback(self, settings, site_log):
        from django.test import Client

        settings.ROOT_URLCONF = "newsportal.tests.outage_urls"
        Client(raise_request_exception=False).post("/test-only/broken/", headers={"X-Request-ID": "req-500"})
        log = site_log.getvalue()
        assert "ERROR django.request [req-500] Internal Server Error: /test-only/broken/" in log
        assert "Traceback (most recent call last)" in log
        assert "RuntimeError: a bug, not an outage" in log
        assert "INFO newsportal.request [req-500] POST /test-only/broken/ 500 " in log

    def test_what_a_client_sent_cannot_forge_log_lines(self):
        assert printable('/a\nINFO fake "line"\x1b[31m') == "/a\\x0aINFO fake \\x22line\\x22\\x1b[31m"
        assert printable("x" * 600).endswith("…") and len(printable("x" * 600)) == 501


class TestRefusedRequests:
    """A request Django refuses as suspicious is a 400, logged as a warning without a traceback."""

    @staticmethod
    def refused(client, site_log, **request):
        from django.test import Client

        client = Client(raise_request_exception=False)
        client.cookies["csrftoken"] = "a" * 32  # so that Django reads the body, looking for the form's token
        response = client.generic(**request, headers={"X-Request-ID": "req-400"})
        assert response.status_code == 400
        assert "We could not make sense of that request." in response.content.decode()
        return site_log.getvalue()

    @pytest.mark.parametrize(
        "kind, request_",
        [
            (
                "TooManyFieldsSent",
                {
                    "method": "POST",
                    "path": "/accounts/login/",
                    "data": "&".join(f"f{n}=x" for n in range(1001)),
                    "content_type": "application/x-www-form-urlencoded",
                },
            ),
            (
                "RequestDataTooBig",
                {
                    "method": "POST",
                    "path": "/accounts/login/",
                    "data": "comment=" + "x" * 2_700_000,
                    "content_type": "application/x-www-form-urlencoded",
                },
            ),
            (
                "TooManyFilesSent",
                {
                    "method": "POST",
                    "path": "/accounts/login/",
                    "data": "".join(
                        f'--b\r\nContent-Disposition: form-data; name="f{n}"; filename="f{n}.txt"\r\n\r\nx\r\n'
                        for n in range(101)
                    )
                    + "--b--\r\n",
                    "content_type": "multipart/form-data; boundary=b",
                },
            ),
            (
                "DisallowedHost",
                {"method": "GET", "path": "/", "SERVER_NAME": "evil.example", "HTTP_HOST": "evil.example"},
            ),
        ],
    )
    def test_each_kind_is_a_clean_400_and_a_warning(self, client, site_log, kind, request_):
        log = self.refused(client, site_log, **request_)
        assert f"WARNING django.security.{kind} [req-400]" in log, log
        assert "Traceback" not in log
        assert " ERROR " not in log
        assert "[req-400]" in log and " 400 " in log

    def test_a_server_error_still_has_its_traceback_at_error(self, settings, site_log):
        from django.test import Client

        settings.ROOT_URLCONF = "newsportal.tests.outage_urls"
        Client(raise_request_exception=False).post("/test-only/broken/")
        assert "ERROR django.request" in site_log.getvalue() and "Traceback" in site_log.getvalue()
