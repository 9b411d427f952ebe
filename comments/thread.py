"""The thread under an article: one query, the tree built in Python.

Every comment a reader may see on an article (the approved ones and their own
held ones) comes back in a single query, oldest first; replies are hung under
their parents here. The page's query count therefore stays the same whether
an article has no comment or thousands (tests pin it).

Readers choose the order of the top-level comments (`?order=`: oldest,
newest, or featured first; COMMENTS_ORDER is the default, spelled without a
parameter); replies stay under their parent, oldest first. The featured
block above the thread comes out of the same rows: no query more.

Replies nest up to MAX_DEPTH levels; a reply to a comment at the last level
is shown at that level, after its parent, and keeps its real parent in the
database. A reply whose parent is not visible (trashed, deleted) is shown at
the top level rather than hidden. Threads page by top-level comments:
COMMENTS_PER_PAGE of them (with all their replies) to a page.
"""

import math
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.conf import settings
from django.db import connections, router
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from newsportal.compiled_queries import apply_converters
from newsportal.page_cache import THREAD_ORDERS, thread_order

from .editing import editable_ids
from .models import Comment, CommentDisplay

MAX_DEPTH = 5

# Which held comments are this reader's own: the ids, in a signed cookie.
# The page cache (articles/page_cache.py) never serves a shared page to a
# reader carrying it (settings.PAGE_CACHE_PRIVATE_COOKIES).
OWN_COOKIE = "comment_author"
OWN_SALT = "comments.own"
OWN_MAX_AGE = 60 * 60 * 24 * 30
OWN_KEEP = 20

THREAD_FIELDS = (
    "id",
    "article_id",
    "parent_id",
    "user_id",
    "name",
    "email",
    "website",
    "body",
    "status",
    "created_at",
    "edited_at",
    "by_staff",
    "is_featured",
)
# Written by an active staff account: the thread shows a badge nobody else can get.
BY_STAFF = ExpressionWrapper(Q(user__is_staff=True, user__is_active=True), output_field=BooleanField())
FEATURED_EXCERPT_CHARS = 200


class ThreadComment(CommentDisplay):
    """One comment of the thread: its columns, without the cost of a model instance.

    A long thread is hundreds of rows on every uncached article page, and
    building model instances for them took longer than the query.
    """

    __slots__ = (*THREAD_FIELDS, "replies", "depth", "display_parent")

    def __init__(self, row):
        for name, value in zip(THREAD_FIELDS, row, strict=True):
            setattr(self, name, value)

    @property
    def pk(self):
        return self.id


def own_comment_ids(request):
    """The ids of held comments this browser posted (from the signed cookie)."""
    if request is None:
        return []
    raw = request.get_signed_cookie(OWN_COOKIE, default="", salt=OWN_SALT, max_age=OWN_MAX_AGE)
    return [int(part) for part in raw.split(",") if part.isdigit() and len(part) < 19][-OWN_KEEP:]


def reader_may_see(request, comment):
    """May this reader see the comment: approved on a public article, or held and their own?"""
    if not comment.article.is_public:
        return False
    if comment.status == Comment.Status.APPROVED:
        return True
    user = getattr(request, "user", None)
    return comment.status == Comment.Status.PENDING and (
        comment.pk in own_comment_ids(request)
        or (user is not None and user.is_authenticated and comment.user_id == user.pk)
    )


def remember_own_comment(request, response, comment):
    ids = [pk for pk in own_comment_ids(request) if pk != comment.pk] + [comment.pk]
    response.set_signed_cookie(
        OWN_COOKIE,
        ",".join(str(pk) for pk in ids[-OWN_KEEP:]),
        salt=OWN_SALT,
        max_age=OWN_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def order_of(request):
    """The thread order this request asks for; COMMENTS_ORDER when it names none (or none we know)."""
    raw = request.GET.get("order", "") if request is not None else ""
    return thread_order(raw) or settings.COMMENTS_ORDER


def order_query(order):
    """The query string that asks for `order`: empty for the default one."""
    return urlencode({"order": order}) if order != settings.COMMENTS_ORDER else ""


def page_url(article, page, order=None):
    url = (
        article.get_absolute_url()
        if page <= 1
        else reverse("comments:page", kwargs={"slug": article.slug, "page": page})
    )
    query = order_query(order or settings.COMMENTS_ORDER)
    return f"{url}?{query}" if query else url


def order_roots(roots, order, *, is_featured):
    """The top-level comments in `order`; `roots` come oldest first."""
    if order == "newest":
        return roots[::-1]
    if order == "featured":
        return sorted(roots, key=lambda root: not is_featured(root))  # stable: oldest first within each
    return roots


@dataclass
class Thread:
    article: object
    roots: list
    by_id: dict
    page: int = 1
    per_page: int = 50
    order: str = "oldest"
    page_roots: list = field(default_factory=list)
    # The comments this reader may still edit (comments/editing.py): an Edit link shows on them.
    editable_ids: frozenset = frozenset()

    @property
    def num_pages(self):
        return max(1, math.ceil(len(self.roots) / self.per_page))

    @property
    def is_empty(self):
        return not self.by_id

    @property
    def page_url(self):
        return page_url(self.article, self.page, self.order)

    @property
    def order_query(self):
        return order_query(self.order)

    def pages(self):
        return [{"number": n, "url": page_url(self.article, n, self.order)} for n in range(1, self.num_pages + 1)]

    def previous_url(self):
        return page_url(self.article, self.page - 1, self.order) if self.page > 1 else ""

    def next_url(self):
        return page_url(self.article, self.page + 1, self.order) if self.page < self.num_pages else ""

    def orders(self):
        """The reader's choice of order: each one's label, address (page 1) and whether it is this one."""
        labels = {"oldest": _("Oldest"), "newest": _("Newest"), "featured": _("Featured first")}
        return [
            {
                "value": order,
                "label": labels[order],
                "url": page_url(self.article, 1, order),
                "current": order == self.order,
            }
            for order in THREAD_ORDERS
        ]

    def featured(self):
        """The featured comments of the whole thread, oldest first, each with its address in the thread."""
        return [
            {
                "comment": comment,
                "excerpt": Truncator(comment.body).chars(FEATURED_EXCERPT_CHARS),
                "url": f"{page_url(self.article, self.page_of(comment.pk), self.order)}#comment-{comment.pk}",
            }
            for comment in sorted(self.by_id.values(), key=lambda comment: (comment.created_at, comment.pk))
            if comment.shows_as_featured
        ]

    def page_of(self, comment_id):
        """The page a comment is on: the page of its top-level ancestor."""
        comment = self.by_id.get(comment_id)
        if comment is None:
            return 1
        while comment.display_parent is not None:
            comment = comment.display_parent
        return self.roots.index(comment) // self.per_page + 1

    def reply_target(self, raw_id):
        """The approved comment `?replytocom=` names, if it is in this thread."""
        raw = (raw_id or "").strip()
        if not raw.isdigit() or len(raw) > 18:
            return None
        comment = self.by_id.get(int(raw))
        return comment if comment is not None and comment.status == Comment.Status.APPROVED else None


def build_tree(comments):
    """Hang each comment under its parent; return (roots, by_id).

    Sets on each comment: `replies` (shown under it), `depth` (1 = top level)
    and `display_parent` (the comment it is shown under; None at the top).
    """
    by_id = {comment.pk: comment for comment in comments}
    children = {}
    roots = []
    for comment in comments:
        comment.replies = []
        if comment.parent_id in by_id and comment.parent_id != comment.pk:
            children.setdefault(comment.parent_id, []).append(comment)
        else:
            roots.append(comment)
    # Walk down from the roots (no recursion: depth is unbounded in the data).
    stack = []
    for root in roots:
        root.depth, root.display_parent = 1, None
        stack.append(root)
    while stack:
        node = stack.pop()
        for child in children.get(node.pk, ()):
            if node.depth < MAX_DEPTH:
                child.depth, holder = node.depth + 1, node
            else:
                child.depth, holder = MAX_DEPTH, node.display_parent
            child.display_parent = holder
            holder.replies.append(child)
            stack.append(child)
    for comment in comments:
        if len(comment.replies) > 1:
            comment.replies.sort(key=lambda reply: (reply.created_at, reply.pk))
    return roots, by_id


def _visible(article, request, extra_own_ids=()):
    user = getattr(request, "user", None)
    own_ids = [*own_comment_ids(request), *extra_own_ids]
    return Comment.objects.filter(article=article).visible_to(own_ids=own_ids, user=user).oldest_first()


def comment_url(article, comment_id, request=None, *, extra_own_ids=()):
    """Where a comment is for this reader: its page of the thread (in the
    default order) and anchor, or the thread's start when they cannot see it.

    Only ids are read (one light query), not the whole thread: this runs on
    every posting, and the thread may hold thousands of comments.
    """
    rows = list(_visible(article, request, extra_own_ids).values_list("id", "parent_id", "is_featured", "status"))
    parent_of = {pk: parent_id for pk, parent_id, _featured, _status in rows}
    if comment_id not in parent_of:
        return f"{article.get_absolute_url()}#comments"
    root, seen = comment_id, set()
    while parent_of[root] in parent_of and root not in seen:  # the same rule as build_tree
        seen.add(root)
        root = parent_of[root]
    featured = {pk for pk, _parent, is_featured, status in rows if is_featured and status == Comment.Status.APPROVED}
    roots = [pk for pk, parent_id, _featured, _status in rows if parent_id not in parent_of]
    roots = order_roots(roots, settings.COMMENTS_ORDER, is_featured=featured.__contains__)
    page = roots.index(root) // settings.COMMENTS_PER_PAGE + 1
    return f"{page_url(article, page)}#comment-{comment_id}"


# The thread's query compiled once per shape, since building and compiling it through the ORM took
# ten times as long as running it. Its shape is what changes the SQL: the database, how many held
# comments the reader names, whether they are signed in. The values that change from reader to reader
# are compiled as sentinels and found again in the parameters: everything else (statuses, the staff
# rule) stays the ORM's, written by the same `visible_to` as every other query of the thread.
_thread_queries = {}
_SENTINEL = -(10**15)


def _thread_query(using, own_count, signed_in):
    key = (using, connections[using].vendor, own_count, signed_in)
    compiled = _thread_queries.get(key)
    if compiled is None:
        article_id, user_id = _SENTINEL - 1, _SENTINEL - 2
        own_ids = [_SENTINEL - 3 - index for index in range(own_count)]
        user = SimpleNamespace(pk=user_id, is_authenticated=True) if signed_in else None
        queryset = (
            Comment.objects.using(using)
            .filter(article_id=article_id)
            .visible_to(own_ids=own_ids, user=user)
            .oldest_first()
            .annotate(by_staff=BY_STAFF)
            .values_list(*THREAD_FIELDS)
        )
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        slots = {value: index for index, value in enumerate(params) if type(value) is int and value <= _SENTINEL}
        columns = [select[0] for select in compiler.select[: compiler.col_count]]
        compiled = sql, list(params), slots.get(article_id), slots.get(user_id), [slots[pk] for pk in own_ids], columns
        _thread_queries[key] = compiled
    return compiled


def _thread_rows(article, request, extra_own_ids):
    """The rows of `_visible(...).annotate(by_staff=BY_STAFF).values_list(*THREAD_FIELDS)`."""
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    own_ids = [int(pk) for pk in (*own_comment_ids(request), *extra_own_ids)]
    using = router.db_for_read(Comment)
    sql, params, article_slot, user_slot, own_slots, columns = _thread_query(using, len(own_ids), user_id is not None)
    params = params[:]
    params[article_slot] = article.pk
    if user_slot is not None:
        params[user_slot] = user_id
    for slot, pk in zip(own_slots, own_ids, strict=True):
        params[slot] = pk
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return apply_converters(cursor.fetchall(), columns, connection)


def load_thread(article, request=None, *, page=1, extra_own_ids=()):
    """The thread as this reader sees it, in the order they asked for, cut to `page`; Http404 past the last page."""
    comments = [ThreadComment(row) for row in _thread_rows(article, request, extra_own_ids)]
    roots, by_id = build_tree(comments)
    order = order_of(request)
    roots = order_roots(roots, order, is_featured=lambda root: root.shows_as_featured)
    thread = Thread(
        article=article, roots=roots, by_id=by_id, page=page, per_page=settings.COMMENTS_PER_PAGE, order=order
    )
    if not 1 <= page <= thread.num_pages:
        raise Http404("No such page of comments.")
    start = (page - 1) * thread.per_page
    thread.page_roots = roots[start : start + thread.per_page]
    thread.editable_ids = editable_ids(request, comments)
    return thread
