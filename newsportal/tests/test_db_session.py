"""Each PostgreSQL session of the site is set up when it connects (newsportal/db.py)."""

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL session's settings"),
]


def jit_of_a_new_session():
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW jit")
            return cursor.fetchone()[0]
    finally:
        fresh.close()


def test_a_new_session_compiles_no_query_with_jit():
    assert jit_of_a_new_session() == "off"


def test_database_jit_leaves_the_servers_setting(settings):
    settings.DATABASE_JIT = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT reset_val FROM pg_settings WHERE name = 'jit'")
        servers = cursor.fetchone()[0]
    assert jit_of_a_new_session() == servers
