"""A full disk while an editor replaces a picture: the live article keeps its pictures, the editor their form.

The disk is articles/tests/full_disk.FillingDisk, a real FileSystemStorage in
a temporary directory that fills up when told to, never the real disk.
"""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse

from articles import services
from articles.admin import ArticleAdmin
from articles.images import ImageStorageError
from articles.models import Article

from .factories import article_form_data, make_article, make_author, make_category, make_jpeg

pytestmark = pytest.mark.django_db

NOT_STORED = "The image could not be stored: the server&#x27;s disk is full."


@pytest.fixture
def disk(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "articles.tests.full_disk.FillingDisk", "OPTIONS": {"location": str(tmp_path)}},
    }
    storage = storages["default"]
    storage.root = tmp_path
    return storage


def files_on(disk):
    return sorted(str(path.relative_to(disk.root)) for path in disk.root.rglob("*") if path.is_file())


def referenced_files(article):
    return sorted([article.featured_image.name] + [item["name"] for item in article.image_renditions["renditions"]])


def upload(name, size=(1600, 900)):
    return SimpleUploadedFile(name, make_jpeg(*size), content_type="image/jpeg")


def post_change(client, article, **fields):
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_form_data(article, **fields)
    )


@pytest.fixture
def live_article(client, editor, disk, django_capture_on_commit_callbacks):
    """A published article with a picture and its renditions, uploaded through the admin with room to spare."""
    article = make_article(title="The harbour reopens")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(client, article, featured_image=upload("harbour.jpg"), featured_image_alt="The harbour")
    assert response.status_code == 302
    article.refresh_from_db()
    assert len(article.image_renditions["renditions"]) == 5
    assert files_on(disk) == referenced_files(article)
    return article


def state(article):
    article = Article.objects.get(pk=article.pk)
    return article.title, article.featured_image.name, article.image_renditions


@pytest.mark.parametrize(
    "fill_up",
    [
        pytest.param({"room": 1000}, id="while-storing-the-original"),
        # The original and two renditions fit; the third is cut off half-way.
        pytest.param({"saves_left": 3}, id="in-the-middle-of-the-renditions"),
    ],
)
def test_a_full_disk_keeps_the_live_pictures_and_the_editors_changes(client, live_article, disk, fill_up):
    before, files_before = state(live_article), files_on(disk)
    for name, value in fill_up.items():
        setattr(disk, name, value)

    response = post_change(
        client, live_article, title="The harbour reopens at last", featured_image=upload("dawn.jpg", (1300, 731))
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert NOT_STORED in html and "your other changes are still in this form" in html
    assert "Traceback" not in html and "Errno" not in html
    form = response.context["adminform"].form
    assert list(form.errors) == ["featured_image"]
    assert form["title"].value() == "The harbour reopens at last"
    assert 'value="The harbour reopens at last"' in html
    # Nothing saved, nothing partial left, the live pictures all there and still the ones recorded.
    assert state(live_article) == before
    assert files_on(disk) == files_before == referenced_files(Article.objects.get(pk=live_article.pk))


def test_the_editor_saves_once_there_is_room_again(client, live_article, disk, django_capture_on_commit_callbacks):
    disk.room = 1000
    assert post_change(client, live_article, featured_image=upload("dawn.jpg")).status_code == 200
    disk.room = None
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(client, live_article, featured_image=upload("dawn.jpg"), title="Dawn")
    assert response.status_code == 302
    article = Article.objects.get(pk=live_article.pk)
    assert article.title == "Dawn" and "dawn" in article.featured_image.name
    assert files_on(disk) == referenced_files(article)


def test_a_new_article_on_a_full_disk_is_not_created_and_its_form_is_kept(client, editor, disk):
    client.force_login(editor)
    disk.saves_left = 2
    data = article_form_data(
        title="A story with a picture",
        slug="a-story-with-a-picture",
        author=make_author().pk,
        category=make_category().pk,
        featured_image=upload("new.jpg"),
        featured_image_alt="Boats",
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert NOT_STORED in response.content.decode()
    assert response.context["adminform"].form["title"].value() == "A story with a picture"
    assert not Article.objects.filter(slug="a-story-with-a-picture").exists()
    assert files_on(disk) == []


def test_a_replaced_picture_is_deleted_only_after_the_change_commits(
    client, live_article, disk, django_capture_on_commit_callbacks
):
    old_files = files_on(disk)
    with django_capture_on_commit_callbacks() as after_commit:
        response = post_change(client, live_article, featured_image=upload("dawn.jpg", (1300, 731)))
    assert response.status_code == 302
    article = Article.objects.get(pk=live_article.pk)
    new_files = referenced_files(article)
    assert not set(new_files) & set(old_files), "new files never overwrite the live ones"
    # Until the commit, readers may still be served the old page: its files are all there.
    assert files_on(disk) == sorted(old_files + new_files)

    for callback in after_commit:
        callback()
    assert files_on(disk) == new_files


def test_a_cleared_picture_is_deleted_after_the_change_commits(
    client, live_article, disk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(client, live_article, **{"featured_image-clear": "on"})
    assert response.status_code == 302
    article = Article.objects.get(pk=live_article.pk)
    assert not article.featured_image and article.image_renditions == {}
    assert files_on(disk) == []


def test_a_rollback_after_the_files_were_written_takes_them_away(client, live_article, disk, monkeypatch):
    before, files_before = state(live_article), files_on(disk)

    def log_change(*args, **kwargs):
        raise DatabaseError("the admin log could not be written")

    monkeypatch.setattr(ArticleAdmin, "log_change", log_change)
    with pytest.raises(DatabaseError):
        post_change(client, live_article, featured_image=upload("dawn.jpg"), title="Dawn")
    assert state(live_article) == before
    assert files_on(disk) == files_before


def test_remaking_renditions_on_a_full_disk_keeps_the_old_ones(live_article, disk):
    article = Article.objects.get(pk=live_article.pk)
    before, files_before = article.image_renditions, files_on(disk)
    disk.saves_left = 2
    with pytest.raises(ImageStorageError) as raised:
        services.article_remake_renditions(article=article, force=True)
    assert "disk is full" in raised.value.message
    assert article.image_renditions == before
    assert state(article)[2] == before
    assert files_on(disk) == files_before
