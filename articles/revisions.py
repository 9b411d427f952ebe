"""Revisions of articles: what each save looked like, who made it and when (django-reversion).

A revision holds the article's fields, its topics, its FAQs and its "More
about" links. Revisions are made only by articles.services (every change of an
article goes through it: the admin, importers, commands), never by signals,
so a revision always shows the article as the change committed it, FAQs and
links included. Counted and derived columns (the comment count, the image
renditions, the timestamps) are not kept: restoring must never move them back.

`compare()` turns two revisions into a side-by-side diff, every value escaped
(bodies are shown as their HTML source, one block per line, never rendered).
"""

import difflib
import re
from dataclasses import dataclass, field

import reversion
from django.db import models
from django.template.defaultfilters import date as date_filter
from django.utils import timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

# Derived, counted, stamped by the database or set by breaking news: a restore must leave them as they are.
NOT_KEPT = [
    "image_renditions",
    "comment_count",
    "created_at",
    "updated_at",
    "breaking_since",
    "breaking_until",
]
# Bookkeeping kept in every revision (to find the one an editor opened) but not worth showing.
NOT_SHOWN = {"id", "edit_version"}
# What a restore brings back: what the article says and shows. Where it stands in the
# workflow (status, publication time, address, author, Editors' Pick) stays as it is now;
# those change through publishing, which has its own permissions.
RESTORED_FIELDS = ["title", "excerpt", "body", "featured_image", "featured_image_alt", "category", "topic"]
RESTORED_MANY = ["tags"]


def register():
    from .models import FAQ, Article, RelatedLink

    reversion.register(Article, exclude=NOT_KEPT, follow=["faqs", "related_links"])
    reversion.register(FAQ)
    reversion.register(RelatedLink)


def article_versions(article_id):
    """The article's kept versions, newest first, with their revisions (who, when)."""
    from .models import Article

    return (
        Version.objects.get_for_object_reference(Article, article_id)
        .select_related("revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def version_opened_at(article_id, edit_version):
    """The newest kept version of the article at `edit_version` (what an editor opened), or None."""
    for version in article_versions(article_id):
        if version.field_dict.get("edit_version") == edit_version:
            return version
    return None


def user_label(user):
    if user is None:
        return _("no one recorded (an import, a command, or before revisions were kept)")
    return user.get_full_name() or user.get_username()


def revision_label(version):
    when = date_filter(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
    return _("%(when)s by %(who)s") % {"when": when, "who": user_label(version.revision.user)}


def related_versions(version, model):
    """The FAQs or links kept with an article's version, in their order on the page."""
    kept = version.revision.version_set.get_for_model(model)
    dicts = [kept_version.field_dict for kept_version in kept]
    return sorted(dicts, key=lambda values: (values.get("position") or 0, values.get("id") or 0))


# --- Reading a version as text ---------------------------------------------------

_BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|ul|ol|figure|figcaption|pre|table|tr)>|<br\s*/?>)", re.I)
_BLOCK_START = re.compile(r"(?=<(?:ul|ol|li|table|tr)\b)", re.I)


def body_lines(html):
    """Body HTML as lines of source, one block (paragraph, heading, list item) a line."""
    html = _BLOCK_START.sub("\n", _BLOCK_END.sub(r"\1\n", html or ""))
    return [line.strip() for line in html.splitlines() if line.strip()]


class _Names:
    """Names of the authors, sections and topics versions point at, looked up once per model."""

    def __init__(self):
        self.cache = {}

    def __call__(self, model, pks):
        pks = {pk for pk in pks if pk is not None}
        known = self.cache.setdefault(model, {})
        missing = pks - known.keys()
        if missing:
            known.update({obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=missing)})
            for pk in missing - known.keys():
                known[pk] = _("(deleted, #%(id)s)") % {"id": pk}
        return [known[pk] for pk in pks]


def _value_lines(article_field, value, names):
    if value is None or value == "":
        return []
    if article_field.name == "body":
        return body_lines(value)
    if isinstance(article_field, models.ManyToManyField):
        return sorted(names(article_field.related_model, [int(pk) for pk in value]))
    if isinstance(article_field, models.ForeignKey):
        return names(article_field.related_model, [value])
    if article_field.choices:
        return [str(dict(article_field.flatchoices).get(value, value))]
    if isinstance(article_field, models.BooleanField):
        return [str(_("Yes") if value else _("No"))]
    if isinstance(article_field, models.DateTimeField):
        return [date_filter(timezone.localtime(value), "DATETIME_FORMAT")]
    if isinstance(article_field, models.FileField):
        return [str(value)]
    return str(value).splitlines()


def version_fields(version, names=None):
    """[(key, label, lines)] of an article's version: its fields, then its FAQs and links."""
    from .models import FAQ, Article, RelatedLink

    names = names or _Names()
    values = version.field_dict
    rows = []
    for article_field in Article._meta.get_fields():
        attname = getattr(article_field, "attname", None)
        if attname not in values or article_field.name in NOT_SHOWN:
            continue
        lines = _value_lines(article_field, values[attname], names)
        rows.append((article_field.name, article_field.verbose_name, lines))
    faqs = []
    for faq in related_versions(version, FAQ):
        faqs += [f"Q: {faq['question']}", *(f"A: {line}" for line in (faq["answer"] or "").splitlines())]
    rows.append(("faqs", _("Frequently asked questions"), faqs))
    links = [f"{link['title']} — {link['url']}" for link in related_versions(version, RelatedLink)]
    rows.append(("related_links", _("“More about” links"), links))
    return rows


# --- The diff ----------------------------------------------------------------------

_WORDS = re.compile(r"(\s+)")


def _marked(text, other, tag):
    """`text` escaped, the runs of words that differ from `other` wrapped in <del> or <ins>."""
    mine, theirs = _WORDS.split(text), _WORDS.split(other)
    runs = []  # [changed, text]: a space between two changed words belongs to the change
    for op, _their_start, _their_end, start, end in difflib.SequenceMatcher(None, theirs, mine).get_opcodes():
        chunk = "".join(mine[start:end])
        if chunk:
            runs.append([op != "equal", chunk])
    for number in range(1, len(runs) - 1):
        if not runs[number][0] and not runs[number][1].strip() and runs[number - 1][0] and runs[number + 1][0]:
            runs[number][0] = True
    merged = []
    for changed, chunk in runs:
        if merged and merged[-1][0] == changed:
            merged[-1][1] += chunk
        else:
            merged.append([changed, chunk])
    pieces = []
    for changed, chunk in merged:
        words = chunk.strip()
        if not changed or not words:
            pieces.append(conditional_escape(chunk))
            continue
        # The spaces around a changed run are not part of it.
        start = chunk.index(words)
        pieces.append(format_html("{}<{}>{}</{}>{}", chunk[:start], tag, words, tag, chunk[start + len(words) :]))
    return format_html_join("", "{}", ((piece,) for piece in pieces))


@dataclass
class DiffRow:
    kind: str  # "equal", "changed", "removed", "added", "skipped"
    old: str = ""
    new: str = ""


@dataclass
class FieldDiff:
    label: str
    rows: list = field(default_factory=list)

    @property
    def changed(self):
        return any(row.kind != "equal" and row.kind != "skipped" for row in self.rows)


# Unchanged lines shown around a change; longer unchanged runs are folded.
CONTEXT_LINES = 2


def diff_lines(old, new):
    """Side-by-side rows of two lists of lines: changes with a little context, long unchanged runs folded."""
    if old == new:
        return []
    rows = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    shown_to = 0
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        if group[0][1] > shown_to:
            rows.append(DiffRow("skipped"))
        for op, old_start, old_end, new_start, new_end in group:
            old_part, new_part = old[old_start:old_end], new[new_start:new_end]
            if op == "equal":
                pairs = zip(old_part, new_part, strict=True)
                rows += [DiffRow("equal", conditional_escape(a), conditional_escape(b)) for a, b in pairs]
                continue
            paired = min(len(old_part), len(new_part)) if op == "replace" else 0
            for a, b in zip(old_part[:paired], new_part[:paired], strict=True):
                rows.append(DiffRow("changed", _marked(a, b, "del"), _marked(b, a, "ins")))
            rows += [DiffRow("removed", old=format_html("<del>{}</del>", a)) for a in old_part[paired:]]
            rows += [DiffRow("added", new=format_html("<ins>{}</ins>", b)) for b in new_part[paired:]]
        shown_to = group[-1][2]
    if shown_to < len(old):
        rows.append(DiffRow("skipped"))
    return rows


def compare(old_version, new_version):
    """Every field of two versions of an article, side by side; an unchanged field has no rows."""
    names = _Names()
    old_fields = {key: lines for key, _label, lines in version_fields(old_version, names)}
    return [
        FieldDiff(label=label, rows=diff_lines(old_fields.get(key, []), lines))
        for key, label, lines in version_fields(new_version, names)
    ]
