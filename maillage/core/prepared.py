"""Queries the ORM compiles once per process: for the few fixed-shape statements that nearly every
request runs (session, user, patient record, banner), compiling the QuerySet into SQL costs about
as much Python time as running it. A `Prepared` query is written as an ordinary QuerySet whose
variable values are `Param`s; the first call compiles it (per database alias), later calls only
bind the new values and build the rows with the ORM's own iterables (model instances with their
select_related objects, or dicts for `.values()`).

    _open_enrolment = Prepared(
        lambda: Enrolment.objects.filter(patient_id=Param("patient", Enrolment, "patient"),
                                         closed_on__isnull=True)
        .select_related("lead_coordinator")[:1]
    )
    enrolment = _open_enrolment.first(patient=patient.pk)

Only for queries whose SQL does not depend on the values (no optional filter, no `__in` list,
no None turning `=` into `IS NULL`): the values are bound positionally, converted as the
field would convert them (`get_db_prep_value`). The result is the list (or first row) itself,
never a QuerySet, so nothing can be chained onto the compiled SQL.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections, router
from django.db.models import Expression, QuerySet
from django.db.models.sql.constants import SINGLE


class _Slot:
    """Where a bound value goes in the compiled parameters."""

    __slots__ = ("field", "name")

    def __init__(self, name: str, field):
        self.name = name
        self.field = field

    def __repr__(self) -> str:  # shows in a failing test's SQL
        return f"<Param {self.name}>"


class Param(Expression):
    """A value given at each call of a `Prepared` query. `Param(name, Model, "field")` converts
    the value as that field does (a foreign key: as the field it points to)."""

    def __init__(self, name: str, model, field_name: str):
        field = model._meta.get_field(field_name)
        field = getattr(field, "target_field", field)
        super().__init__(output_field=field)
        self.name = name

    def resolve_expression(self, *args, **kwargs):
        return self

    def as_sql(self, compiler, connection):
        return "%s", (_Slot(self.name, self.output_field),)


class _State:
    __slots__ = ("compiled", "iterable_class", "model", "names", "params", "query", "sql")

    def __init__(self, queryset: QuerySet, compiler, sql: str, params):
        self.query = queryset.query
        self.iterable_class = queryset._iterable_class
        self.model = queryset.model
        self.sql = sql
        self.params = tuple(params)
        self.names = {p.name for p in self.params if isinstance(p, _Slot)}
        # What the iterables read from the compiler once as_sql() has run.
        self.compiled = {
            "select": compiler.select,
            "klass_info": compiler.klass_info,
            "annotation_col_map": compiler.annotation_col_map,
            "col_count": compiler.col_count,
            "has_extra_select": compiler.has_extra_select,
        }


class _BoundQuery:
    """The compiled query as the ORM's iterables see it: the compiler is the ready one."""

    def __init__(self, query, compiler):
        self._query = query
        self._compiler = compiler

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        return self._compiler

    def __getattr__(self, name):
        return getattr(self._query, name)


class _BoundQuerySet:
    """What ModelIterable / ValuesIterable read from a QuerySet."""

    _known_related_objects: dict = {}

    def __init__(self, state: _State, db: str, compiler):
        self.db = db
        self.model = state.model
        self.query = _BoundQuery(state.query, compiler)


def _bind(state, values: dict, db: str) -> tuple:
    if values.keys() != state.names:
        raise TypeError(f"Values {sorted(values)} given, {sorted(state.names)} expected.")
    connection = connections[db]
    params = []
    for param in state.params:
        if isinstance(param, _Slot):
            param = param.field.get_db_prep_value(values[param.name], connection, prepared=False)
        params.append(param)
    return tuple(params)


class Prepared:
    """A fixed-shape query compiled at its first call (see the module's docstring)."""

    def __init__(self, build: Callable[[], QuerySet]):
        self._build = build
        self._states: dict[str, _State] = {}
        self._lock = threading.Lock()

    def _state(self, db: str) -> _State:
        state = self._states.get(db)
        if state is None:
            with self._lock:
                queryset = self._build()
                compiler = queryset.query.get_compiler(using=db)
                sql, params = compiler.as_sql()
                state = self._states[db] = _State(queryset, compiler, sql, params)
        return state

    def sql(self, using: str | None = None) -> str:
        """The compiled SQL (parameters as %s), for tests and EXPLAIN."""
        return self._state(using or self._db()).sql

    def _db(self) -> str:
        return router.db_for_read(self._build_model())

    def _build_model(self):
        model = getattr(self, "_model", None)
        if model is None:
            model = self._model = self._build().model
        return model

    def list(self, *, using: str | None = None, **values) -> list:
        db = using or self._db()
        state = self._state(db)
        params = _bind(state, values, db)
        compiler = state.query.get_compiler(using=db)
        compiler.__dict__.update(state.compiled)
        bound = (state.sql, params)
        compiler.as_sql = lambda *args, **kwargs: bound
        return list(state.iterable_class(_BoundQuerySet(state, db, compiler)))

    def first(self, *, using: str | None = None, **values):
        rows = self.list(using=using, **values)
        return rows[0] if rows else None


class PreparedVariants:
    """One `Prepared` per variant of a query whose shape depends on a few fixed choices (a kind
    of reader, a page size): `variants[key]` is `Prepared(lambda: build(key))`, made at first
    use."""

    def __init__(self, build: Callable[[object], QuerySet]):
        self._build = build
        self._prepared: dict = {}

    def __getitem__(self, key) -> Prepared:
        prepared = self._prepared.get(key)
        if prepared is None:
            prepared = self._prepared.setdefault(key, Prepared(lambda: self._build(key)))
        return prepared


class _Captured(Exception):
    pass


class _AggregateState:
    __slots__ = ("col_count", "elide_empty", "empty", "names", "params", "query", "sql")


class PreparedAggregate:
    """`queryset.aggregate(**aggregates)` compiled at its first call, for a plain filtered
    queryset (no annotation, distinct, slice or union before the aggregate: Django then
    aggregates over the table itself, not over a subquery). `build()` returns the queryset and
    the aggregates; `.get(**values)` the dict `aggregate()` would."""

    def __init__(self, build: Callable[[], tuple[QuerySet, dict]]):
        self._build = build
        self._states: dict[str, _AggregateState] = {}
        self._lock = threading.Lock()
        self._model = None

    def _state(self, db: str) -> _AggregateState:
        state = self._states.get(db)
        if state is not None:
            return state
        with self._lock:
            queryset, aggregates = self._build()
            self._model = queryset.model
            query = queryset.query.chain()
            seen = {}

            def get_compiler(using=None, connection=None, elide_empty=True):
                compiler = type(query).get_compiler(query, using, connection, elide_empty)

                def capture(*args, **kwargs):
                    seen["sql"], seen["params"] = compiler.as_sql()
                    seen["col_count"] = compiler.col_count
                    seen["elide_empty"] = elide_empty
                    raise _Captured

                compiler.execute_sql = capture
                return compiler

            # Django calls the query's own get_compiler only when it aggregates over the table
            # itself; over a subquery it builds another query, never captured here.
            query.get_compiler = get_compiler
            try:
                query.get_aggregation(db, aggregates)
            except _Captured:
                pass
            finally:
                del query.get_compiler
            if not seen:
                raise ValueError("PreparedAggregate: an aggregate over a subquery.")
            state = _AggregateState()
            state.query = query
            state.sql = seen["sql"]
            state.params = tuple(seen["params"])
            state.names = {p.name for p in state.params if isinstance(p, _Slot)}
            state.col_count = seen["col_count"]
            state.elide_empty = seen["elide_empty"]
            state.empty = [e.empty_result_set_value for e in query.annotation_select.values()]
            self._states[db] = state
        return state

    def get(self, *, using: str | None = None, **values) -> dict:
        if using is None:
            if self._model is None:
                self._model = self._build()[0].model
            using = router.db_for_read(self._model)
        state = self._state(using)
        bound = (state.sql, _bind(state, values, using))
        query = state.query
        compiler = query.get_compiler(using, elide_empty=state.elide_empty)
        compiler.col_count = state.col_count
        compiler.as_sql = lambda *args, **kwargs: bound
        result = compiler.execute_sql(SINGLE)
        if result is None:
            result = state.empty
        else:
            cols = query.annotation_select.values()
            converters = compiler.get_converters(cols)
            result = next(compiler.apply_converters((result,), converters))
        return dict(zip(query.annotation_select, result, strict=True))
