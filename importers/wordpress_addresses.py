"""The old site's addresses of what was imported, kept as OldAddress rows for 301 redirects.

Per post: `/?p=<id>` and its permalink (`/2013/01/10/slug/`, as the export's
<link> has it) when that differs from the article's new address; per page:
`/?page_id=<id>` and its permalink; per attachment: `/?attachment_id=<id>`
and its attachment page (`/<post-slug>/<attachment-slug>/`), to the file.
Category, tag and author archives need none: the portal keeps WordPress's
`/category/<slug>/`, `/tag/<slug>/` and `/author/<slug>/`.
A site exported from a folder (`https://example.org/blog`) has its addresses
kept without the folder, as the portal serves them from its root.
"""

from urllib.parse import parse_qsl, unquote, urlsplit

from articles.models import Article

from .models import OldAddress
from .text import is_number

QUERY_FORMS = ("p", "page_id", "attachment_id")
MAX_ADDRESS = 500


class OldAddresses:
    def __init__(self, importer):
        self.importer = importer
        self.report = importer.report
        self.base_path = ""

    @property
    def base(self):
        return self.base_path

    @base.setter
    def base(self, url):
        self.base_path = unquote(urlsplit(url or "").path).rstrip("/")

    def old_path(self, link):
        """The address a permalink had on the old site, as our request.path_info spells it; "" when none."""
        parts = urlsplit((link or "").strip())
        path = unquote(parts.path) or "/"
        if self.base_path and (path == self.base_path or path.startswith(self.base_path + "/")):
            path = path[len(self.base_path) :] or "/"
        query = dict(parse_qsl(parts.query))
        for name in QUERY_FORMS:
            if path == "/" and is_number(query.get(name)):
                return query_address(name, query[name])
        if path == "/" or parts.query:
            return ""
        return path if path.endswith("/") else path + "/"

    def attachment(self, post):
        media = self.importer.media.media.get(post.wp_id)
        if media is not None:
            target = {"media": media}
            self.write({query_address("attachment_id", post.wp_id): target, self.old_path(post.link): target})

    def articles(self, posts):
        from .wordpress import chunks

        slugs = {}
        for chunk in chunks(post.article_id for post in posts):
            slugs.update(Article.objects.filter(pk__in=chunk).values_list("pk", "slug"))
        wanted = {}
        for post in posts:
            target = {"article_id": post.article_id}
            wanted[query_address("p", post.wp_id)] = target
            path = self.old_path(post.link)
            if path != f"/{slugs.get(post.article_id)}/":
                wanted[path] = target
        self.write(wanted)

    def pages(self, written):
        wanted = {}
        for post, page in written:
            wanted[query_address("page_id", post.wp_id)] = {"page": page}
            wanted[self.old_path(post.link)] = {"page": page}
        self.write(wanted)

    def write(self, wanted):
        """Create or retarget the rows for these addresses; an address that is the target's own is skipped."""
        rows = {}
        for address, target in wanted.items():
            if not address or len(address) > MAX_ADDRESS:
                continue
            row = OldAddress(address=address, **target)
            if row.page_id and row.page.get_absolute_url() == address:
                continue
            rows[address] = row
        if not rows:
            return
        from .wordpress import chunks

        existing = {}
        for chunk in chunks(rows):
            existing.update((row.address, row) for row in OldAddress.objects.filter(address__in=chunk))
        new, changed = [], []
        for address, row in rows.items():
            current = existing.get(address)
            if current is None:
                new.append(row)
            elif (current.article_id, current.page_id, current.media_id) != (
                row.article_id,
                row.page_id,
                row.media_id,
            ):
                current.article_id, current.page_id, current.media_id = row.article_id, row.page_id, row.media_id
                changed.append(current)
            else:
                self.report.old_addresses.unchanged += 1
        OldAddress.objects.bulk_create(new, batch_size=1000)
        OldAddress.objects.bulk_update(changed, ["article", "page", "media"], batch_size=500)
        self.report.old_addresses.created += len(new)
        self.report.old_addresses.updated += len(changed)


def query_address(name, wp_id):
    return f"/?{name}={int(wp_id)}"
