"""Short queries the ORM builds and compiles once per process, then runs with each call's own value.

An article page reads a few small lists of its own (its FAQs, related links,
corrections): indexed reads that the database answers in tens of
microseconds, while building each queryset and compiling it to SQL took the
ORM several times as long, on every page built. Here the ORM still writes the
SQL, from the queryset the caller builds, once per database; the value that
changes from call to call (the article's id) is compiled as a stand-in and
found again among the parameters, and the rows become model instances as the
ORM makes them (`Model.from_db`, each column's converters applied).
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, router

# An id no row has: compiled in place of the real value, then replaced by it.
STAND_IN = -(10**15) - 1


def apply_converters(rows, columns, connection):
    """`rows` as the ORM returns them: each column's converters applied (dates and decimals on SQLite, …)."""
    converters = [
        (index, functions, column)
        for index, column in enumerate(columns)
        if (functions := connection.ops.get_db_converters(column) + column.get_db_converters(connection))
    ]
    if not converters:
        return rows
    rows = [list(row) for row in rows]
    for row in rows:
        for index, functions, column in converters:
            value = row[index]
            for function in functions:
                value = function(value, column, connection)
            row[index] = value
    return rows


class CompiledList:
    """The objects of `build(value)`: a queryset of one model, filtered by an integer and ordered.

    `build` must write the same SQL whatever the value; `select_related`
    and annotations are refused when it is first compiled.
    `parent_field` names the foreign key to the object the list belongs to
    (`list.of(article)`): each object then reads that object without a
    query, as those of `article.faqs.all()` do.
    """

    def __init__(self, build, *, parent_field):
        self.build = build
        self.parent_field = parent_field
        self._compiled = {}

    def of(self, parent):
        using = router.db_for_read(type(parent), instance=parent) or DEFAULT_DB_ALIAS
        sql, params, slot, columns, names, model, field = self._compile(using)
        params = params[:]
        params[slot] = parent.pk
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = apply_converters(cursor.fetchall(), columns, connection)
        objects = [model.from_db(using, names, row) for row in rows]
        for obj in objects:
            field.set_cached_value(obj, parent)
        return objects

    def _compile(self, using):
        compiled = self._compiled.get(using)
        if compiled is None:
            queryset = self.build(STAND_IN).using(using)
            compiler = queryset.query.get_compiler(using=using)
            sql, params = compiler.as_sql()
            slots = [index for index, value in enumerate(params) if type(value) is int and value == STAND_IN]
            info = compiler.klass_info
            if (
                len(slots) != 1
                or info is None
                or info.get("related_klass_infos")
                or compiler.annotation_col_map
                or info["select_fields"] != list(range(compiler.col_count))
            ):
                raise ImproperlyConfigured(f"{queryset.query} is not a plain list of one model filtered by one value")
            columns = [select[0] for select in compiler.select[: compiler.col_count]]
            names = [column.target.attname for column in columns]
            field = queryset.model._meta.get_field(self.parent_field)
            compiled = self._compiled[using] = (sql, list(params), slots[0], columns, names, queryset.model, field)
        return compiled
