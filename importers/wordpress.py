"""Loading a WordPress export (read by wxr.py) into articles and comments.

Built for exports of any size: posts are written in batches with bulk
operations, authors, categories and topics are looked up in dictionaries
filled once, and the comments of a batch are written one thread level at a
time (all top-level comments of the batch, then all replies to them, …), so a
reply always gets its parent's id in the same INSERT. The caller runs the
whole import in one transaction: an export that turns out to be malformed
half-way leaves nothing behind.

What WordPress has and how it lands here:
- authors (wp:author) → Author, keyed by the slug of their login (WordPress's
  author address); a post without an author gets a fallback author;
- categories → Category, tags → Topic, keyed by slug (percent-encoded slugs
  decoded); an article has one category, the post's first, and its tags as
  topics, the first being the primary topic;
- posts (post type "post") → Article with the post's slug, so old /<slug>/
  links keep working: "publish" → published, "future" → published at a future
  time (scheduled), "draft", "pending", "private" and password-protected
  posts → draft; menu items, revisions and trashed posts are skipped and
  listed;
- pages → pages.Page with their slugs and hierarchy (wordpress_pages.py);
- attachments → media files, with `--uploads` (wordpress_media.py); featured
  images (`_thumbnail_id`) through articles.services.article_save; bodies'
  shortcodes (shortcodes.py) and old upload addresses made ours;
- the old addresses of all of them → OldAddress rows, for 301 redirects
  (wordpress_addresses.py, middleware.py);
- comments → Comment with their threading (comment_parent), WordPress dates
  (comment_date_gmt) and status: "1" approved, "0" pending, "spam", "trash";
  pingbacks and trackbacks are skipped and listed.

Which WordPress post or comment became which article or comment is kept in
importers.models, so importing the same site again updates what it imported
before and adds only what is new: running it twice changes nothing.
"""

import ipaddress
import posixpath
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files import File
from django.db.models import Max
from django.utils import timezone
from django.utils.text import Truncator

from articles.models import Article, Author, Category, Topic
from articles.sanitize import sanitize_body
from articles.services import article_save, articles_changed
from comments.models import Comment, comment_fingerprint
from comments.services import article_recount_comments
from newsportal import freshness
from newsportal.links import is_web_address

from .models import WordPressComment, WordPressPost
from .shortcodes import Shortcodes, captions_only
from .text import clip, is_number, make_slug, plain_text, wordpress_slug
from .wordpress_addresses import OldAddresses
from .wordpress_media import MediaIndex
from .wordpress_pages import PageImport
from .wxr import WxrAuthor, WxrPost, WxrSite, WxrTerm, read_wxr

POSTS_PER_BATCH = 500
IN_CHUNK = 900  # values per `IN (…)`: under SQLite's limit on query parameters
EXCERPT_WORDS = 55

POST_STATUS = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
SKIPPED_TYPES = {
    "nav_menu_item": "menu items are not imported: the menu is made of the categories",
    "revision": "revisions are not imported: the post itself is",
}
SKIPPED_STATUSES = {
    "trash": "it is in WordPress's trash",
    "auto-draft": "it is an empty auto-draft",
    "inherit": "it is not a post of its own",
}
COMMENT_STATUS = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
HELD_IN_WORDPRESS = "Held for moderation on the old site."
NO_DATE = "0000-00-00 00:00:00"


class WordPressImportError(ValueError):
    pass


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged"


@dataclass
class ImportReport:
    site: str = ""
    authors: Tally = field(default_factory=Tally)
    categories: Tally = field(default_factory=Tally)
    topics: Tally = field(default_factory=Tally)
    articles: Tally = field(default_factory=Tally)
    pages: Tally = field(default_factory=Tally)
    media: Tally = field(default_factory=Tally)
    featured_images: Tally = field(default_factory=Tally)
    old_addresses: Tally = field(default_factory=Tally)
    unknown_shortcodes: dict = field(default_factory=dict)  # name → [post ids]
    pictures_not_brought: list = field(default_factory=list)  # (what, reason)
    comments: Tally = field(default_factory=Tally)
    article_kinds: Counter = field(default_factory=Counter)  # published / scheduled / draft
    comment_statuses: Counter = field(default_factory=Counter)
    posts_read: int = 0
    comments_read: int = 0
    skipped: list = field(default_factory=list)  # (what, reason)
    notes: list = field(default_factory=list)

    def skip(self, what, reason):
        self.skipped.append((what, reason))

    def not_brought(self, what, reason):
        self.pictures_not_brought.append((what, reason))


def parse_wp_time(gmt, local, fallback=None):
    """A WordPress time: the GMT column, else the local one in the site's zone."""
    for value, zone in ((gmt, UTC), (local, None)):
        if value and value != NO_DATE:
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                continue
            if moment.tzinfo is not None:
                moment = moment.replace(tzinfo=None)
            if moment.year < 1900:
                continue
            if zone is None:
                # In UTC: a local time in the hour repeated when clocks go back
                # never compares equal to any time in another zone (PEP 495).
                return timezone.make_aware(moment, timezone.get_default_timezone()).astimezone(UTC)
            return moment.replace(tzinfo=UTC)
    if fallback:
        try:
            moment = parsedate_to_datetime(fallback)
            # WordPress writes "Mon, 30 Nov -0001 00:00:00 +0000" for "no date"; the
            # parser takes -0001 for a time zone and makes up a year.
            if moment.tzinfo is not None and moment.year >= 1900 and str(moment.year) in fallback:
                return moment
        except (TypeError, ValueError):
            pass
    return None


BLOCK_TAGS = (
    "table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote"
    "|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure"
    "|figcaption|details|menu|summary|script|iframe"
)
OPENING_BLOCK = re.compile(rf"(<(?:{BLOCK_TAGS})[\s/>])", re.IGNORECASE)
CLOSING_BLOCK = re.compile(rf"(</(?:{BLOCK_TAGS})>)", re.IGNORECASE)
ANY_BLOCK = re.compile(rf"</?(?:{BLOCK_TAGS})[\s/>]", re.IGNORECASE)
P_BEFORE_BLOCK = re.compile(rf"<p>\s*(</?(?:{BLOCK_TAGS})[\s/>][^>]*>?)", re.IGNORECASE)
P_AFTER_BLOCK = re.compile(rf"(</?(?:{BLOCK_TAGS})(?:\s[^>]*)?>)\s*</p>", re.IGNORECASE)
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
FIGURE_MARK = "\x00"  # cannot occur in XML text
EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")


def wpautop(content, shortcodes=captions_only):
    """Paragraphs from blank lines, as WordPress's wpautop() makes them on display.

    Classic-editor content is stored without <p>: a blank line separates
    paragraphs and a single newline is a line break. Block-editor content
    (it holds `<!-- wp:` markers) has its <p> already and is left as it is,
    as WordPress does. `shortcodes(text, set_apart)` expands the shortcodes
    (importers/shortcodes.py), handing each block of HTML it makes to
    `set_apart`, which keeps it out of the paragraphs.
    """
    if not content or not content.strip():
        return ""
    text = content.replace("\r\n", "\n").replace("\r", "\n")
    if "<!-- wp:" in text:
        text = shortcodes(text, lambda html: html)
        return re.sub(r"\n\s*\n+", "\n", HTML_COMMENT.sub("", text)).strip()
    # Figures, galleries and players are set apart from the paragraphs around them.
    figures = []

    def set_apart(html):
        figures.append(html)
        return f"\n\n{FIGURE_MARK}{len(figures) - 1}{FIGURE_MARK}\n\n"

    text = HTML_COMMENT.sub("", shortcodes(text, set_apart))
    text = OPENING_BLOCK.sub(r"\n\n\1", text)
    text = CLOSING_BLOCK.sub(r"\1\n\n", text)
    chunks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if not ANY_BLOCK.search(chunk):
            chunk = re.sub(r"\s*\n\s*", "<br>\n", chunk)
        chunks.append(f"<p>{chunk}</p>")
    html = "\n".join(chunks)
    html = P_BEFORE_BLOCK.sub(r"\1", html)
    html = P_AFTER_BLOCK.sub(r"\1", html)
    html = re.sub(rf"<p>{FIGURE_MARK}(\d+){FIGURE_MARK}</p>", lambda match: figures[int(match[1])], html)
    return re.sub(r"<p>\s*</p>", "", html)


def web_address(url):
    url = (url or "").strip()
    if not url or len(url) > 200:
        return ""
    return url if is_web_address(url) else ""


def ip_address(value):
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def site_key(url):
    """The site an export comes from, the same over http and https."""
    parts = urlsplit((url or "").strip())
    return clip(f"{parts.netloc.lower()}{parts.path.rstrip('/')}", 200) if parts.netloc else clip(url or "", 200)


def chunks(values, size=IN_CHUNK):
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start : start + size]


class WordPressImport:
    """One import of one export; `run(binary_file)` returns the ImportReport.

    `progress(report, bytes_read)` is called after each batch of posts.
    """

    def __init__(self, *, fallback_author="BBN Staff", fallback_category="Uncategorized", progress=None, uploads=None):
        self.fallback_author_name = fallback_author
        self.fallback_category_name = fallback_category
        self.progress = progress
        self.report = ImportReport()
        self.site = ""
        self.author_ids = {}  # WordPress login → Author id
        self.category_ids = {}  # slug → Category id
        self.topic_ids = {}  # slug → Topic id
        self.header = []  # authors and terms read before the first post
        self.header_done = False
        self.batch = []
        self.slugs_taken = set()  # article slugs given out by this import
        self.touched_articles = set()
        self.next_menu_order = None
        self.fallback_category = None
        self.pages = PageImport(self)
        self.media = MediaIndex(self, uploads)
        self.shortcodes = Shortcodes(self.media, self.report)
        self.addresses = OldAddresses(self)

    # --- reading -----------------------------------------------------------------------------------------------

    def run(self, stream):
        if self.media.uploads is not None:
            self.read_attachments(stream)
        for record in read_wxr(stream):
            if isinstance(record, WxrPost):
                if not self.header_done:
                    self.import_header()
                self.batch.append(record)
                self.report.posts_read += 1
                self.report.comments_read += len(record.comments)
                if len(self.batch) >= POSTS_PER_BATCH:
                    self.import_batch(stream)
            elif isinstance(record, (WxrAuthor, WxrTerm)):
                self.import_author_or_term(record)
            elif isinstance(record, WxrSite):
                self.site = site_key(record.url)
                self.report.site = self.site
                self.addresses.base = record.url
        if not self.header_done:
            self.import_header()
        self.import_batch(stream)
        self.finish()
        return self.report

    def read_attachments(self, stream):
        """The first of two passes over the export: the attachments, so every post finds its pictures."""
        for record in read_wxr(stream):
            if isinstance(record, WxrSite):
                self.site = site_key(record.url)
                self.addresses.base = record.url
            elif isinstance(record, WxrPost) and record.post_type == "attachment":
                if record.status not in ("trash", "auto-draft"):
                    self.media.add(record)
                    self.addresses.attachment(record)
        self.media.first_pass_done = True
        stream.seek(0)

    def import_batch(self, stream):
        if self.batch:
            self.import_posts(self.batch)
            self.batch = []
        if self.progress:
            self.progress(self.report, getattr(stream, "bytes_read", None))

    # --- authors, categories, topics ---------------------------------------------------------------------------

    def import_author_or_term(self, record):
        """Authors and terms of the export's head wait for its last one (they
        usually all come before the first post); any later one goes in at once."""
        if not self.header_done:
            self.header.append(record)
        elif isinstance(record, WxrAuthor):
            self.author_id(record)
        elif record.taxonomy == "category":
            self.category_id(record.slug, record.name, record.description)
        elif record.taxonomy == "post_tag":
            self.topic_id(record.slug, record.name)

    def import_header(self):
        self.header_done = True
        for record in self.header:
            self.import_author_or_term(record)
        self.header = None

    def author_id(self, author):
        """The Author of a WordPress login, created (or renamed) as the export says."""
        if author.login in self.author_ids:
            return self.author_ids[author.login]
        name = author.display_name or " ".join(filter(None, [author.first_name, author.last_name])) or author.login
        name = clip(plain_text(name), 100)
        slug = make_slug(author.login, max_length=100) or make_slug(name, max_length=100, fallback="author")
        existing = Author.objects.filter(slug=slug).first()
        if existing is None:
            # The same person under another address (say, from import_article's "by <name>").
            existing = Author.objects.filter(name=name).order_by("pk").first()
            if existing is not None:
                self.report.notes.append(f"author “{author.login}” is the author “{name}” at /author/{existing.slug}/")
        if existing is None:
            existing = Author.objects.create(name=name, slug=slug)
            self.report.authors.created += 1
        elif existing.name != name:
            existing.name = name
            existing.save(update_fields=["name"])
            self.report.authors.updated += 1
        else:
            self.report.authors.unchanged += 1
        self.author_ids[author.login] = existing.pk
        return existing.pk

    def fallback_author_id(self):
        key = ("fallback",)
        if key not in self.author_ids:
            name = self.fallback_author_name
            slug = make_slug(name, max_length=100, fallback="staff")
            author, created = Author.objects.get_or_create(slug=slug, defaults={"name": clip(name, 100)})
            if created:
                self.report.authors.created += 1
            else:
                self.report.authors.unchanged += 1
            self.author_ids[key] = author.pk
        return self.author_ids[key]

    def _term_id(self, model, cache, tally, raw_slug, name, description=None, **defaults):
        name = clip(plain_text(name).strip(), 100)
        slug = wordpress_slug(raw_slug, max_length=100) or make_slug(name, max_length=100)
        if not slug:
            return None
        if slug in cache:
            return cache[slug]
        existing = model.objects.filter(slug=slug).first()
        name = name or slug
        if existing is None:
            fields = {"name": name, "slug": slug, **defaults}
            if description:
                fields["description"] = plain_text(description)
            existing = model.objects.create(**fields)
            tally.created += 1
        else:
            changed = []
            if existing.name != name:
                existing.name = name
                changed.append("name")
            if description is not None and description and existing.description != plain_text(description):
                existing.description = plain_text(description)
                changed.append("description")
            if changed:
                existing.save(update_fields=changed)
                tally.updated += 1
            else:
                tally.unchanged += 1
        cache[slug] = existing.pk
        return existing.pk

    def category_id(self, raw_slug, name, description=""):
        if self.next_menu_order is None:
            self.next_menu_order = (Category.objects.aggregate(last=Max("menu_order"))["last"] or 0) + 1
        slug = wordpress_slug(raw_slug, max_length=100)
        new = slug not in self.category_ids
        pk = self._term_id(
            Category,
            self.category_ids,
            self.report.categories,
            raw_slug,
            name,
            description,
            menu_order=self.next_menu_order,
        )
        if new and pk is not None:
            self.next_menu_order += 1
        return pk

    def fallback_category_id(self):
        if self.fallback_category is None:
            existing = Category.objects.filter(name__iexact=self.fallback_category_name).first()
            if existing is not None:
                self.fallback_category = existing.pk
            else:
                self.fallback_category = self.category_id("", self.fallback_category_name)
        return self.fallback_category

    def topic_id(self, raw_slug, name):
        return self._term_id(Topic, self.topic_ids, self.report.topics, raw_slug, name)

    # --- posts -------------------------------------------------------------------------------------------------

    def skip_reason(self, post):
        if post.post_type != "post":
            return SKIPPED_TYPES.get(post.post_type, f"posts of type “{post.post_type}” are not imported")
        if post.status in SKIPPED_STATUSES:
            return SKIPPED_STATUSES[post.status]
        if post.status not in POST_STATUS:
            return f"unknown post status “{post.status}”"
        return None

    def import_posts(self, posts):
        kept = []
        for post in posts:
            if post.post_type == "page":
                self.pages.add(post)
                continue
            if post.post_type == "attachment" and post.status not in ("trash", "auto-draft"):
                if not self.media.first_pass_done:
                    self.media.add(post)
                    self.addresses.attachment(post)
                for comment in post.comments:
                    self.report.skip(
                        f"comment {comment.wp_id} on attachment {post.wp_id}",
                        "comments on attachments are not imported",
                    )
                continue
            reason = self.skip_reason(post)
            if reason is None:
                kept.append(post)
                continue
            title = clip(plain_text(post.title), 60) or "(no title)"
            self.report.skip(f"post {post.wp_id} “{title}” ({post.post_type or 'no type'})", reason)
            for comment in post.comments:
                self.report.skip(f"comment {comment.wp_id} on post {post.wp_id}", "its post was skipped")
        if not kept:
            return
        mapped = {}
        for chunk in chunks(post.wp_id for post in kept):
            mapped.update(
                WordPressPost.objects.filter(site=self.site, wp_id__in=chunk).values_list("wp_id", "article_id")
            )
        rows = {post.wp_id: self.article_fields(post) for post in kept}
        self.adopt_by_slug(kept, rows, mapped)
        self.slugs_in_db = set()
        self.batch_slugs = {row["slug"] for row in rows.values()}
        for chunk in chunks({row["slug"] for row in rows.values()}):
            self.slugs_in_db.update(
                Article.objects.in_language(settings.LANGUAGE_CODE)
                .filter(slug__in=chunk)
                .values_list("slug", flat=True)
            )

        existing = {}
        for chunk in chunks(mapped.values()):
            existing.update(
                (article.pk, article)
                for article in Article.objects.filter(pk__in=chunk).only(
                    "id", "slug", *(name for name in ARTICLE_FIELDS)
                )
            )
        new_articles, changed_articles, changed_fields = [], [], set()
        now = timezone.now()
        for post in kept:
            fields = rows[post.wp_id]
            article = existing.get(mapped.get(post.wp_id))
            if article is None:
                article = Article(slug=self.free_slug(fields.pop("slug"), post.wp_id), **fields)
                new_articles.append((post, article))
                continue
            wanted_slug = fields.pop("slug")
            if wanted_slug != article.slug and self.slug_is_free(wanted_slug):
                fields["slug"] = wanted_slug
            self.slugs_taken.add(fields.get("slug", article.slug))
            differences = [name for name, value in fields.items() if getattr(article, name) != value]
            for name in differences:
                setattr(article, name, fields[name])
            if differences:
                article.updated_at = now
                changed_fields.update(differences)
                changed_articles.append(article)
                self.report.articles.updated += 1
            else:
                self.report.articles.unchanged += 1
            post.article_id = article.pk

        Article.objects.bulk_create([article for _post, article in new_articles], batch_size=POSTS_PER_BATCH)
        for post, article in new_articles:
            post.article_id = article.pk
        if changed_articles:
            Article.objects.bulk_update(changed_articles, [*sorted(changed_fields), "updated_at"], batch_size=200)
        self.report.articles.created += len(new_articles)
        WordPressPost.objects.bulk_create(
            [
                WordPressPost(site=self.site, wp_id=post.wp_id, article_id=post.article_id)
                for post in kept
                if post.wp_id not in mapped or getattr(post, "adopted", False)
            ],
            batch_size=1000,
        )
        for post in kept:
            fields = rows[post.wp_id]
            if fields["status"] == Article.Status.DRAFT:
                self.report.article_kinds["drafts"] += 1
            elif fields["published_at"] > now:
                self.report.article_kinds["scheduled"] += 1
            else:
                self.report.article_kinds["published"] += 1
        self.import_tags(kept)
        self.touched_articles.update(post.article_id for post in kept)
        CommentBatch(self, kept).run()
        self.import_featured_images(kept)
        self.addresses.articles(kept)

    def adopt_by_slug(self, posts, rows, mapped):
        """A post not imported before whose slug an article has already (say,
        from import_article) updates that article instead of taking another
        address: the slug is the article's identity on the web."""
        unmapped = {rows[post.wp_id]["slug"]: post for post in posts if post.wp_id not in mapped}
        if not unmapped:
            return
        found = {}
        for chunk in chunks(unmapped):
            found.update(
                Article.objects.in_language(settings.LANGUAGE_CODE).filter(slug__in=chunk).values_list("slug", "pk")
            )
        if not found:
            return
        owned = set()
        for chunk in chunks(found.values()):
            owned.update(WordPressPost.objects.filter(article_id__in=chunk).values_list("article_id", flat=True))
        for slug, pk in found.items():
            if pk not in owned and slug not in self.slugs_taken:
                post = unmapped[slug]
                mapped[post.wp_id] = pk
                post.adopted = True
                self.report.notes.append(f"post {post.wp_id} updates the article already at /{slug}/")

    def article_fields(self, post):
        title = clip(plain_text(post.title).strip(), 250) or f"(no title {post.wp_id})"
        author_id = self.post_author_id(post)
        categories = [(slug, name) for domain, slug, name in post.terms if domain == "category"]
        tags = [(slug, name) for domain, slug, name in post.terms if domain == "post_tag"]
        category_id = None
        for slug, name in categories:
            category_id = self.category_id(slug, name)
            if category_id is not None:
                break
        if category_id is None:
            category_id = self.fallback_category_id()
        topic_ids = [pk for pk in (self.topic_id(slug, name) for slug, name in tags) if pk is not None]
        post.topic_ids = list(dict.fromkeys(topic_ids))
        body = self.body_html(post)
        status = POST_STATUS[post.status]
        if post.password and status == Article.Status.PUBLISHED:
            # Only readers with the password saw it: it is not made public here.
            status = Article.Status.DRAFT
            self.report.notes.append(f"post {post.wp_id} has a password in WordPress: imported as a draft")
        excerpt = plain_text(post.excerpt).strip() or Truncator(plain_text(body).strip()).words(EXCERPT_WORDS)
        published_at = parse_wp_time(post.date_gmt, post.date, post.pub_date) or timezone.now()
        slug = wordpress_slug(post.slug, max_length=250) or make_slug(title, max_length=250) or f"post-{post.wp_id}"
        return {
            "slug": slug,
            "title": title,
            "author_id": author_id,
            "category_id": category_id,
            "topic_id": post.topic_ids[0] if post.topic_ids else None,
            "excerpt": excerpt,
            "body": body,
            "status": status,
            "published_at": published_at,
            "comments_open": post.comment_status != "closed",
        }

    def body_html(self, post):
        html = wpautop(post.content, lambda text, set_apart: self.shortcodes.expand(text, post, set_apart))
        # A paragraph that held only a picture that did not come would be left empty.
        return EMPTY_PARAGRAPH.sub("", sanitize_body(self.media.rewrite(html, post)))

    def import_featured_images(self, posts):
        """`_thumbnail_id` → the article's featured image, stored and resized by articles.services.article_save,
        as an upload in the admin is. Set once: a later import leaves it (and an editor's change) alone."""
        wanted = {
            post.wp_id: int(post.meta["_thumbnail_id"]) for post in posts if is_number(post.meta.get("_thumbnail_id"))
        }
        if not wanted:
            return
        links = {link.wp_id: link for link in WordPressPost.objects.filter(site=self.site, wp_id__in=list(wanted))}
        for post in posts:
            thumbnail = wanted.get(post.wp_id)
            link = links.get(post.wp_id)
            if thumbnail is None or link is None:
                continue
            if link.featured_wp_id == thumbnail:
                self.report.featured_images.unchanged += 1
                continue
            media, reason = self.media.picture(thumbnail)
            if media is None:
                self.report.not_brought(f"featured image of post {post.wp_id} (attachment {thumbnail})", reason)
                continue
            article = Article.objects.get(pk=link.article_id)
            with media.file.open("rb") as source:
                article.featured_image = File(source, name=posixpath.basename(media.file.name))
                article.featured_image_alt = media.alt_text or media.title
                article_save(article=article)
            link.featured_wp_id = thumbnail
            link.save(update_fields=["featured_wp_id"])
            self.report.featured_images.created += 1

    def article_slug_exists(self, slug):
        return Article.objects.in_language(settings.LANGUAGE_CODE).filter(slug=slug).exists()

    def post_author_id(self, post):
        if not post.creator:
            return self.fallback_author_id()
        if post.creator not in self.author_ids:
            # A login the export's header does not list: an author of that name.
            self.author_id(WxrAuthor(login=post.creator))
        return self.author_ids[post.creator]

    def slug_is_free(self, slug):
        """Free for a new article: given out neither by this import nor before it.

        The batch's own slugs were looked up in one query (slugs_in_db); only
        the -2, -3… of a taken one cost a query each.
        """
        if slug in self.slugs_taken or slug in self.slugs_in_db:
            return False
        return (
            slug in self.batch_slugs
            or not Article.objects.in_language(settings.LANGUAGE_CODE).filter(slug=slug).exists()
        )

    def free_slug(self, slug, wp_id):
        """The post's slug, or the slug with -2, -3… when an article has it already."""
        candidate, n = slug, 1
        while not self.slug_is_free(candidate):
            n += 1
            suffix = f"-{n}"
            candidate = slug[: 250 - len(suffix)] + suffix
        if candidate != slug:
            self.report.notes.append(f"post {wp_id}: /{slug}/ is taken, imported at /{candidate}/")
        self.slugs_taken.add(candidate)
        return candidate

    def import_tags(self, posts):
        through = Article.tags.through
        wanted = {(post.article_id, topic_id) for post in posts for topic_id in post.topic_ids}
        present = set()
        for chunk in chunks(post.article_id for post in posts):
            present.update(through.objects.filter(article_id__in=chunk).values_list("article_id", "topic_id"))
        through.objects.bulk_create(
            [through(article_id=a, topic_id=t) for a, t in wanted - present], batch_size=1000, ignore_conflicts=True
        )
        extra = defaultdict(list)
        for article_id, topic_id in present - wanted:
            extra[article_id].append(topic_id)
        for article_id, topic_ids in extra.items():
            through.objects.filter(article_id=article_id, topic_id__in=topic_ids).delete()

    # --- the end -----------------------------------------------------------------------------------------------

    def finish(self):
        """Counts recounted in bulk, and what the import wrote announced (articles/services.py):
        its articles, and the authors, categories and topics it read; pages announce themselves."""
        self.addresses.pages(self.pages.run())
        for chunk in chunks(sorted(self.touched_articles), 2000):
            article_recount_comments(chunk)
            articles_changed(chunk)
        freshness.announce(
            keys={"categories", "sitemap"}
            | {f"author-{pk}" for pk in self.author_ids.values()}
            | {f"category-{pk}" for pk in self.category_ids.values() if pk is not None}
            | {f"topic-{pk}" for pk in self.topic_ids.values() if pk is not None}
        )


ARTICLE_FIELDS = (
    "title",
    "author_id",
    "category_id",
    "topic_id",
    "excerpt",
    "body",
    "status",
    "published_at",
    "comments_open",
)
COMMENT_FIELDS = (
    "parent_id",
    "name",
    "email",
    "website",
    "body",
    "status",
    "held_reason",
    "created_at",
    "ip_address",
    "fingerprint",
)


class CommentBatch:
    """The comments of one batch of posts, written one thread level at a time."""

    def __init__(self, importer, posts):
        self.importer = importer
        self.report = importer.report
        self.site = importer.site
        self.posts = posts

    def run(self):
        incoming = []
        for post in self.posts:
            for comment in post.comments:
                if comment.type in ("pingback", "trackback"):
                    self.report.skip(
                        f"comment {comment.wp_id} on post {post.wp_id} ({comment.type})",
                        "pingbacks and trackbacks are not imported",
                    )
                    continue
                if comment.approved not in COMMENT_STATUS:
                    self.report.notes.append(
                        f"comment {comment.wp_id}: unknown status “{comment.approved}”, imported as held"
                    )
                comment.article_id = post.article_id
                comment.post_id = post.wp_id
                incoming.append(comment)
        if not incoming:
            return
        wanted_ids = {c.wp_id for c in incoming}
        self.pk_of = {}  # WordPress comment id → Comment id, from earlier imports and this one
        for chunk in chunks(wanted_ids):
            self.pk_of.update(
                WordPressComment.objects.filter(site=self.site, wp_id__in=chunk).values_list("wp_id", "comment_id")
            )
        self.mapped = {c.wp_id for c in incoming if c.wp_id in self.pk_of}
        for level in self.levels(incoming):
            self.write_level(level)

    def levels(self, comments):
        """Top-level comments first, then replies to them, and so on."""
        by_id = {}
        for comment in comments:
            if comment.wp_id in by_id:
                self.report.skip(f"comment {comment.wp_id} on post {comment.post_id}", "its ID appears twice")
                continue
            by_id[comment.wp_id] = comment
        children = defaultdict(list)
        level = []
        for comment in by_id.values():
            parent = by_id.get(comment.parent)
            if comment.parent and parent is not None and parent.article_id == comment.article_id:
                children[comment.parent].append(comment)
            else:
                if comment.parent:
                    # WordPress keeps a reply and its parent under the same post.
                    self.report.notes.append(
                        f"comment {comment.wp_id} answers comment {comment.parent}, which is not imported "
                        "with this post: it is shown at the top level"
                    )
                    comment.parent = 0
                level.append(comment)
        while level:
            yield level
            level = [child for comment in level for child in children.pop(comment.wp_id, ())]
        for orphans in children.values():  # replies in a loop of parents: nothing to hang them on
            for comment in orphans:
                self.report.notes.append(
                    f"comment {comment.wp_id}: its chain of parents loops, it is shown at the top level"
                )
                comment.parent = 0
            yield orphans

    def fields(self, comment):
        status = COMMENT_STATUS.get(comment.approved, Comment.Status.PENDING)
        parent_id = self.pk_of.get(comment.parent) if comment.parent else None
        email = clip((comment.email or "").strip().lower(), 254)
        body = plain_text(comment.content).strip() or "…"
        return {
            "parent_id": parent_id,
            "name": clip(plain_text(comment.author).strip(), 100) or "Anonymous",
            "email": email,
            "website": web_address(comment.url),
            "body": body,
            "status": status,
            "held_reason": HELD_IN_WORDPRESS if status == Comment.Status.PENDING else "",
            "created_at": parse_wp_time(comment.date_gmt, comment.date) or timezone.now(),
            "ip_address": ip_address(comment.ip),
            "fingerprint": comment_fingerprint(
                article_id=comment.article_id, parent_id=parent_id, email=email, user_id=None, body=body
            ),
        }

    def write_level(self, level):
        rows = {comment.wp_id: self.fields(comment) for comment in level}
        owner = {}  # fingerprint → Comment id, for the fingerprints of this level
        for chunk in chunks({row["fingerprint"] for row in rows.values()}):
            owner.update(Comment.objects.filter(fingerprint__in=chunk).values_list("fingerprint", "pk"))
        existing = {}
        for chunk in chunks(self.pk_of[c.wp_id] for c in level if c.wp_id in self.mapped):
            existing.update((c.pk, c) for c in Comment.objects.filter(pk__in=chunk).only("id", *COMMENT_FIELDS))

        new, changed, changed_fields, new_links = [], [], set(), []
        first_with = {}  # fingerprint → WordPress id of the first new comment with it
        for comment in level:
            row = rows[comment.wp_id]
            fingerprint = row["fingerprint"]
            self.report.comment_statuses[row["status"]] += 1
            current = existing.get(self.pk_of.get(comment.wp_id)) if comment.wp_id in self.mapped else None
            if current is not None:
                if owner.get(fingerprint, current.pk) != current.pk:
                    row = {**row, "fingerprint": current.fingerprint, "body": current.body}
                    self.report.notes.append(
                        f"comment {comment.wp_id}: its new text repeats another comment; kept as it was"
                    )
                differences = [name for name in COMMENT_FIELDS if getattr(current, name) != row[name]]
                for name in differences:
                    setattr(current, name, row[name])
                if differences:
                    changed.append(current)
                    changed_fields.update(differences)
                    self.report.comments.updated += 1
                else:
                    self.report.comments.unchanged += 1
                continue
            if fingerprint in owner:
                # The same person's same words in the same place exist already
                # (imported from a page, or posted here): that is this comment.
                self.pk_of[comment.wp_id] = owner[fingerprint]
                new_links.append(WordPressComment(site=self.site, wp_id=comment.wp_id, comment_id=owner[fingerprint]))
                self.report.comments.unchanged += 1
                continue
            if fingerprint in first_with:
                self.report.comment_statuses[row["status"]] -= 1
                self.report.skip(
                    f"comment {comment.wp_id} on post {comment.post_id}",
                    f"the same person's same text in the same place as comment {first_with[fingerprint]}",
                )
                comment.same_as = first_with[fingerprint]
                continue
            first_with[fingerprint] = comment.wp_id
            new.append((comment, Comment(article_id=comment.article_id, **row)))

        Comment.objects.bulk_create([obj for _comment, obj in new], batch_size=1000)
        for comment, obj in new:
            self.pk_of[comment.wp_id] = obj.pk
            new_links.append(WordPressComment(site=self.site, wp_id=comment.wp_id, comment_id=obj.pk))
        for comment in level:
            if hasattr(comment, "same_as"):
                self.pk_of[comment.wp_id] = self.pk_of[comment.same_as]  # its replies hang on the kept copy
        if changed:
            Comment.objects.bulk_update(changed, sorted(changed_fields), batch_size=200)
        WordPressComment.objects.bulk_create(new_links, batch_size=1000)
        self.report.comments.created += len(new)
