"""Queries the ORM builds and compiles once per process, then runs with each call's own values.

An article page reads its article and a few small lists of its own (its
co-authors, FAQs, related links, corrections): indexed reads that the
database answers in tens of microseconds, while building each queryset and
compiling it to SQL took the ORM several times as long, on every page built.
Here the ORM still writes the SQL, from the queryset the caller builds, once
per database and shape; each value that changes from call to call (a slug,
the language, the time, an id) is compiled as a stand-in and found again
among the parameters, and the rows become model instances as the ORM's own
iterable makes them (`Model.from_db`, each column's converters applied, the
`select_related` objects and the annotations set).
"""

from datetime import UTC, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models.query import get_related_populators

# Values no row has and no query writes: compiled in place of the real values, then replaced by them.
INT_STAND_IN = -(10**15) - 1
STRING_STAND_IN = "\x00compiled-query-stand-in:{name}\x00"
TIME_STAND_IN = datetime(2000, 1, 1, tzinfo=UTC) + timedelta(microseconds=424_242)


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


def _stand_in(name, kind, number):
    """The stand-in of a value of type `kind`, and how a real value becomes the parameter the ORM would write."""
    if kind is int:
        return INT_STAND_IN - number, lambda value, connection: int(value)
    if kind is str:
        return STRING_STAND_IN.format(name=name), lambda value, connection: str(value)
    if kind is datetime:
        # As a DateTimeField writes it: a string in UTC on SQLite, the datetime itself on PostgreSQL.
        return (
            TIME_STAND_IN + timedelta(microseconds=number),
            lambda value, connection: connection.ops.adapt_datetimefield_value(value),
        )
    raise ImproperlyConfigured(f"a compiled query's value must be an int, a str or a datetime, not {kind!r} ({name})")


class _Compiled:
    """One query's SQL, where each value goes among its parameters, and how its rows become objects."""

    def __init__(self, queryset, using, stand_ins):
        connection = connections[using]
        compiler = queryset.query.get_compiler(using=using)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.slots = []
        for name, (stand_in, adapt) in stand_ins.items():
            written = adapt(stand_in, connection)
            positions = [
                index for index, value in enumerate(params) if type(value) is type(written) and value == written
            ]
            if not positions:
                raise ImproperlyConfigured(f"{queryset.query} does not use its value {name!r} as a parameter")
            self.slots.append((name, positions, adapt))
        info = compiler.klass_info
        if info is None or compiler.query.values_select or compiler.query.combinator:
            raise ImproperlyConfigured(f"{queryset.query} does not read model instances of one query")
        self.model = info["model"]
        self.fetch_mode = queryset._fetch_mode
        if self.fetch_mode.track_peers:
            raise ImproperlyConfigured(f"{queryset.query}: a compiled query keeps no peers for its fetch mode")
        fields = info["select_fields"]
        self.fields_start, self.fields_end = fields[0], fields[-1] + 1
        self.columns = [select[0] for select in compiler.select[: compiler.col_count]]
        self.names = [column.target.attname for column in self.columns[self.fields_start : self.fields_end]]
        self.related_populators = get_related_populators(info, compiler.select, using, self.fetch_mode)
        self.annotations = list(compiler.annotation_col_map.items())

    def sql_with_params(self, connection, values):
        params = self.params[:]
        for name, positions, adapt in self.slots:
            written = adapt(values[name], connection)
            for position in positions:
                params[position] = written
        return self.sql, params

    def objects(self, using, values):
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(*self.sql_with_params(connection, values))
            rows = apply_converters(cursor.fetchall(), self.columns, connection)
        objects = []
        for row in rows:
            obj = self.model.from_db(
                using, self.names, row[self.fields_start : self.fields_end], fetch_mode=self.fetch_mode
            )
            for populator in self.related_populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


class CompiledQuery:
    """The objects of `build(**values)`, a queryset of model instances, its SQL compiled once per database and shape.

    `value_types` names each value that changes from call to call and its
    type (int, str, or an aware datetime). `build` must write the same SQL
    whatever the values; whatever else it reads that changes the SQL (a
    setting, the length of a list) belongs in the `shape` each call passes,
    which keys the compiled SQL. A value must be used as a query parameter
    at least once (a time in a subquery too is replaced there as well); the
    first call of each shape refuses a query the stand-ins cannot describe.
    """

    def __init__(self, build, *, model, **value_types):
        self.build = build
        self.model = model
        self.stand_ins = {
            name: _stand_in(name, kind, number) for number, (name, kind) in enumerate(value_types.items())
        }
        self._compiled = {}

    def objects(self, *, shape=(), **values):
        using, compiled = self._compile(shape, values)
        return compiled.objects(using, values)

    def sql_with_params(self, *, shape=(), **values):
        """The SQL and parameters it runs for these values: those the ORM compiles from `build(**values)`."""
        using, compiled = self._compile(shape, values)
        return compiled.sql_with_params(connections[using], values)

    def _compile(self, shape, values):
        if values.keys() != self.stand_ins.keys():
            raise TypeError(f"the compiled query takes {sorted(self.stand_ins)}, not {sorted(values)}")
        using = router.db_for_read(self.model) or DEFAULT_DB_ALIAS
        compiled = self._compiled.get((using, shape))
        if compiled is None:
            queryset = self.build(**{name: stand_in for name, (stand_in, adapt) in self.stand_ins.items()})
            compiled = self._compiled[using, shape] = _Compiled(queryset.using(using), using, self.stand_ins)
        return using, compiled


class CompiledList:
    """The objects of `build(parent_id)` that belong to one object (`list.of(article)`), compiled once.

    `parent_field` names the foreign key to that object: each object then
    reads it without a query, as those of `article.faqs.all()` do; with
    `prefetch_into`, `article.<related_name>.all()` answers from the list,
    as after `prefetch_related`.
    """

    def __init__(self, build, *, parent_field):
        self.parent_field = parent_field
        self._query = None
        self._build = build

    def of(self, parent):
        if self._query is None:
            model = self._build(INT_STAND_IN).model
            self._query = CompiledQuery(lambda parent_id: self._build(parent_id), model=model, parent_id=int)
            self._field = model._meta.get_field(self.parent_field)
        objects = self._query.objects(parent_id=parent.pk)
        for obj in objects:
            self._field.set_cached_value(obj, parent)
        return objects

    def prefetch_into(self, parent):
        """Read the list and keep it where `prefetch_related` would: `parent.<related_name>.all()` costs no query."""
        objects = self.of(parent)
        related_name = self._field.remote_field.get_accessor_name()
        queryset = getattr(parent, related_name).get_queryset()
        queryset._result_cache = objects
        queryset._prefetch_done = True
        parent.__dict__.setdefault("_prefetched_objects_cache", {})[related_name] = queryset
        return objects
