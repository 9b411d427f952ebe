"""The article admin: what editors and authors may do, and that it stays fast with many articles."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article

from .factories import (
    article_form_data,
    make_article,
    make_author,
    make_category,
    make_draft,
    make_faq,
    make_scheduled,
    make_topic,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def delete_url(article):
    return reverse("admin:articles_article_delete", args=[article.pk])


def own_article(user, **fields):
    return make_draft(author=user.author_profile, **fields)


def run_action(client, action, articles):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [a.pk for a in articles], "index": "0"}, follow=True
    )


class TestEditors:
    def test_the_admin_carries_the_newsroom_name(self, client, editor):
        client.force_login(editor)
        html = client.get(reverse("admin:index")).content.decode()
        assert "BBN – Big Big News newsroom" in html

    def test_the_list_shows_every_article_with_its_state(self, client, editor):
        client.force_login(editor)
        make_article(title="Live story")
        make_draft(title="Draft story")
        make_scheduled(title="Future story")
        make_article(title="Waiting story", status=Article.Status.REVIEW)
        html = client.get(CHANGELIST).content.decode()
        for title in ("Live story", "Draft story", "Future story", "Waiting story"):
            assert title in html
        assert "Scheduled for" in html
        assert "Submitted for review" in html
        assert ">Draft<" in html

    def test_the_state_filter_finds_scheduled_articles(self, client, editor):
        client.force_login(editor)
        make_article(title="Live story")
        make_scheduled(title="Future story")
        html = client.get(CHANGELIST, {"state": "scheduled"}).content.decode()
        assert "Future story" in html
        assert "Live story" not in html

    def test_the_change_form_has_the_newsroom_fieldsets_and_the_body_editor(self, client, editor):
        client.force_login(editor)
        article = make_article()
        html = client.get(change_url(article)).content.decode()
        for legend in ("Content", "Publishing", "Image", "Discussion"):
            assert re.search(rf"<h2[^>]*>\s*{legend}\s*</h2>", html), legend
        assert "data-body-editor" in html
        assert "js/body-editor.js" in html
        assert "View on site" in html
        assert "Frequently asked questions" in html

    def test_the_change_form_runs_no_inline_script(self, client, editor):
        """The admin works under the site's Content-Security-Policy (default-src 'self')."""
        client.force_login(editor)
        article = make_article(body="<p>Hello</p>")
        response = client.get(change_url(article))
        assert "default-src 'self'" in response["Content-Security-Policy"]
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            assert "src=" in tag or 'type="application/json"' in tag, tag

    def test_a_change_form_does_not_list_every_category_or_author(self, client, editor):
        """Foreign keys are picked by search, so 10,000 rows never become 10,000 <option>s."""
        client.force_login(editor)
        article = make_article()
        for n in range(5):
            make_category(name=f"Unchosen section {n}")
            make_author(name=f"Unchosen writer {n}")
            make_topic(name=f"Unchosen topic {n}")
        html = client.get(change_url(article)).content.decode()
        assert "Unchosen" not in html
        assert article.category.name in html

    def test_the_list_costs_the_same_queries_for_1_or_30_articles(self, client, editor):
        """list_select_related: author and category come in the list's own query, not one per row."""
        client.force_login(editor)
        author, category = make_author(), make_category()

        def list_queries():
            client.get(CHANGELIST)  # warms the session and the cached site chrome
            with CaptureQueriesContext(connection) as queries:
                response = client.get(CHANGELIST)
            assert response.status_code == 200
            return len(queries), response.content.decode()

        make_article(author=author, category=category, title="Row 0")
        one, _ = list_queries()
        for n in range(1, 30):
            make_article(author=author, category=category, title=f"Row {n}")
        thirty, html = list_queries()
        assert html.count('class="field-title"') == 30
        assert thirty == one

    def test_publish_makes_drafts_public_now_and_keeps_a_future_time(self, client, editor):
        client.force_login(editor)
        started = timezone.now() - timedelta(days=3)
        draft = make_draft(published_at=started)
        future = timezone.now() + timedelta(days=2)
        planned = make_draft(published_at=future)
        response = run_action(client, "publish", [draft, planned])
        assert "2 articles published" in response.content.decode()
        draft.refresh_from_db()
        planned.refresh_from_db()
        assert draft.status == planned.status == Article.Status.PUBLISHED
        assert draft.published_at > started + timedelta(days=2)
        assert draft.is_public
        assert planned.published_at == future
        assert not planned.is_public

    def test_publish_leaves_an_article_already_live_at_its_time(self, client, editor):
        client.force_login(editor)
        live = make_article()
        before = live.published_at
        run_action(client, "publish", [live])
        live.refresh_from_db()
        assert live.published_at == before

    def test_unpublish_and_editors_pick_actions(self, client, editor):
        client.force_login(editor)
        article = make_article()
        run_action(client, "mark_editors_pick", [article])
        article.refresh_from_db()
        assert article.is_editors_pick
        run_action(client, "unmark_editors_pick", [article])
        article.refresh_from_db()
        assert not article.is_editors_pick
        run_action(client, "unpublish", [article])
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
        assert client.get(article.get_absolute_url()).status_code == 200  # preview for the editor
        client.logout()
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_a_bulk_action_is_seen_by_readers_at_once(self, client, editor, django_capture_on_commit_callbacks):
        """The action goes through the article services, which announce the change once it commits."""
        draft = make_draft(title="Fresh from the desk")
        assert "Fresh from the desk" not in client.get("/").content.decode()  # now cached
        client.force_login(editor)
        with django_capture_on_commit_callbacks(execute=True):
            run_action(client, "publish", [draft])
        client.logout()
        assert "Fresh from the desk" in client.get("/").content.decode()

    def test_an_editor_can_write_for_any_author(self, client, editor):
        client.force_login(editor)
        author, category = make_author(), make_category()
        data = article_form_data(
            title="An editor's story", slug="an-editors-story", author=author.pk, category=category.pk,
            status="published", body='<p onclick="x()">Text</p>',
        )  # fmt: skip
        response = client.post(ADD, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        article = Article.objects.get(slug="an-editors-story")
        assert article.author == author
        assert article.status == Article.Status.PUBLISHED
        assert article.body == "<p>Text</p>"


class TestAuthors:
    def test_an_author_lists_only_their_own_articles(self, client, writer, other_writer):
        mine = own_article(writer, title="My own story")
        make_draft(author=other_writer.author_profile, title="Somebody else's story")
        client.force_login(writer)
        html = client.get(CHANGELIST).content.decode()
        assert mine.title in html
        assert "Somebody else" not in html

    def test_an_author_cannot_open_change_or_delete_another_authors_article(self, client, writer, other_writer):
        theirs = make_draft(author=other_writer.author_profile, title="Theirs")
        client.force_login(writer)
        for url in (change_url(theirs), delete_url(theirs)):
            response = client.get(url)
            assert response.status_code in (302, 403, 404), url
            assert "Theirs" not in response.content.decode()
        client.post(change_url(theirs), article_form_data(theirs, title="Hijacked"))
        client.post(delete_url(theirs), {"post": "yes"})
        theirs.refresh_from_db()
        assert theirs.title == "Theirs"

    def test_an_author_writes_drafts_under_their_own_name_whatever_the_form_says(self, client, writer, other_writer):
        client.force_login(writer)
        category = make_category()
        data = article_form_data(
            title="Mine", slug="mine", author=other_writer.author_profile.pk, category=category.pk
        )
        response = client.post(ADD, data)
        assert response.status_code == 302
        article = Article.objects.get(slug="mine")
        assert article.author == writer.author_profile
        assert article.status == Article.Status.DRAFT

    def test_an_author_can_submit_for_review_but_not_publish(self, client, writer):
        article = own_article(writer)
        client.force_login(writer)
        response = client.post(change_url(article), article_form_data(article, status="published"))
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT
        response = client.post(change_url(article), article_form_data(article, status="review"))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Article.Status.REVIEW

    def test_an_author_cannot_pick_editors_picks(self, client, writer):
        article = own_article(writer)
        client.force_login(writer)
        client.post(change_url(article), article_form_data(article, is_editors_pick="on"))
        article.refresh_from_db()
        assert not article.is_editors_pick

    def test_an_author_has_no_publishing_or_bulk_delete_actions(self, client, writer):
        article = own_article(writer)
        client.force_login(writer)
        html = client.get(CHANGELIST).content.decode()
        for action in ("publish", "unpublish", "mark_editors_pick", "delete_selected"):
            assert f'value="{action}"' not in html
        run_action(client, "publish", [article])
        run_action(client, "delete_selected", [article])
        article.refresh_from_db()
        assert article.status == Article.Status.DRAFT

    def test_once_published_an_authors_article_is_read_only_to_them(self, client, writer):
        article = make_article(author=writer.author_profile, title="Out in the world")
        client.force_login(writer)
        page = client.get(change_url(article))
        assert page.status_code == 200
        assert 'name="title"' not in page.content.decode()
        response = client.post(change_url(article), article_form_data(article, title="Quietly changed"))
        assert response.status_code == 403
        assert client.post(delete_url(article), {"post": "yes"}).status_code == 403
        article.refresh_from_db()
        assert article.title == "Out in the world"

    def test_an_author_edits_and_deletes_their_own_draft_with_its_faqs(self, client, writer):
        article = own_article(writer, title="Before")
        make_faq(article, question="Kept?")
        client.force_login(writer)
        response = client.post(change_url(article), article_form_data(article, title="After"))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.title == "After"
        assert article.faqs.count() == 1
        assert client.post(delete_url(article), {"post": "yes"}).status_code == 302
        assert not Article.objects.filter(pk=article.pk).exists()

    def test_an_author_picks_sections_by_search(self, client, writer):
        make_category(name="Politics", slug="politics")
        client.force_login(writer)
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "articles", "model_name": "article", "field_name": "category", "term": "Pol"},
        )
        assert response.status_code == 200
        assert [item["text"] for item in response.json()["results"]] == ["Politics"]

    def test_a_user_without_an_author_profile_cannot_add_as_an_author(self, client, django_user_model):
        from accounts.roles import AUTHORS

        from .factories import make_user

        client.force_login(make_user(groups=[AUTHORS]))
        assert client.get(ADD).status_code == 403


def view_on_site_url(obj):
    from django.contrib.contenttypes.models import ContentType

    return reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(obj).pk, obj.pk])


class TestViewOnSite:
    """The admin's /r/<content type>/<id>/ shortcut gives an address only to who may see the object."""

    def test_an_author_gets_no_address_of_another_authors_embargoed_article(self, client, writer, other_writer):
        scheduled = make_scheduled(author=other_writer.author_profile, slug="embargoed-scoop")
        draft = make_draft(author=other_writer.author_profile, slug="secret-draft")
        client.force_login(writer)
        for article in (scheduled, draft):
            response = client.get(view_on_site_url(article))
            assert response.status_code == 404
            assert article.slug not in response.content.decode()
            assert "Location" not in response.headers

    def test_an_unknown_object_looks_the_same_as_a_hidden_one(self, client, writer, other_writer):
        hidden = make_scheduled(author=other_writer.author_profile)
        client.force_login(writer)
        missing = client.get(view_on_site_url(hidden).replace(f"/{hidden.pk}/", "/987654/"))
        assert missing.status_code == client.get(view_on_site_url(hidden)).status_code == 404
        assert client.get(view_on_site_url(hidden).replace(f"/{hidden.pk}/", "/not-a-number/")).status_code == 404
        assert client.get(reverse("admin:view_on_site", args=[987654, hidden.pk])).status_code == 404

    def test_an_author_is_sent_to_their_own_article(self, client, writer):
        mine = own_article(writer, slug="my-draft")
        client.force_login(writer)
        response = client.get(view_on_site_url(mine))
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/my-draft/")

    def test_an_author_gets_no_address_of_an_object_outside_their_role(self, client, writer, other_writer):
        from pages.models import Page
        from pages.services import page_save

        page = page_save(page=Page(title="Staff handbook", slug="staff-handbook"))
        client.force_login(writer)
        # Authors may not view the site's pages in the admin: a model they may not view is hidden too.
        assert client.get(view_on_site_url(page)).status_code == 404

    def test_an_editor_is_sent_to_every_article(self, client, editor, other_writer):
        scheduled = make_scheduled(author=other_writer.author_profile, slug="embargoed-scoop")
        client.force_login(editor)
        response = client.get(view_on_site_url(scheduled))
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/embargoed-scoop/")

    def test_a_reader_is_sent_to_sign_in(self, client, other_writer):
        from .factories import make_user

        scheduled = make_scheduled(author=other_writer.author_profile, slug="embargoed-scoop")
        client.force_login(make_user())
        response = client.get(view_on_site_url(scheduled))
        assert response.status_code == 302
        assert "embargoed-scoop" not in response.headers["Location"]
        assert "/login/" in response.headers["Location"]
