"""The Editors and Authors groups hold exactly the permissions their roles need."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from accounts.roles import AUTHORS, EDITORS, grant_role_permissions_after_migrate
from articles.tests.factories import make_user

pytestmark = pytest.mark.django_db


def codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


def test_editors_hold_every_content_permission_including_publishing():
    held = codenames(EDITORS)
    article_permissions = Permission.objects.filter(content_type__app_label="articles")
    every_article_permission = {
        f"articles.{codename}" for codename in article_permissions.values_list("codename", flat=True)
    }
    assert every_article_permission <= held
    assert {"articles.publish_article", "articles.edit_all_articles", "articles.change_category"} <= held


def test_editors_moderate_comments_when_the_comments_app_has_them():
    comment_permissions = set(
        Permission.objects.filter(content_type__app_label="comments").values_list("codename", flat=True)
    )
    assert {f"comments.{codename}" for codename in comment_permissions} <= codenames(EDITORS)


def test_authors_write_but_neither_publish_nor_see_others_nor_manage_sections():
    held = codenames(AUTHORS)
    assert {"articles.add_article", "articles.change_article", "articles.view_category"} <= held
    assert "articles.publish_article" not in held
    assert "articles.edit_all_articles" not in held
    # They see authors (to name a co-author), never change one.
    assert not {p for p in held if p.startswith("articles.") and p.endswith(("_category", "_topic", "_author"))} - {
        "articles.view_category",
        "articles.view_topic",
        "articles.view_author",
    }


def test_authors_hold_no_comment_permission():
    assert not [p for p in codenames(AUTHORS) if p.startswith("comments.")]
    author = make_user(groups=[AUTHORS])
    for codename in Permission.objects.filter(content_type__app_label="comments").values_list("codename", flat=True):
        assert not author.has_perm(f"comments.{codename}")


def test_an_author_cannot_reach_comment_moderation(client):
    try:
        url = reverse("admin:comments_comment_changelist")
    except NoReverseMatch:
        pytest.skip("the comments app has no admin in this build")
    client.force_login(make_user(groups=[AUTHORS]))
    assert client.get(url).status_code == 403


def test_permissions_created_after_the_groups_are_granted_after_the_next_migrate():
    """A comments app migrated later: its permissions reach Editors, never Authors."""
    content_type, _ = ContentType.objects.get_or_create(app_label="comments", model="comment")
    late, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="moderate_late_comment", defaults={"name": "Can moderate late"}
    )
    Group.objects.get(name=EDITORS).permissions.remove(late)
    assert "comments.moderate_late_comment" not in codenames(EDITORS)
    grant_role_permissions_after_migrate(sender=apps.get_app_config("accounts"), using="default")
    assert "comments.moderate_late_comment" in codenames(EDITORS)
    assert "comments.moderate_late_comment" not in codenames(AUTHORS)


def test_granting_again_keeps_what_an_administrator_added():
    extra = Permission.objects.get(codename="view_user")
    Group.objects.get(name=AUTHORS).permissions.add(extra)
    grant_role_permissions_after_migrate(sender=apps.get_app_config("accounts"), using="default")
    assert "auth.view_user" in codenames(AUTHORS)
