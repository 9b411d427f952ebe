"""Static files as production serves them: hashed names, gzip and Brotli, cached for a year."""

import re

import pytest
from django.core.files.storage import storages
from django.test import Client, override_settings
from whitenoise.storage import CompressedManifestStaticFilesStorage

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "newsportal.static_storage.StaticFilesStorage"},
}


@pytest.fixture
def collected(static_root):
    """What a production collectstatic wrote (newsportal/tests/conftest.py: once a run)."""
    return static_root


def test_collectstatic_writes_hashed_names_with_gzip_and_brotli_variants(collected):
    hashed = [path for path in (collected / "css").iterdir() if re.fullmatch(r"site\.[0-9a-f]{12}\.css", path.name)]
    assert hashed, "site.css gets a content-hashed name"
    assert hashed[0].with_name(hashed[0].name + ".gz").exists()
    assert hashed[0].with_name(hashed[0].name + ".br").exists()


@pytest.mark.django_db
def test_pages_link_hashed_files_served_compressed_for_a_year(collected):
    with override_settings(STATIC_ROOT=collected, STORAGES=MANIFEST_STORAGES):
        client = Client()
        html = client.get("/").content.decode()
        url = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
        response = client.get(url, headers={"accept-encoding": "br, gzip"})
        assert response.status_code == 200
        assert response["Content-Encoding"] == "br"
        assert "max-age=315360000" in response["Cache-Control"]
        assert "immutable" in response["Cache-Control"]
        b"".join(response.streaming_content)
        response.close()


def test_the_sites_storage_gives_whitenoises_addresses_and_refuses_a_missing_name_every_time(collected):
    with override_settings(STATIC_ROOT=collected, STORAGES=MANIFEST_STORAGES):
        storage = storages["staticfiles"]
        whitenoise = CompressedManifestStaticFilesStorage()
        names = ["css/site.css", "js/comments.js", "img/logo.svg", "css/site.css#top", "img/", "css/site.css"]
        for name in names:
            assert storage.url(name) == whitenoise.url(name), name
        assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", storage.url("css/site.css"))
        for _ in range(2):
            with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
                storage.url("css/no-such-file.css")
        assert storage.url("css/site.css", force=True) == whitenoise.url("css/site.css", force=True)
