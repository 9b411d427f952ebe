"""What each PostgreSQL session of the site is set to when it connects.

Set with SET on the connection rather than as libpq's `options`, which a
pooler such as PgBouncer refuses at connect unless told to ignore it.
"""

from django.conf import settings


def set_up_session(sender, connection, **kwargs):
    if connection.vendor == "postgresql" and not settings.DATABASE_JIT:
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
