"""Every change to pages goes through here (the admin and the WordPress import call these).

Each runs in one transaction and announces, after it commits, the pages it
changed (`page-<id>`: their own address and their children's, which carry
the parent's slug) and, when a page was or is in the footer, `pages-footer`,
so every cached page's footer follows at once.
"""

from django.db import transaction

from newsportal import freshness

from .chrome import FOOTER_KEY
from .models import Page


def _in_footer(page):
    return page.is_published and page.show_in_footer


def page_save(*, page):
    """Create or update a page; the addresses of the pages under it follow its own."""
    with transaction.atomic():
        before = Page.objects.filter(pk=page.pk).first() if page.pk else None
        page.save()
        changed = [page]
        if before is not None and before.path != page.path:
            changed += _move_descendants(page)
        # Its title, address or place in the footer may have changed: the footer is rebuilt.
        in_footer = (before is not None and _in_footer(before)) or any(_in_footer(each) for each in changed)
        keys = {FOOTER_KEY} if in_footer else set()
        freshness.announce(*changed, keys=keys)
    return page


def _move_descendants(page):
    moved, level = [], [page]
    while level:
        children = list(Page.objects.filter(parent__in=level).select_related("parent"))
        for child in children:
            child.save(update_fields=["path"])
        moved += children
        level = children
    return moved


def page_delete(*, pages):
    """Pages with pages under them are protected by the database (move or delete those first)."""
    with transaction.atomic():
        pages = list(pages)
        keys = {FOOTER_KEY} if any(_in_footer(page) for page in pages) else set()
        freshness.announce(*pages, keys=keys)
        for page in pages:
            page.delete()
    return len(pages)
