"""HTTP through a proxy in front of Django's live server, and what reached Django behind it.

Shared by the tests of docs/nginx.conf and docs/varnish.vcl: each test talks
HTTP to the proxy, and Django's request_started signal records what the
proxy asked of Django, so an answer from the proxy's cache can be told from
one Django made.
"""

import gzip
import http.client
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode


class Answer:
    def __init__(self, response, body, cache_header):
        self.status = response.status
        self.reason = response.reason
        self.headers = response.headers
        self.body = body
        self.cache_header = cache_header

    @property
    def cache(self):
        """What the proxy says of its cache: MISS, HIT, …"""
        return self.headers.get(self.cache_header)

    @property
    def page(self):
        """The body as text, decompressed when it came gzipped."""
        body = gzip.decompress(self.body) if self.headers.get("Content-Encoding") == "gzip" else self.body
        return body.decode()

    def all(self, name):
        return self.headers.get_all(name) or []

    def cookies(self):
        jar = SimpleCookie()
        for header in self.all("Set-Cookie"):
            jar.load(header)
        return {name: morsel.value for name, morsel in jar.items()}


class ProxiedSite:
    """The site through the proxy listening on `port`, which names its cache's verdict in `cache_header`."""

    def __init__(self, port, *, cache_header):
        self.port = port
        self.cache_header = cache_header
        self.reached = []
        self._lock = threading.Lock()

    def record(self, sender, environ, **kwargs):
        with self._lock:
            self.reached.append(
                {
                    "method": environ["REQUEST_METHOD"],
                    "path": environ["PATH_INFO"],
                    "query": environ.get("QUERY_STRING", ""),
                    "at": time.monotonic(),
                }
                | {key: value for key, value in environ.items() if key.startswith("HTTP_")}
            )

    def request(self, method, path, *, headers=None, cookies=None, form=None, source="127.0.0.1"):
        headers = dict(headers or {})
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10, source_address=(source, 0))
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Answer(response, response.read(), self.cache_header)
        finally:
            connection.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, form, **kwargs):
        return self.request("POST", path, form=form, **kwargs)

    def reached_django(self, path, method="GET"):
        """The requests for `path` Django was asked for (as the proxy sent them)."""
        with self._lock:
            return [seen for seen in self.reached if seen["path"] == path and seen["method"] == method]
