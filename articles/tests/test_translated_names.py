"""Categories, topics and authors' bios in every language (articles/translation.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Category

from .factories import make_author, make_category

pytestmark = pytest.mark.django_db


def test_a_name_reads_in_the_language_of_the_page_and_falls_back_to_english():
    category = make_category(name="World", name_es="Mundo")

    with translation.override("es"):
        assert Category.objects.get(pk=category.pk).name == "Mundo"
    with translation.override("fr"):
        # No French name yet: the English one rather than nothing.
        assert Category.objects.get(pk=category.pk).name == "World"
    assert Category.objects.get(pk=category.pk).name == "World"


def test_the_admin_edits_every_language_of_a_category_in_tabs(client, editor):
    client.force_login(editor)
    category = make_category(name="World", slug="world")
    url = reverse("admin:articles_category_change", args=[category.pk])

    form = client.get(url).content.decode()
    assert 'name="name_es"' in form and 'name="name_ar"' in form
    assert "js/translation-tabs.js" in form

    response = client.post(
        url,
        {
            "name_en": "World",
            "name_es": "Mundo",
            "name_fr": "Monde",
            "name_ar": "العالم",
            "slug": "world",
            "menu_order": "3",
            "description_en": "",
            "description_es": "",
            "description_fr": "",
            "description_ar": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert (category.name_en, category.name_es, category.name_fr, category.name_ar) == (
        "World",
        "Mundo",
        "Monde",
        "العالم",
    )


def test_an_authors_bio_is_translated_and_the_name_is_not():
    author = make_author(name="Ana Ruiz", bio="Covers politics.", bio_ar="تغطي السياسة.")

    with translation.override("ar"):
        assert (author.name, author.bio) == ("Ana Ruiz", "تغطي السياسة.")
