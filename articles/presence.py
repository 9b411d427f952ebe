"""Who has an article's change form open, kept in the shared cache so every gunicorn worker sees it.

Each open form says it is there when it loads and then every
POLL_SECONDS (static/js/article-presence.js); an entry nobody renews is
forgotten after PRESENCE_SECONDS, so a closed tab drops out on its own.
Two workers writing the same article's entry at once may drop one of them
until its next renewal, a few seconds later: this is a hint for editors, not
a lock (saving is protected by the article's edit version). A cache that
fails shows nobody, and the form works as ever.
"""

import time

from django.core.cache import cache

POLL_SECONDS = 10
PRESENCE_SECONDS = 3 * POLL_SECONDS


def _key(article_id):
    return f"article-presence-{article_id}"


def _display_name(user):
    return user.get_full_name() or user.get_username()


def _present(article_id):
    now = time.time()
    present = cache.get(_key(article_id)) or {}
    return {uid: entry for uid, entry in present.items() if entry[1] > now}


def _others(present, user):
    return sorted(name for uid, (name, _expires) in present.items() if uid != str(user.pk))


def others_present(article_id, user):
    """The names of the others who have the article open, noting nothing."""
    return _others(_present(article_id), user)


def article_presence(article_id, user, *, leaving=False):
    """Note that `user` has the article open (or has just left it); return the names of the others there."""
    now = time.time()
    present = _present(article_id)
    if leaving:
        present.pop(str(user.pk), None)
    else:
        present[str(user.pk)] = [_display_name(user), now + PRESENCE_SECONDS]
    cache.set(_key(article_id), present, PRESENCE_SECONDS)
    return _others(present, user)
