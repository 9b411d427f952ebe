import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from accounts.roles import AUTHORS, EDITORS
from articles.models import Author
from articles.tests.factories import make_author

pytestmark = pytest.mark.django_db
User = get_user_model()


def run(*args):
    out = StringIO()
    call_command("seed_demo_accounts", *args, stdout=out)
    return out.getvalue()


def printed_passwords(output):
    return dict(re.findall(r"username (\S+)\s+password (\S+)", output))


def test_creates_an_editor_and_an_author_and_prints_their_passwords_once():
    writer_profile = make_author(name="Ethan Kim")
    output = run()
    passwords = printed_passwords(output)
    assert set(passwords) == {"editor", "author"}
    editor, author = User.objects.get(username="editor"), User.objects.get(username="author")
    for user in (editor, author):
        assert user.is_staff and not user.is_superuser
        assert user.check_password(passwords[user.username])
        assert passwords[user.username] not in user.password  # only the hash is stored
        assert len(passwords[user.username]) >= 16
    assert list(editor.groups.values_list("name", flat=True)) == [EDITORS]
    assert list(author.groups.values_list("name", flat=True)) == [AUTHORS]
    assert Author.objects.get(user=author) == writer_profile

    assert printed_passwords(run()) == {}
    editor.refresh_from_db()
    assert editor.check_password(passwords["editor"])


def test_reset_passwords_prints_new_ones_and_the_old_ones_stop_working():
    old = printed_passwords(run())
    new = printed_passwords(run("--reset-passwords"))
    assert set(new) == {"editor", "author"}
    for username in ("editor", "author"):
        user = User.objects.get(username=username)
        assert new[username] != old[username]
        assert user.check_password(new[username])
        assert not user.check_password(old[username])
    assert User.objects.count() == 2


def test_the_author_account_gets_a_profile_of_its_own_when_none_is_free():
    run()
    assert Author.objects.get(user__username="author").name == "Demo Author"


def test_the_accounts_can_sign_in_to_the_newsroom(client):
    passwords = printed_passwords(run())
    response = client.post("/admin/login/", {"username": "author", "password": passwords["author"], "next": "/admin/"})
    assert response.status_code == 302
    assert client.get("/admin/articles/article/add/").status_code == 200
