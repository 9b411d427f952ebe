import pytest

from accounts.roles import AUTHORS, EDITORS

from .factories import make_author, make_user


@pytest.fixture
def announced(django_capture_on_commit_callbacks):
    """Run a service and what it announces after commit, as a real commit would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def editor(db):
    return make_user(username="ed", first_name="Edna", last_name="Editor", groups=[EDITORS])


@pytest.fixture
def writer(db):
    """A user in the Authors group who writes under the Author profile "Wanda Writer"."""
    user = make_user(username="wanda", first_name="Wanda", last_name="Writer", groups=[AUTHORS])
    make_author(name="Wanda Writer", slug="wanda-writer", user=user)
    return user


@pytest.fixture
def other_writer(db):
    user = make_user(username="oscar", groups=[AUTHORS])
    make_author(name="Oscar Other", slug="oscar-other", user=user)
    return user
