"""WordPress pages (post type "page") → pages.Page, with their slugs and hierarchy.

Pages are few, so they are kept as they are read and written at the end of
the import, parents before children (WordPress exports them in any order).
Each goes through pages.services.page_save, as an edit in the admin does.
A top-level page whose slug an article has, or whose address belongs to
another part of the site, takes the slug with -2, -3… and the report says so.
Whether a page is in the footer is the editors' choice: an import never
changes it.
"""

from pages.models import PAGE_ADDRESS_VIEWS, Page, address_owner
from pages.services import page_save

from .models import WordPressPage
from .text import clip, make_slug, plain_text, wordpress_slug

PAGE_STATUS = {"publish": True, "future": False, "draft": False, "pending": False, "private": False}


class PageImport:
    def __init__(self, importer):
        self.importer = importer
        self.report = importer.report
        self.pages = {}  # WordPress id → WxrPost

    def add(self, post):
        if post.status not in PAGE_STATUS:
            reason = {"trash": "it is in WordPress's trash", "auto-draft": "it is an empty auto-draft"}.get(
                post.status, f"unknown page status “{post.status}”"
            )
            self.report.skip(f"page {post.wp_id} “{clip(plain_text(post.title), 60)}”", reason)
            return
        if post.comments:
            self.report.notes.append(f"page {post.wp_id}: its {len(post.comments)} comments are not imported")
        post.comments = []
        self.pages[post.wp_id] = post

    def in_order(self):
        """Parents before their children; a page whose parent is not in the export goes at the top."""
        done, ordered = set(), []

        def visit(post, trail=()):
            if post.wp_id in done:
                return
            parent = self.pages.get(post.parent)
            if parent is not None and parent.wp_id not in trail:
                visit(parent, (*trail, post.wp_id))
            elif post.parent and parent is None:
                self.report.notes.append(f"page {post.wp_id}: its parent {post.parent} is not in the export")
            done.add(post.wp_id)
            ordered.append(post)

        for post in self.pages.values():
            visit(post)
        return ordered

    def run(self):
        """Writes the pages; returns [(WxrPost, Page)]."""
        if not self.pages:
            return []
        mapped = dict(
            WordPressPage.objects.filter(site=self.importer.site, wp_id__in=list(self.pages)).values_list(
                "wp_id", "page_id"
            )
        )
        existing = Page.objects.in_bulk(mapped.values())
        by_wp_id, written = {}, []
        new_links = []
        for post in self.in_order():
            parent = by_wp_id.get(post.parent)
            page = existing.get(mapped.get(post.wp_id))
            fields = self.fields(post, parent)
            if page is None:
                page = Page(**fields)
                page.slug = self.free_slug(page, post)
                page_save(page=page)
                new_links.append(WordPressPage(site=self.importer.site, wp_id=post.wp_id, page=page))
                self.report.pages.created += 1
            else:
                wanted_slug = fields.pop("slug")
                changed = [name for name, value in fields.items() if getattr(page, name) != value]
                for name in changed:
                    setattr(page, name, fields[name])
                if wanted_slug != page.slug and (changed or page.parent_id != getattr(parent, "pk", None)):
                    page.slug = wanted_slug
                    page.slug = self.free_slug(page, post)
                    changed.append("slug")
                if changed:
                    page_save(page=page)
                    self.report.pages.updated += 1
                else:
                    self.report.pages.unchanged += 1
            by_wp_id[post.wp_id] = page
            written.append((post, page))
        WordPressPage.objects.bulk_create(new_links)
        return written

    def fields(self, post, parent):
        title = clip(plain_text(post.title).strip(), 250) or f"(no title {post.wp_id})"
        slug = wordpress_slug(post.slug, max_length=100) or make_slug(title, max_length=100) or f"page-{post.wp_id}"
        return {
            "title": title,
            "slug": slug,
            "parent": parent,
            "body": self.importer.body_html(post),
            "is_published": PAGE_STATUS[post.status] and not post.password,
        }

    def free_slug(self, page, post):
        """The page's slug, or the slug with -2, -3… where its address is taken."""
        base, wanted, n = page.slug, page.full_path(), 1
        while not self.address_is_free(page):
            n += 1
            suffix = f"-{n}"
            page.slug = base[: 100 - len(suffix)] + suffix
        if page.slug != base:
            self.report.notes.append(f"page {post.wp_id}: /{wanted}/ is taken, imported at /{page.full_path()}/")
        return page.slug

    def address_is_free(self, page):
        path = page.full_path()
        if Page.objects.filter(path=path).exclude(pk=page.pk).exists():
            return False
        if not page.parent_id and (
            page.slug in self.importer.slugs_taken or self.importer.article_slug_exists(page.slug)
        ):
            return False
        return address_owner(path) in PAGE_ADDRESS_VIEWS
