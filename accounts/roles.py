"""The newsroom's two roles, as permission groups.

- Editors: everything about content (articles, FAQs, links, authors,
  categories, topics), publishing and scheduling, every author's articles,
  and comment moderation.
- Authors: write articles under their own name (with co-authors if they
  like), keep them as drafts and submit them for review. They see and change
  only the articles that name them in the byline, and
  only until an editor publishes them; they cannot publish, pick Editors'
  Picks, manage sections or topics, or moderate comments.

The article admin enforces the ownership part (articles/admin.py); this
module only says which permissions each group holds. It is applied by a data
migration and again after every `migrate`, so that permissions of an app
installed or migrated later are granted too. Granting only ever adds: a
permission an administrator gives a group by hand stays.
"""

EDITORS = "Editors"
AUTHORS = "Authors"
EVERY_PERMISSION = "__all__"

ROLE_PERMISSIONS = {
    EDITORS: {
        "articles": EVERY_PERMISSION,
        # The comments app may not be installed; missing permissions are skipped.
        "comments": EVERY_PERMISSION,
        "pages": EVERY_PERMISSION,
        "media_library": EVERY_PERMISSION,
    },
    AUTHORS: {
        "articles": [
            "add_article",
            "change_article",
            "delete_article",
            "view_article",
            "add_faq",
            "change_faq",
            "delete_faq",
            "view_faq",
            "add_relatedlink",
            "change_relatedlink",
            "delete_relatedlink",
            "view_relatedlink",
            "add_liveentry",
            "change_liveentry",
            "delete_liveentry",
            "view_liveentry",
            # Co-authors of their drafts, picked from the authors (which they see, not change).
            "add_byline",
            "change_byline",
            "delete_byline",
            "view_byline",
            "view_author",
            "view_category",
            "view_topic",
        ],
        # The body editor's picture button lists the library's pictures.
        "media_library": ["view_mediafile"],
    },
}
ROLE_APP_LABELS = {label for apps in ROLE_PERMISSIONS.values() for label in apps}


def grant_role_permissions(group_model, permission_model, using="default"):
    """Create the groups if missing and add each one's permissions that exist; returns how many were added."""
    added = 0
    for group_name, apps in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.using(using).get_or_create(name=group_name)
        for app_label, codenames in apps.items():
            permissions = permission_model.objects.using(using).filter(content_type__app_label=app_label)
            if codenames != EVERY_PERMISSION:
                permissions = permissions.filter(codename__in=codenames)
            missing = permissions.exclude(group=group)
            ids = list(missing.values_list("pk", flat=True))
            if ids:
                group.permissions.add(*ids)
                added += len(ids)
    return added


def grant_role_permissions_after_migrate(sender, using="default", **kwargs):
    if sender.label not in ROLE_APP_LABELS | {"accounts"}:
        return
    from django.contrib.auth.models import Group, Permission

    grant_role_permissions(Group, Permission, using=using)
