"""locale/: every string of the code has its Spanish, French and Arabic translation.

`.venv/bin/pytest newsportal/tests/test_catalogues.py` says which msgid is
missing or empty in which file; docs/languages.md tells how to add them.
"""

import shutil

import pytest

from newsportal import catalogues


@pytest.fixture(scope="module")
def messages():
    return catalogues.code_messages()


def test_the_code_has_strings_to_translate(messages):
    # A check that finds nothing to look for would pass whatever the catalogues say.
    assert len(messages["django"]) > 300


@pytest.mark.parametrize("language", catalogues.translated_languages())
def test_every_string_of_the_code_is_translated(messages, language):
    problems = catalogues.untranslated(language, messages)
    assert not problems, f"{len(problems)} problems; {catalogues.HOW_TO_FIX}\n" + "\n".join(problems)


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="msgfmt not found (apt-get install gettext)")
@pytest.mark.parametrize("language", catalogues.translated_languages())
def test_the_catalogues_compile_with_their_placeholders_and_plural_forms(language):
    assert not catalogues.msgfmt_errors(language)


def test_a_missing_or_empty_translation_is_named_with_its_file(messages, tmp_path, monkeypatch):
    """The check itself: an entry left empty in a copy of the catalogue is reported by its msgid."""
    import polib

    source = catalogues.catalogue_path("es", "django")
    catalogue = polib.pofile(str(source))
    emptied = next(entry for entry in catalogue if entry.msgid == "Latest News")
    emptied.msgstr = ""
    catalogue.remove(next(entry for entry in catalogue if entry.msgid == "Editors' Picks"))
    copy = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    copy.parent.mkdir(parents=True)
    catalogue.save(str(copy))
    monkeypatch.setattr(catalogues, "LOCALE", tmp_path)
    monkeypatch.setattr(catalogues.settings, "BASE_DIR", tmp_path)

    problems = catalogues.untranslated("es", {"django": messages["django"]})

    assert problems == [
        'es/LC_MESSAGES/django.po: msgid "Editors\' Picks" from templates/includes/footer.html is missing.',
        "es/LC_MESSAGES/django.po: msgid 'Latest News' from templates/includes/footer.html has an empty translation.",
    ]


def test_the_javascript_catalogue_is_a_script_at_an_address_that_changes_with_it(client, db):
    from django.urls import reverse

    from newsportal.views import javascript_catalog_version

    version = javascript_catalog_version("es")
    response = client.get(reverse("javascript-catalog", args=["es", version]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "immutable" in response["Cache-Control"]
    assert "django.gettext" in response.content.decode()
    # An old address leads to the current catalogue; a language the site does not have is a 404.
    old = client.get(reverse("javascript-catalog", args=["es", "0" * 12]))
    assert old.status_code == 302 and old["Location"].endswith(f"/{version}.js")
    assert client.get(reverse("javascript-catalog", args=["xx", version])).status_code == 404
