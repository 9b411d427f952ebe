"""Revisions: every change made through the article services is kept, compared and restorable in the admin."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from articles import revisions, services
from articles.models import Article

from .factories import (
    article_form_data,
    image_upload,
    make_article,
    make_draft,
    make_faq,
    make_related_link,
    make_topic,
)

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article, old=None, new=None):
    url = reverse("admin:articles_article_compare", args=[article.pk])
    query = "&".join(f"{name}={version.pk}" for name, version in (("old", old), ("new", new)) if version)
    return f"{url}?{query}" if query else url


def restore_url(article, version):
    return reverse("admin:articles_article_restore", args=[article.pk, version.pk])


def kept(article):
    """The article's versions, newest first."""
    return list(revisions.article_versions(article.pk))


def inline_forms(prefix, rows):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for number, row in enumerate(rows):
        data.update({f"{prefix}-{number}-{name}": value for name, value in row.items()})
    return data


def save_in_admin(client, article, **fields):
    article.refresh_from_db()
    response = client.post(change_url(article), article_form_data(article, **fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    return response


class TestKeeping:
    def test_an_admin_save_keeps_the_article_as_it_was_and_as_it_became_with_who(self, client, editor):
        article = make_article(title="Before", body="<p>Old words.</p>")
        make_faq(article, question="Why before?")
        client.force_login(editor)
        topic = make_topic(name="Harbours")
        save_in_admin(
            client,
            article,
            title="After",
            body="<p>New words.</p>",
            excerpt="A new excerpt.",
            tags=[topic.pk],
            **inline_forms(
                "related_links", [{"title": "Port records", "url": "https://example.org/port", "position": 1}]
            ),
        )
        latest, baseline = kept(article)
        assert baseline.field_dict["title"] == "Before"
        assert baseline.revision.user is None
        assert latest.revision.user == editor
        values = latest.field_dict
        assert (values["title"], values["body"], values["excerpt"]) == ("After", "<p>New words.</p>", "A new excerpt.")
        assert values["tags"] == [topic.pk]
        # The FAQ is kept with both; the new link only with the change.
        for version in (baseline, latest):
            assert [faq["question"] for faq in revisions.related_versions(version, article.faqs.model)] == [
                "Why before?"
            ]
        assert revisions.related_versions(baseline, article.related_links.model) == []
        assert [link["title"] for link in revisions.related_versions(latest, article.related_links.model)] == [
            "Port records"
        ]

    def test_counted_and_derived_columns_are_not_kept(self, editor):
        article = make_draft()
        services.article_save(article=article, user=editor)
        assert (
            not {"comment_count", "image_renditions", "updated_at", "created_at"} & kept(article)[0].field_dict.keys()
        )

    def test_publishing_unpublishing_and_picks_keep_a_revision_each_with_who(self, client, editor):
        draft = make_draft()
        client.force_login(editor)
        changelist = reverse("admin:articles_article_changelist")
        for action in ["publish", "mark_editors_pick", "unmark_editors_pick", "unpublish"]:
            client.post(changelist, {"action": action, "_selected_action": [draft.pk], "index": "0"})
        versions = kept(draft)
        assert [v.revision.comment for v in versions] == [
            "Unpublished",
            "Removed from Editors' Picks",
            "Made an Editors' Pick",
            "Published",
            "As it was before its first revision",
        ]
        assert {v.revision.user for v in versions[:4]} == {editor}
        assert versions[3].field_dict["status"] == Article.Status.PUBLISHED
        assert versions[0].field_dict["status"] == Article.Status.DRAFT

    def test_a_change_by_a_bulk_writer_is_kept_before_the_next_change(self, editor):
        article = make_article(title="Kept once")
        services.article_save(article=article, user=editor)
        Article.objects.filter(pk=article.pk).update(title="Imported again")
        services.articles_changed([article.pk])
        article.refresh_from_db()
        article.title = "Edited after the import"
        services.article_save(article=article, user=editor)
        titles = [(v.field_dict["title"], v.revision.comment) for v in kept(article)]
        assert titles[:2] == [
            ("Edited after the import", "Changed"),
            ("Imported again", "As changed without a revision (an import or a command)"),
        ]
        services.article_save(article=article, user=editor)
        assert len(kept(article)) == 5  # no second copy of the import: the newest revision is current

    def test_a_change_by_a_command_is_kept_without_a_user(self):
        article = make_article()
        article.title = "Retitled by a command"
        services.article_save(article=article)
        assert kept(article)[0].revision.user is None
        assert kept(article)[0].field_dict["title"] == "Retitled by a command"


class TestHistoryAndDiff:
    def test_the_history_lists_every_revision_with_who_and_when(self, client, editor):
        article = make_article(title="First")
        client.force_login(editor)
        save_in_admin(client, article, title="Second")
        page = client.get(history_url(article)).content.decode()
        assert "Edna Editor" in page
        assert "As it was before its first revision" in page
        assert page.count('name="old"') == 2
        assert reverse("admin:articles_article_restore", args=[article.pk, kept(article)[1].pk]) in page

    def test_the_diff_shows_both_sides_with_changed_lines_and_words_marked(self, client, editor):
        article = make_article(
            title="Harbour opens", body="<p>The harbour opens on Monday.</p><p>Ships wait.</p><p>Unchanged end.</p>"
        )
        client.force_login(editor)
        save_in_admin(
            client,
            article,
            title="Harbour opens late",
            body="<p>The harbour opens on Friday.</p><p>Ships wait.</p><p>Unchanged end.</p><p>A new line.</p>",
        )
        new, old = kept(article)
        page = client.get(compare_url(article, old, new)).content.decode()
        assert page.count('class="revision-diff__table"') == 2  # the title and the body; nothing else changed
        # The body as escaped HTML source, one paragraph a line, the changed word marked on each side.
        assert "&lt;p&gt;The harbour opens on <del>Monday.&lt;/p&gt;</del>&lt;" not in page
        assert re.search(r"<del>Monday\.&lt;/p&gt;</del>", page)
        assert re.search(r"<ins>Friday\.&lt;/p&gt;</ins>", page)
        assert "revision-diff__row--added" in page and "<ins>&lt;p&gt;A new line.&lt;/p&gt;</ins>" in page
        assert "revision-diff__row--changed" in page

    def test_the_diff_escapes_everything(self, client, editor):
        article = make_article(title="Quiet")
        client.force_login(editor)
        save_in_admin(
            client,
            article,
            title='<script>alert("title")</script>',
            excerpt="<img src=x onerror=alert(1)>",
            **inline_forms(
                "faqs", [{"question": "<b>bold?</b>", "answer": "<script>alert(2)</script>", "position": 1}]
            ),
        )
        new, old = kept(article)
        page = client.get(compare_url(article, old, new)).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page
        assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in page
        assert "&lt;img src=x onerror=alert(1)&gt;" in page
        assert "&lt;b&gt;bold?&lt;/b&gt;" in page

    def test_unknown_revisions_get_a_clear_answer(self, client, editor):
        article, other = make_article(), make_article()
        services.article_save(article=other, user=editor)
        client.force_login(editor)
        response = client.get(compare_url(article, kept(other)[0]), follow=True)
        assert "not revisions of this article" in response.content.decode()
        response = client.get(compare_url(article) + "?old=abc", follow=True)
        assert response.status_code == 200


class TestRestoring:
    def test_restoring_brings_the_text_faqs_and_links_back_as_a_new_announced_revision(
        self, client, editor, django_capture_on_commit_callbacks
    ):
        article = make_article(title="The original headline", body="<p>Original.</p>", slug="restored")
        make_faq(article, question="Original question?")
        make_related_link(article, title="Original link")
        client.force_login(editor)
        save_in_admin(client, article, title="A worse headline", body="<p>Worse.</p>")
        client.logout()
        assert "A worse headline" in client.get(article.get_absolute_url()).content.decode()  # now cached
        client.force_login(editor)
        baseline = kept(article)[1]
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(restore_url(article, baseline), {"edit_version": article.edit_version})
        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.title, article.body) == ("The original headline", "<p>Original.</p>")
        assert article.status == Article.Status.PUBLISHED
        assert [faq.question for faq in article.faqs.all()] == ["Original question?"]
        assert [link.title for link in article.related_links.all()] == ["Original link"]
        latest = kept(article)[0]
        assert len(kept(article)) == 3
        assert latest.revision.comment.startswith("Restored the revision of")
        assert latest.revision.user == editor
        client.logout()
        assert "The original headline" in client.get(article.get_absolute_url()).content.decode()

    def test_restoring_leaves_the_workflow_where_it_is(self, editor):
        draft = make_draft(title="Drafted", slug="drafted")
        services.article_save(article=draft, user=editor)
        services.article_publish(articles=Article.objects.filter(pk=draft.pk), user=editor)
        draft.refresh_from_db()
        draft.title = "Retitled"
        services.article_save(article=draft, user=editor)
        services.article_restore(article=draft, version=kept(draft)[-1], user=editor)
        draft.refresh_from_db()
        assert (draft.title, draft.status, draft.slug) == ("Drafted", Article.Status.PUBLISHED, "drafted")

    def test_the_restore_page_shows_what_would_change(self, client, editor):
        article = make_article(title="Kept title")
        client.force_login(editor)
        save_in_admin(client, article, title="Changed title")
        page = client.get(restore_url(article, kept(article)[1])).content.decode()
        assert re.search(r"<del>Changed</del> title", page) and re.search(r"<ins>Kept</ins> title", page)
        assert 'name="edit_version"' in page

    def test_a_restore_over_a_newer_change_is_refused(self, client, editor):
        article = make_article(title="One")
        client.force_login(editor)
        save_in_admin(client, article, title="Two")
        opened_at = article.edit_version
        save_in_admin(client, article, title="Three")
        response = client.post(restore_url(article, kept(article)[2]), {"edit_version": opened_at}, follow=True)
        assert "Not saved" in response.content.decode()
        article.refresh_from_db()
        assert article.title == "Three"

    def test_a_picture_no_longer_stored_is_not_restored(
        self, client, editor, media_root, django_capture_on_commit_callbacks
    ):
        article = make_article(title="With a picture")
        client.force_login(editor)
        save_in_admin(client, article, featured_image=image_upload("first.jpg"), featured_image_alt="The first")
        first = article.featured_image.name
        with django_capture_on_commit_callbacks(execute=True):
            save_in_admin(client, article, featured_image=image_upload("second.jpg"), featured_image_alt="The second")
        assert not article.featured_image.storage.exists(first)  # replaced pictures are deleted
        second = article.featured_image.name
        response = client.post(
            restore_url(article, kept(article)[1]), {"edit_version": article.edit_version}, follow=True
        )
        assert "kept as it is now: featured image" in response.content.decode()
        article.refresh_from_db()
        assert (article.featured_image.name, article.featured_image_alt) == (second, "The second")


class TestWhoSeesRevisions:
    def test_another_author_gets_404_for_history_diff_and_restore(self, client, writer, other_writer):
        draft = make_draft(author=writer.author_profile, title="Embargoed")
        services.article_save(article=draft, user=writer)
        version = kept(draft)[0]
        client.force_login(other_writer)
        assert client.get(history_url(draft)).status_code == 404
        assert client.get(compare_url(draft, version, version)).status_code == 404
        assert client.get(restore_url(draft, version)).status_code == 404
        assert client.post(restore_url(draft, version), {"edit_version": draft.edit_version}).status_code == 404
        assert client.post(reverse("admin:articles_article_presence", args=[draft.pk])).status_code == 404

    def test_an_author_sees_and_restores_their_own_draft(self, client, writer):
        draft = make_draft(author=writer.author_profile, title="My first try")
        client.force_login(writer)
        save_in_admin(client, draft, title="My second try")
        assert "My <del>first</del> try" in client.get(compare_url(draft)).content.decode()
        response = client.post(restore_url(draft, kept(draft)[1]), {"edit_version": draft.edit_version})
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.title == "My first try"

    def test_an_author_may_read_but_not_restore_their_published_article(self, client, writer, editor):
        article = make_article(author=writer.author_profile)
        article.title = "Edited by the desk"
        services.article_save(article=article, user=editor)
        client.force_login(writer)
        assert client.get(history_url(article)).status_code == 200
        assert "Restore" not in client.get(history_url(article)).content.decode()
        assert client.get(restore_url(article, kept(article)[1])).status_code == 403
        assert client.post(restore_url(article, kept(article)[1])).status_code == 403
        assert Version.objects.count() == 2  # the baseline and the desk's edit, nothing restored
