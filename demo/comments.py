"""Demo comments: believable, threaded, approved reader comments.

`seed_demo_comments(articles)` gives each article a short thread; with
`per_article=N` it gives each article N comments (for large data sets),
written with bulk_create one thread level at a time. It is idempotent: an
article that already has demo comments is left as it is. Counts on the
articles are recounted at the end.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from comments.models import Comment
from comments.services import article_recount_comments

DEMO_EMAIL_DOMAIN = "readers.example"
BATCH_SIZE = 1000

READERS = [
    "MapleLeafMike",
    "Sunny_Dee",
    "GardenGnome88",
    "QuietReader",
    "TomInTucson",
    "Priya K.",
    "OldNewsHound",
    "CoffeeFirst",
    "RiverRat42",
    "NightOwlNina",
    "Dad_of_three",
    "Marco P.",
    "HistoryBuff1950",
    "JustAsking",
    "PatchworkPam",
    "ElmStreetEd",
]

REMARKS = [
    "finally someone explains this in plain words. thanks!",
    "not sure i agree with all of it but a good read anyway",
    "been following this story for weeks, glad to see an update",
    "wow didnt know that. learn something new every day",
    "can someone explain what this means for regular people like me?",
    "hope things get better soon, fingers crossed 🤞",
    "my uncle was talking about exactly this at dinner lol",
    "interesting how nobody saw this coming…",
    "shared this with my book club, we will argue about it on friday 😄",
    "the faq part at the bottom is really handy, answered my question",
    "so many questions still. waiting for the next update",
    "this is the kind of news i come here for",
    "short and to the point, well written 👍",
    "read three articles on this today and this one made the most sense",
    "bookmarking this one, want to read the links later",
    "the numbers in the middle surprised me. is that for the whole year?",
    "good to see both sides in one article for a change",
    "big if true. lets see what happens next week",
]

REPLIES = [
    "same here!",
    "good point, hadn't thought of that",
    "lol exactly what i was thinking",
    "agree 100%",
    "not so sure, time will tell",
    "thanks for saying this",
    "the 'more about' links at the bottom explain it pretty well",
    "haha my family too",
    "i think it's for the whole year, yes",
    "fair enough 🙂",
]


def _email(name, n=None):
    local = "".join(ch for ch in name.lower() if ch.isalnum()) or "reader"
    return f"{local}{'' if n is None else f'.{n}'}@{DEMO_EMAIL_DOMAIN}"


def _times(article, count, rng):
    """`count` ascending times after the article went live, none in the future."""
    start = article.published_at + timedelta(minutes=20)
    end = max(timezone.now() - timedelta(minutes=1), start + timedelta(minutes=count))
    span = min((end - start).total_seconds(), 3 * 24 * 3600)
    return sorted(start + timedelta(seconds=rng.uniform(0, span)) for _ in range(count))


def _short_thread(article, rng):
    """Three or four top-level comments, one or two of them answered."""
    times = _times(article, 4, rng)
    names = rng.sample(READERS, 6)
    top = [
        Comment(article=article, name=name, email=_email(name), body=body, created_at=created_at)
        for name, body, created_at in zip(names, rng.sample(REMARKS, 4), times, strict=False)
    ][: rng.randint(3, 4)]
    replies = []
    for parent, name in zip(rng.sample(top, rng.randint(1, 2)), names[4:], strict=False):
        answered_at = min(parent.created_at + timedelta(minutes=rng.randint(5, 600)), timezone.now())
        replies.append(
            Comment(
                article=article,
                parent=parent,
                name=name,
                email=_email(name),
                body=rng.choice(REPLIES),
                created_at=answered_at,
            )
        )
    return [top, replies]


def _large_thread(article, count, rng):
    """`count` comments, about a third of them replies up to three deep,
    grouped by depth (levels[0] is the top level)."""
    levels = [[]]
    for n, created_at in enumerate(_times(article, count, rng)):
        depth = 0
        if rng.random() < 0.35:
            wanted = rng.randint(1, 3)
            depth = max(d for d in range(wanted + 1) if d == 0 or (d - 1 < len(levels) and levels[d - 1]))
        parent = rng.choice(levels[depth - 1][-20:]) if depth else None
        name = rng.choice(READERS)
        comment = Comment(
            article=article,
            parent=parent,
            name=name,
            email=_email(name, n),
            body=rng.choice(REPLIES if parent else REMARKS),
            created_at=created_at,
        )
        while len(levels) <= depth:
            levels.append([])
        levels[depth].append(comment)
    return levels


def _write_levels(levels):
    """bulk_create level by level, so that every parent has its id first."""
    created = 0
    for level in levels:
        for comment in level:
            comment.parent_id = comment.parent.pk if comment.parent is not None else None
            comment.status = Comment.Status.APPROVED
            comment.fingerprint = comment.compute_fingerprint()
        Comment.objects.bulk_create(level, batch_size=BATCH_SIZE)
        created += len(level)
    return created


def seed_demo_comments(articles, per_article=None, *, seed=2023):
    """Give each article without demo comments a thread; return how many were made."""
    rng = random.Random(seed)
    articles = list(articles)
    seeded = set(
        Comment.objects.filter(article__in=articles, email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
        .values_list("article_id", flat=True)
        .distinct()
    )
    created = 0
    with transaction.atomic():
        for article in articles:
            if article.pk in seeded:
                continue
            if per_article is None:
                created += _write_levels(_short_thread(article, rng))
            elif per_article > 0:
                created += _write_levels(_large_thread(article, per_article, rng))
        article_recount_comments([article.pk for article in articles])
    return created
