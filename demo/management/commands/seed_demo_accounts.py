"""`manage.py seed_demo_accounts`: one editor and one author to try the newsroom with.

Passwords are generated (secrets) and stored only as Django's hashes; each
is printed once, when the account is created or `--reset-passwords` makes a
new one. Running it again changes nothing and prints no password.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.roles import AUTHORS, EDITORS, grant_role_permissions
from articles.models import Author
from demo import content as demo_content

DEMO_ACCOUNTS = [
    {"username": "editor", "name": ("Demo", "Editor"), "email": "editor@example.com", "group": EDITORS},
    {"username": "author", "name": ("Demo", "Author"), "email": "author@example.com", "group": AUTHORS},
]


def new_password():
    return secrets.token_urlsafe(12)


class Command(BaseCommand):
    help = "Create the demo newsroom accounts 'editor' and 'author' if missing, printing their generated passwords."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Give both accounts new generated passwords, and print them.",
        )

    @transaction.atomic
    def handle(self, *args, **options):
        grant_role_permissions(Group, Permission)
        user_model = get_user_model()
        for account in DEMO_ACCOUNTS:
            user = user_model.objects.filter(username=account["username"]).first()
            created = user is None
            if created:
                user = user_model(
                    username=account["username"],
                    first_name=account["name"][0],
                    last_name=account["name"][1],
                    email=account["email"],
                    is_staff=True,
                )
            password = None
            if created or options["reset_passwords"]:
                password = new_password()
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=account["group"]))
            if account["group"] == AUTHORS:
                self.link_author_profile(user)
            if password:
                verb = "Created" if created else "New password for"
                self.stdout.write(
                    f"{verb} newsroom account ({account['group']}): username {user.username}  password {password}"
                )

    @staticmethod
    def link_author_profile(user):
        """An author writes under an Author profile: a demo writer's if one is free (never the
        demo's guest contributor, who has no account), else a new one."""
        if Author.objects.filter(user=user).exists():
            return
        free = Author.objects.filter(user__isnull=True).exclude(slug__in=demo_content.GUEST_CONTRIBUTORS)
        profile = free.order_by("pk").first()
        if profile is None:
            profile = Author.objects.create(name="Demo Author", slug="demo-author")
        profile.user = user
        profile.save(update_fields=["user"])
