"""Live coverage on the article page and in its live updates (`<slug>/live/?after=<id>`).

The page shows every entry, newest first, under a summary of the key
events; static/js/live.js asks the live updates for the entries after the
newest one it has, every LIVE_POLL_SECONDS while the tab is visible, and puts
them at the top. Both are cached pages under the article's key, which every
change of its coverage or entries announces (services.live_*), so neither is
ever stale. Only public articles are ever answered to readers.
"""

from django.template.loader import render_to_string

from . import structured_data
from .models import LiveCoverage

# A new entry reaches a reader with the page open within 10 seconds: the next ask comes at
# most this long after it is posted, and its answer is built at once (the post dropped the cache).
LIVE_POLL_SECONDS = 8
# A reader away longer than this many entries gets the newest ones and is told to reload for the rest.
LIVE_UPDATES_MAX = 50


def coverage_of(article):
    """The article's live coverage, read with it (select_related), or None."""
    try:
        return article.live_coverage
    except LiveCoverage.DoesNotExist:
        return None


def page_context(article, coverage, blocks, request):
    """What the article page adds for live coverage: its entries (one query) and its LiveBlogPosting."""
    entries = list(article.live_entries.for_page())
    for number, block in enumerate(blocks):
        if block.get("@type") == "NewsArticle":
            blocks[number] = structured_data.live_blog_posting(block, coverage, entries, request)
    return {
        "coverage": coverage,
        "live_entries": entries,
        "key_events": [entry for entry in entries if entry.is_key_event],
        "live_poll_seconds": LIVE_POLL_SECONDS,
    }


def updates(article, coverage, after):
    """The entries after the entry `after` (an id), newest first, each written out as the page shows it."""
    entries = list(article.live_entries.for_page().filter(pk__gt=after)[: LIVE_UPDATES_MAX + 1])
    return {
        "live": coverage.is_live,
        "truncated": len(entries) > LIVE_UPDATES_MAX,
        "entries": [
            {
                "id": entry.pk,
                "key_event": entry.is_key_event,
                "html": render_to_string("articles/includes/live_entry.html", {"entry": entry}),
                "key_event_html": (
                    render_to_string("articles/includes/live_key_event.html", {"entry": entry})
                    if entry.is_key_event
                    else ""
                ),
            }
            for entry in entries[:LIVE_UPDATES_MAX]
        ],
    }
