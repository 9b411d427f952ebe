"""Every change to articles, authors, categories and topics goes through here.

The admin, the importers and the management commands call these functions;
each runs in one transaction and announces, after it commits, exactly what
it changed (articles/freshness.py says which keys that is), so every cached
page and HTTP cache that shows it is dropped at once.

Every change of an article also keeps a revision of it (articles/revisions.py),
with the user who made it when the caller knows one, and moves its
`edit_version` on, so that a form opened before the change cannot overwrite it
unknowingly (`ArticleEditConflict`). Bulk writers (`articles_changed`) keep no
revision per row: the next change made here first keeps the article as they
left it.

Corrections and updates of published articles and breaking news are
written here too (`correction_add`, `correction_withdraw`,
`article_break_news`, `article_end_breaking_news`).
"""

import difflib
import os
from datetime import timedelta

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Case, F, Max, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from newsportal import freshness

from . import revisions
from .freshness import article_states, change_keys, in_language, schedule_changed
from .images import article_make_renditions, article_store_image, delete_images_on_commit, image_writes
from .models import FAQ, TRANSLATABLE_FIELDS, Article, Byline, Correction, LiveCoverage, LiveEntry, RelatedLink
from .sanitize import sanitize_note


class ArticleEditConflict(Exception):
    """The article was changed after the version the editor started from (`expected_version`)."""

    def __init__(self, article_id, expected_version):
        super().__init__(f"article {article_id} is no longer at edit version {expected_version}")
        self.article_id = article_id
        self.expected_version = expected_version


def _announce_article_changes(before, after):
    """`before` and `after` map article ids to their ArticleState (missing: new, or deleted).

    Each moved (or unknown: a bulk writer's) publication time is first copied into the article's
    bylines, which the author listings read their co-written articles' order from
    (Byline.article_published_at).
    """
    moved = [pk for pk, new in after.items() if pk not in before or before[pk].published_at != new.published_at]
    if moved:
        Byline.objects.filter(article_id__in=moved).update(
            article_published_at=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("published_at"))
        )
    keys, schedule = set(), False
    for pk in before.keys() | after.keys():
        old, new = before.get(pk), after.get(pk)
        keys |= change_keys(old, new)
        schedule = schedule or schedule_changed(old, new)
    freshness.announce(keys=keys, schedule_changed=schedule)


def _claim_edit_version(article, expected_version):
    """Move the article's edit version on, or refuse when it is not the one the editor started from.

    One conditional UPDATE in the change's transaction: of two saves racing from
    the same version the database lets exactly one match (PostgreSQL re-checks
    the row once the first commits; SQLite's writers take turns), and the row
    stays locked until this change commits.
    """
    matching = Article.objects.filter(pk=article.pk)
    if expected_version is not None:
        matching = matching.filter(edit_version=expected_version)
    if not matching.update(edit_version=F("edit_version") + 1):
        raise ArticleEditConflict(article.pk, expected_version)
    article.edit_version = Article.objects.filter(pk=article.pk).values_list("edit_version", flat=True).get()


def _keep_baseline(article_ids):
    """Keep the articles as they are now where their newest revision is not what they are now.

    That is an article no revision was kept of yet (made by an import, the demo
    seed, or before revisions were kept), or one a bulk writer changed since
    (`articles_changed` moves the edit version on, keeping no revision): its
    next change then shows only what that change did.
    """
    from reversion.models import Version

    current = dict(Article.objects.filter(pk__in=article_ids).values_list("pk", "edit_version"))
    versions = Version.objects.get_for_model(Article).filter(object_id__in=[str(pk) for pk in current])
    newest = versions.values("object_id").annotate(newest=Max("pk")).values_list("newest", flat=True)
    kept_at = {
        int(version.object_id): version.field_dict.get("edit_version") for version in versions.filter(pk__in=newest)
    }
    first = [pk for pk in current if pk not in kept_at]
    changed = [pk for pk in current if pk in kept_at and kept_at[pk] != current[pk]]
    for ids, comment in [
        (first, _("As it was before its first revision")),
        (changed, _("As changed without a revision (an import or a command)")),
    ]:
        if ids:
            with reversion.create_revision(manage_manually=True):
                reversion.set_comment(comment)
                for article in Article.objects.filter(pk__in=ids):
                    reversion.add_to_revision(article)


def _keep_revision(articles, *, user, comment):
    with reversion.create_revision(manage_manually=True):
        reversion.set_user(user)
        reversion.set_comment(comment)
        for article in articles:
            reversion.add_to_revision(article)


def article_save(*, article, save_related=None, user=None, expected_version=None, comment=""):
    """Create or update an article, with what `save_related()` saves beside it, as one change.

    `save_related` saves what belongs to the article (the admin's FAQs,
    links, topics and co-authors); the image's renditions are made before the
    change is announced, so no reader sees the article without them. A
    co-author who is now the lead author leaves the co-authors: nobody is
    named twice in one byline. The change is kept
    as a revision by `user`.

    `expected_version` is the `edit_version` the editor's form was opened at:
    if someone changed the article since, nothing is saved and
    ArticleEditConflict is raised (None: no check, as for an import).

    A picture that cannot be stored (a full disk) raises images.ImageStorageError
    with nothing saved and none of the attempt's files left; the pictures
    the article had stay in place until their replacements have committed.
    """
    with image_writes(), transaction.atomic():
        before = {}
        if article.pk:
            _keep_baseline([article.pk])
            _claim_edit_version(article, expected_version)
            before = article_states([article.pk])
        article_store_image(article)
        article.save()
        if save_related is not None:
            save_related()
        Byline.objects.filter(article=article, author_id=article.author_id).delete()
        article_make_renditions(article)
        _keep_revision([article], user=user, comment=comment or (_("Changed") if before else _("Created")))
        _announce_article_changes(before, article_states([article.pk]))
        _mark_translations_if_source_changed(article)
    return article


def article_set_authors(*, article, authors):
    """Make `authors` (Author objects, in byline order) the article's byline: the first is the lead.

    Returns whether anything changed; announced like any other change of the
    article (its page and cards, and the author listings it joins or leaves).
    """
    authors = list(dict.fromkeys(authors))
    if not authors:
        raise ValueError("An article has at least one author.")
    with transaction.atomic():
        before = article_states([article.pk])
        lead, co_authors = authors[0], authors[1:]
        changed = write_co_authors(article, co_authors)
        if article.author_id != lead.pk:
            article.author = lead
            Article.objects.filter(pk=article.pk).update(author=lead, updated_at=timezone.now())
            changed = True
        if changed:
            _announce_article_changes(before, article_states([article.pk]))
    return changed


def write_co_authors(article, co_authors):
    """Replace the article's co-authors with `co_authors`, in that order; True if they differed.

    For writers that announce on their own (the demo seed inside its transaction); everything
    else calls article_set_authors().
    """
    wanted = [author.pk for author in co_authors]
    if list(article.bylines.order_by("position", "id").values_list("author_id", flat=True)) == wanted:
        return False
    article.bylines.all().delete()
    # From the row, not the object: a bulk publish may have moved the time since the object was read.
    published_at = Article.objects.filter(pk=article.pk).values_list("published_at", flat=True).get()
    Byline.objects.bulk_create(
        Byline(article=article, author_id=author_id, position=position, article_published_at=published_at)
        for position, author_id in enumerate(wanted, start=1)
    )
    getattr(article, "_prefetched_objects_cache", {}).pop("bylines", None)
    return True


def _update_articles(articles, *, user=None, comment="", **changes):
    """The same change to many articles, in one UPDATE; each keeps a revision (by `user`, saying `comment`)."""
    with transaction.atomic():
        ids = list(articles.values_list("pk", flat=True))
        _keep_baseline(ids)
        before = article_states(ids)
        count = Article.objects.filter(pk__in=ids).update(edit_version=F("edit_version") + 1, **changes)
        _keep_revision(Article.objects.filter(pk__in=ids), user=user, comment=comment)
        _announce_article_changes(before, article_states(ids))
    return count


def article_publish(*, articles, user=None):
    """Publish these articles: now, or at their publication time when it is in the future (scheduled).

    A past publication time (when the draft was started) becomes now;
    articles already published keep theirs. Returns how many changed.
    """
    now = timezone.now()
    return _update_articles(
        articles.exclude(status=Article.Status.PUBLISHED),
        user=user,
        comment=_("Published"),
        status=Article.Status.PUBLISHED,
        published_at=Case(When(published_at__lt=now, then=Value(now)), default=F("published_at")),
    )


def article_unpublish(*, articles, user=None):
    """Back to draft: gone from every page, feed and sitemap at once."""
    return _update_articles(
        articles.exclude(status=Article.Status.DRAFT), user=user, comment=_("Unpublished"), status=Article.Status.DRAFT
    )


def article_set_editors_pick(*, articles, value, user=None):
    comment = _("Made an Editors' Pick") if value else _("Removed from Editors' Picks")
    return _update_articles(articles.exclude(is_editors_pick=value), user=user, comment=comment, is_editors_pick=value)


def article_restore(*, article, version, user=None, expected_version=None):
    """Bring back what the article said in `version` (one of its revisions), as a new change and revision.

    Its text, section, topics, image, FAQs and links come back; where it stands
    in the workflow (status, publication time, address, author, Editors' Pick)
    stays as it is now. What no longer exists is not brought back: a picture
    gone from storage (replaced pictures are deleted), a deleted section or
    topic; the article keeps its current one. Returns the labels of the fields
    so kept, for the editor to hear about.
    """
    values = version.field_dict
    kept_current = []
    for name in revisions.RESTORED_FIELDS:
        model_field = Article._meta.get_field(name)
        if model_field.attname not in values:
            continue
        value = values[model_field.attname]
        if model_field.name == "featured_image":
            value = str(value or "")
            if value and not model_field.storage.exists(value):
                kept_current.append(model_field.verbose_name)
                continue
        elif model_field.is_relation and value is not None:
            if not model_field.related_model._default_manager.filter(pk=value).exists():
                kept_current.append(model_field.verbose_name)
                continue
        setattr(article, model_field.attname, value)
    if Article._meta.get_field("featured_image").verbose_name in kept_current:
        article.featured_image_alt = Article.objects.values_list("featured_image_alt", flat=True).get(pk=article.pk)
    faqs = revisions.related_versions(version, FAQ)
    links = revisions.related_versions(version, RelatedLink)

    def restore_related():
        for name in revisions.RESTORED_MANY:
            if name in values:
                related = Article._meta.get_field(name).related_model
                getattr(article, name).set(related._default_manager.filter(pk__in=values[name]))
        article.faqs.all().delete()
        FAQ.objects.bulk_create(
            FAQ(article=article, question=faq["question"], answer=faq["answer"], position=faq["position"])
            for faq in faqs
        )
        article.related_links.all().delete()
        RelatedLink.objects.bulk_create(
            RelatedLink(article=article, title=link["title"], url=link["url"], position=link["position"])
            for link in links
        )

    article_save(
        article=article,
        save_related=restore_related,
        user=user,
        expected_version=expected_version,
        comment=_("Restored the revision of %(when)s") % {"when": revisions.revision_label(version)},
    )
    return kept_current


def article_delete(*, articles):
    """Delete these articles (their FAQs and links with them). Returns how many."""
    with transaction.atomic():
        ids = list(articles.values_list("pk", flat=True))
        before = article_states(ids)
        count, _per_model = Article.objects.filter(pk__in=ids).delete()
        _announce_article_changes(before, {})
    return len(ids) if count else 0


def articles_changed(article_ids, *, before=None):
    """Announce articles that a bulk writer (an import, the demo seed) created or changed.

    Such writers use bulk inserts for speed; they call this inside their
    transaction with the ids they touched and, where they know it, the
    states from `article_states()` before they started.
    """
    article_ids = list(article_ids)
    if article_ids:
        # A form opened before this change must not overwrite it unknowingly.
        Article.objects.filter(pk__in=article_ids).update(edit_version=F("edit_version") + 1)
        _announce_article_changes(before or {}, article_states(article_ids))


def article_remake_renditions(*, article, force=False):
    """Remake an article's image renditions (a command that repairs them); announced when they changed."""
    with image_writes(), transaction.atomic():
        if article_make_renditions(article, force=force):
            freshness.announce(article)


# --- translations -----------------------------------------------------------------


def every_language(keys):
    """Listing and search keys in each of the site's languages (a change that reaches all of them)."""
    return set().union(*(in_language(keys, code) for code, _name in settings.LANGUAGES))


def translation_snapshot(article):
    """What a translator translated of `article`: its translatable fields, FAQs and links, as plain data."""
    snapshot = {name: getattr(article, name) for name in TRANSLATABLE_FIELDS}
    snapshot["faqs"] = [[faq.question, faq.answer] for faq in article.faqs.all()]
    snapshot["related_links"] = [[link.title, link.url] for link in article.related_links.all()]
    return snapshot


SNAPSHOT_LABELS = {
    "title": _("Title"),
    "excerpt": _("Excerpt"),
    "body": _("Body"),
    "featured_image_alt": _("Image alt text"),
    "faqs": _("FAQs"),
    "related_links": _("“More about” links"),
}


def _snapshot_lines(name, value):
    if name in ("faqs", "related_links"):
        return [" — ".join(pair) for pair in value or []]
    if name == "body":
        # The text a translator reads, a paragraph a line, rather than the markup.
        return [
            line.strip() for line in strip_tags((value or "").replace("</p>", "</p>\n")).splitlines() if line.strip()
        ]
    return (value or "").splitlines()


def source_changes(translation):
    """What changed in the translation's source since it was translated or reviewed: (label, diff lines) per field."""
    source = translation.translation_source
    if source is None:
        return []
    now, then = translation_snapshot(source), translation.source_snapshot or {}
    changes = []
    for name, label in SNAPSHOT_LABELS.items():
        before, after = _snapshot_lines(name, then.get(name)), _snapshot_lines(name, now.get(name))
        if before != after:
            # The removed and added lines, each hunk after a line of context.
            diff = [
                line
                for line in difflib.unified_diff(before, after, lineterm="", n=1)
                if not line.startswith(("---", "+++", "@@"))
            ]
            changes.append((str(label), diff))
    return changes


def _mark_translations_if_source_changed(source):
    """Translations made from `source` whose snapshot no longer matches it are marked "source changed".

    Only the newsroom sees the mark; nothing public changes, so nothing is announced.
    """
    translations = list(source.translations_made.filter(source_changed=False).only("pk", "source_snapshot"))
    if not translations:
        return
    current = translation_snapshot(source)
    changed = [translation.pk for translation in translations if translation.source_snapshot != current]
    if changed:
        Article.objects.filter(pk__in=changed).update(source_changed=True)


def translation_refusal(source, language):
    """Why `source` cannot be translated into `language`, or None."""
    names = dict(settings.LANGUAGES)
    if language not in names:
        return _("The site is not published in the language “%(language)s”.") % {"language": language}
    if language == source.language:
        return _("This article is already in %(language)s: a translation must be into another language.") % {
            "language": names[language]
        }
    if Article.objects.filter(translation_key=source.translation_key, language=language).exists():
        return _("This article already has a translation in %(language)s.") % {"language": names[language]}
    return None


def article_translate(*, source, language, author=None, user=None):
    """A draft translation of `source` into `language`, linked to it, with what a translator starts from.

    The text, FAQs, links, image (a copy of its own), category, topics and
    author are copied; the status is draft, so nothing is public until an
    editor publishes the translation. The source's translatable fields are
    kept as they are now, to tell the translator later what changed.
    Raises ValidationError (with the reason) for a language the site is not
    in, the source's own language, or one the story is translated into already.
    """
    refusal = translation_refusal(source, language)
    if refusal is not None:
        raise ValidationError(refusal, code="translation_refused")
    slug = source.slug
    if Article.objects.filter(language=language, slug=slug).exists():
        slug = f"{source.slug}-{language}"[:250]
        if Article.objects.filter(language=language, slug=slug).exists():
            raise ValidationError(
                _("The slugs “%(slug)s” and “%(other)s” are both taken in that language.")
                % {"slug": source.slug, "other": slug},
                code="slug_taken",
            )
    translation = Article(
        title=source.title,
        slug=slug,
        language=language,
        translation_key=source.translation_key,
        translation_source=source,
        source_snapshot=translation_snapshot(source),
        author=author or source.author,
        category=source.category,
        topic=source.topic,
        excerpt=source.excerpt,
        body=source.body,
        featured_image_alt=source.featured_image_alt,
        comments_open=source.comments_open,
        status=Article.Status.DRAFT,
    )
    if source.featured_image:
        # A file of its own: replacing the translation's picture must not delete the source's.
        with source.featured_image.open("rb") as picture:
            translation.featured_image = ContentFile(picture.read(), name=os.path.basename(source.featured_image.name))

    def save_related():
        translation.tags.set(source.tags.all())
        FAQ.objects.bulk_create(
            FAQ(article=translation, question=faq.question, answer=faq.answer, position=faq.position)
            for faq in source.faqs.all()
        )
        RelatedLink.objects.bulk_create(
            RelatedLink(article=translation, title=link.title, url=link.url, position=link.position)
            for link in source.related_links.all()
        )

    return article_save(
        article=translation,
        save_related=save_related,
        user=user,
        comment=_("Translated from “%(source)s”") % {"source": source.title},
    )


def article_mark_translation_reviewed(*, articles):
    """The translator has brought these translations up to date: their source's current text is the new snapshot."""
    count = 0
    with transaction.atomic():
        for translation in articles.select_related("translation_source").filter(translation_source__isnull=False):
            translation.source_snapshot = translation_snapshot(translation.translation_source)
            translation.source_changed = False
            # Only the newsroom sees these two fields: nothing public to announce.
            Article.objects.filter(pk=translation.pk).update(
                source_snapshot=translation.source_snapshot, source_changed=False
            )
            count += 1
    return count


# --- authors, categories, topics -------------------------------------------------


def author_save(*, author):
    with transaction.atomic():
        author.save()
        freshness.announce(author, keys={"sitemap"})
    return author


def author_delete(*, authors):
    """Authors with articles are protected by the database (their articles must move first)."""
    with transaction.atomic():
        for author in authors:
            freshness.announce(author, keys={"sitemap"})
        return authors.delete()


def category_save(*, category):
    with transaction.atomic():
        category.save()
        # The menu lists categories in their menu position.
        freshness.announce(category, keys={"categories", "sitemap"})
    return category


def category_delete(*, categories):
    with transaction.atomic():
        for category in categories:
            freshness.announce(category, keys={"categories", "sitemap"})
        return categories.delete()


def topic_save(*, topic):
    with transaction.atomic():
        topic.save()
        freshness.announce(topic, keys={"sitemap"})
    return topic


def topic_delete(*, topics):
    """A deleted topic leaves the articles that had it: their pages and the topic's listings change."""
    with transaction.atomic():
        topic_ids = [topic.pk for topic in topics]
        articles = Article.objects.filter(Q(topic__in=topic_ids) | Q(tags__in=topic_ids)).distinct()
        keys = {f"article-{pk}" for pk in articles.values_list("pk", flat=True)}
        keys |= every_language({f"list-topic-{pk}" for pk in topic_ids} | {"search"}) | {"sitemap"}
        for topic in topics:
            freshness.announce(topic, keys=keys)
        return topics.delete()


# --- corrections and updates --------------------------------------------------------


def _note_changed(article_id):
    """A note added or withdrawn: the article was modified (dateModified, feeds' updated, sitemaps' lastmod)."""
    Article.objects.filter(pk=article_id).update(updated_at=timezone.now())
    freshness.announce(keys={f"article-{article_id}", "corrections", "sitemap"})


def correction_add(
    *, article, text, kind=Correction.Kind.CORRECTION, placement=Correction.Placement.BOTTOM, user=None
):
    """Append a dated correction or update note to a published article; returns it.

    Only a public article is corrected: a draft or a scheduled article is
    simply edited. The text keeps links and emphasis (sanitize.sanitize_note).
    """
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if not current.is_public:
            raise ValidationError(
                _("Corrections and updates are for published articles: edit a draft or a scheduled article instead.")
            )
        correction = Correction(article=current, kind=kind, placement=placement, text=text, created_by=user)
        correction.text = sanitize_note(text)
        if not strip_tags(correction.text).strip():
            raise ValidationError({"text": _("Say what was wrong and what is right, or what is new.")})
        correction.full_clean(exclude=["article"])
        correction.save()
        _note_changed(current.pk)
    return correction


def correction_withdraw(*, correction, reason, user=None):
    """Withdraw a note: it is kept, with who withdrew it, when and why; readers see that it was withdrawn."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"withdrawal_reason": _("Say why the note is withdrawn: it is kept on record.")})
    with transaction.atomic():
        withdrawn = Correction.objects.filter(pk=correction.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=user, withdrawal_reason=reason
        )
        if not withdrawn:
            raise ValidationError(_("This note was already withdrawn."))
        _note_changed(correction.article_id)
    correction.refresh_from_db()
    return correction


# --- breaking news ---------------------------------------------------------------------

BREAKING_NEWS_DEFAULT = timedelta(hours=6)
BREAKING_NEWS_LONGEST = timedelta(days=7)


def article_break_news(*, article, until=None):
    """Show the bar above every page's header, linking to this public article, until `until` (default 6 hours).

    The bar is the site chrome's (key `breaking`); its end is registered with
    the schedule (articles/freshness.py), so the first request after it drops
    every page that shows the bar, and no cache keeps one past that time.
    """
    now = timezone.now()
    until = until or now + BREAKING_NEWS_DEFAULT
    if until <= now:
        raise ValidationError({"until": _("The end of breaking news must be in the future.")})
    if until > now + BREAKING_NEWS_LONGEST:
        raise ValidationError({"until": _("Breaking news lasts at most seven days.")})
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if not current.is_public:
            raise ValidationError(_("Only a published article that readers can see can be breaking news."))
        Article.objects.filter(pk=current.pk).update(breaking_since=now, breaking_until=until)
        freshness.announce(keys={"breaking"}, schedule_changed=True)
    article.breaking_since, article.breaking_until = now, until
    return article


def article_end_breaking_news(*, article):
    """Take the bar down now. Returns whether the article was breaking news."""
    now = timezone.now()
    with transaction.atomic():
        ended = Article.objects.filter(pk=article.pk, breaking_until__gt=now).update(breaking_until=now)
        if ended:
            freshness.announce(keys={"breaking"}, schedule_changed=True)
    if ended:
        article.breaking_until = now
    return bool(ended)


# --- live coverage -------------------------------------------------------------------
#
# An article's live state and its entries are rows of their own (LiveCoverage,
# LiveEntry): adding an entry neither moves the article's edit version nor
# keeps a revision of it, so editors posting updates side by side never refuse
# each other's saves. Each change drops the article's page and its live
# updates (`article-<id>`) once it commits, when readers can see the article.


def _announce_live(article):
    if article.is_public or article.is_scheduled:
        freshness.announce(keys={f"article-{article.pk}"})


def live_coverage_start(*, articles, started_at=None):
    """Make these articles live from now (or `started_at`, for an import or the demo); coverage that had
    ended goes on, its start kept. Returns how many."""
    count = 0
    with transaction.atomic():
        for article in articles:
            coverage, created = LiveCoverage.objects.get_or_create(
                article=article, defaults={"started_at": started_at or timezone.now()}
            )
            if created or coverage.ended_at is not None:
                coverage.ended_at = None
                coverage.save(update_fields=["ended_at"])
                _announce_live(article)
                count += 1
    return count


def live_coverage_end(*, articles):
    """End these articles' live coverage now: ordinary articles again, their entries kept. Returns how many."""
    count = 0
    with transaction.atomic():
        for article in articles:
            # Conditional: of two editors ending it at once, the first one's time stays.
            if LiveCoverage.objects.filter(article=article, ended_at=None).update(ended_at=timezone.now()):
                _announce_live(article)
                count += 1
    return count


def live_entry_save(*, entry, user=None):
    """Add an entry to a live article (written by `user`), or change one; the article must have live coverage."""
    with image_writes(), transaction.atomic():
        if not LiveCoverage.objects.filter(article_id=entry.article_id).exists():
            raise ValueError(f"article {entry.article_id} has no live coverage")
        if entry.pk is None and user is not None and user.is_authenticated:
            entry.created_by = user
        entry.save()
        _announce_live(entry.article)
    return entry


def live_entry_delete(*, entries):
    """Remove entries (a mistake); the other entries and the coverage stay. Returns how many."""
    with transaction.atomic():
        entries = list(entries.select_related("article"))
        for entry in entries:
            _announce_live(entry.article)
        LiveEntry.objects.filter(pk__in=[entry.pk for entry in entries]).delete()
        delete_images_on_commit(entry.image for entry in entries)
    return len(entries)
