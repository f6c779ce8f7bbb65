"""`Storage`: the one interface to client records, on SQLite or PostgreSQL.

Every public method is one transaction. Inputs are validated with the models of records.py before the
transaction starts (invalid input raises pydantic.ValidationError and changes nothing); results are
the frozen record models, never ORM objects, so callers cannot change the database by accident.

Locking: a write that reads before it writes (a session updates the client's session count and the
no-progress flag; a check updates the client's latest level) first locks the client row. On SQLite
the whole write transaction already holds the database's write lock (BEGIN IMMEDIATE, engine.py);
on PostgreSQL the lock is `SELECT ... FOR NO KEY UPDATE` on the client row, so writes to one client
are serialized and no update is lost, while writes to different clients proceed in parallel. Deadlocks
or serialization failures (PostgreSQL) are retried a few times; every write is all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from sqlalchemy import (
    Engine,
    Integer,
    Select,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    literal_column,
    select,
    true,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from ..csv_cells import write_csv
from ..models import Level, PlanRequest, Treatment
from ..reaction import assess
from ..settings import ClinicSettings
from . import backup as backups
from . import names
from .engine import reader, writer
from .errors import ConsentRequired, NotFound, ProfileMissing
from .records import (
    Badge,
    CheckIn,
    CheckRecord,
    ClientIn,
    ClientPage,
    ClientQuery,
    ClientRecord,
    ClientSummary,
    PainMapIn,
    PlanIn,
    PlanRecord,
    RiskProfile,
    RiskProfileIn,
    SessionIn,
    SessionRecord,
    SessionVersionRecord,
    current_year,
    utcnow,
)
from .schema import (
    Base,
    Client,
    ClientNamePrefix,
    ReactionCheck,
    SavedPlan,
    SessionVersion,
    TreatmentSession,
    name_prefix_rows,
)
from .summaries import no_progress_from

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

RETRIES = 5
TRANSIENT_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected (PostgreSQL)

CSV_COLUMNS = [
    "session_id", "date", "treatment", "neck_treatment", "duration_min", "pressure", "regions",
    "pain_before", "pain_after", "note", "check_id", "checked_at", "level", "progress_sign",
    "regions_now", "complete_report", "engine_version", "report",
]  # fmt: skip


def _valid(model: type[M], data: M | Mapping[str, Any]) -> M:
    return data if isinstance(data, model) else model.model_validate(data)


def invalid(title: str, location: tuple[str | int, ...], message: str, value: Any) -> ValidationError:
    """A ValidationError for a rule pydantic cannot see alone (logic.errors.explain shows it)."""
    detail: InitErrorDetails = {
        "type": PydanticCustomError("value_error", "Value error, {error}", {"error": message}),
        "loc": location,
        "input": value,
    }
    return ValidationError.from_exception_data(title, [detail], hide_input=True)


# The client list counts its matches only this far (and at least to the end of the page asked for):
# beyond it a page's total reads "more than ..." and costs the same at 30 clients as at 10,000.
COUNT_LIMIT = 100


def count_bound(offset: int, limit: int) -> int:
    """How far `search_clients` counts the matches of a page at `offset` with `limit` rows.

    The page's `total` is exact when it is at most this bound; `bound + 1` means more than the bound.
    """
    return max(COUNT_LIMIT, offset + limit)


class _position(FunctionElement[int]):
    """1-based position of the second argument in the first, 0 when absent: instr() on SQLite,
    strpos() on PostgreSQL (both compare code points, like the prefix index)."""

    type = Integer()
    inherit_cache = True
    name = "instr"


@compiles(_position)
def _instr(element: _position, compiler: SQLCompiler, **kw: Any) -> str:
    return f"instr({compiler.process(element.clauses, **kw)})"


@compiles(_position, "postgresql")
def _strpos(element: _position, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strpos({compiler.process(element.clauses, **kw)})"


@lru_cache(maxsize=256)
def _list_statements(words: int, levels: int, badges: tuple[Badge, ...]) -> tuple[Select[Any], Select[Any]]:
    """The client list's page and count statements for one shape of query, built once.

    `levels`: 0 any level, 1 one level, 2 several. Values are bound parameters (w0, w1, ..., level or
    levels, born_by, limit, offset, bound), so SQLAlchemy's compiled-statement cache is hit on every
    later search of the same shape.

    With words, the first (w0, the longest) is looked up in client_name_prefixes, whose key lists its
    clients in name order; each further word (w1, ... bound as " word") must start a word of that
    same index entry's name, and level and badges are checked on the entry's client row. Without
    words the clients' own indexes give the order and carry every filter column. Either way a page
    reads entries in order and stops once it is full (after the rows it passes over, for a filter);
    its last column is the count of matches up to `bound` (a limit on the same read), so a page is
    one statement. The count statement alone serves a page that came back empty.
    """
    table = Client.__table__.c
    filters: list[Any] = []  # on the clients table
    source: FromClause
    counted: FromClause
    if levels == 1:
        filters.append(table.latest_level == bindparam("level"))
    elif levels:
        filters.append(table.latest_level.in_(bindparam("levels", expanding=True)))
    for badge in badges:
        if badge is Badge.elderly:
            filters.append(table.birth_year <= bindparam("born_by"))
        else:
            filters.append(table[BADGE_COLUMNS[badge]] == true())
    if words:
        prefixes = ClientNamePrefix.__table__.alias("p")
        spaced_name = literal_column("' '").op("||")(prefixes.c.name_norm)
        found = [prefixes.c.prefix == bindparam("w0")]
        found += [_position(spaced_name, bindparam(f"w{i}")) > 0 for i in range(1, words)]
        source = prefixes.join(Client.__table__, Client.__table__.c.id == prefixes.c.client_id)
        conditions = found + filters
        # Without filters the prefix index alone is counted (every entry has its client: foreign key).
        counted = source if filters else prefixes
        order = (prefixes.c.name_norm, prefixes.c.client_id)
    else:
        source = counted = Client.__table__
        conditions = filters
        order = (table.name_norm, table.id)
    columns = (
        table.id, table.name, table.birth_year, table.latest_level, table.latest_check_at,
        table.session_count, table.known_fainting_tendency, table.disclosures_not_reviewed, table.no_progress,
    )  # fmt: skip
    matches: Select[Any] = select(literal_column("1")).select_from(counted).where(*conditions).limit(bindparam("bound", type_=Integer))
    count = select(func.count()).select_from(matches.subquery("matches"))
    page = (
        select(*columns, count.scalar_subquery().label("matches"))
        .select_from(source)
        .where(*conditions)
        .order_by(*order)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )
    return page, count


# The client list's rows, validated as one list (pydantic-core's loop; cheaper per row than model_construct).
_SUMMARIES = TypeAdapter(list[ClientSummary])
# A row's badges by (elderly, fainting tendency, disclosures not reviewed, no progress), in Badge order.
_BADGE_SETS = {key: [b for b, on in zip(Badge, key, strict=True) if on] for key in itertools.product((False, True), repeat=4)}

BADGE_COLUMNS = {
    Badge.fainting_tendency: "known_fainting_tendency",
    Badge.disclosures_not_reviewed: "disclosures_not_reviewed",
    Badge.no_progress: "no_progress",
}


# What a write changed, for its audit row: tables and field names, never values (health data).
CHANGES = "reaktionsguide_changes"  # key in Session.info
BOOKKEEPING = frozenset({"updated_at"})
SESSION_FIELDS = (
    "date", "treatment", "neck_treatment", "duration_min", "pressure", "regions", "pain_before", "pain_after", "note",
)  # fmt: skip
VERSION_FIELDS = (*SESSION_FIELDS, "session_id", "version", "saved_at", "replaced_at", "replaced_by")


def _changes(session: Session) -> dict[str, dict[str, Any]]:
    changes: dict[str, dict[str, Any]] = session.info.setdefault(CHANGES, {"created": {}, "changed": {}, "deleted": {}})
    return changes


def _note_changes(session: Session, _context: Any, _instances: Any) -> None:
    """Before each flush of a write: which tables get rows, and which fields of existing rows change value."""
    changes = _changes(session)
    for row in session.new:
        table = row.__table__.name
        changes["created"][table] = changes["created"].get(table, 0) + 1
    for row in session.dirty:
        state = inspect(row)
        # committed_state holds the attributes assigned since the last flush (their old values); an
        # assignment of an equal value is no change.
        attrs = state.attrs
        changed = [key for key in state.committed_state if key not in BOOKKEEPING and attrs[key].history.has_changes()]
        if changed:
            changes["changed"].setdefault(row.__table__.name, set()).update(changed)
    for row in session.deleted:
        table = row.__table__.name
        changes["deleted"][table] = changes["deleted"].get(table, 0) + 1


def change_detail(session: Session, result: Any = None) -> dict[str, Any]:
    """The audit detail of a write: {"created": {table: rows}, "changed": {table: [fields]},
    "deleted": {table: rows}} (empty parts left out), and the session's id for a session's change."""
    session.flush()  # the last pending changes pass _note_changes too
    changes = _changes(session)
    detail: dict[str, Any] = {}
    if changes["created"]:
        detail["created"] = dict(sorted(changes["created"].items()))
    if changes["changed"]:
        detail["changed"] = {table: sorted(fields) for table, fields in sorted(changes["changed"].items())}
    if changes["deleted"]:
        detail["deleted"] = dict(sorted(changes["deleted"].items()))
    if isinstance(result, SessionRecord):
        detail["session_id"] = result.id
    return detail


def _transient(error: DBAPIError) -> bool:
    """Worth trying the whole transaction again: PostgreSQL's serialization failures and deadlocks, and
    SQLite's busy lock (its busy handler is not fair, so under load one writer can wait out the timeout
    while others keep taking the lock; the failed transaction has been rolled back)."""
    if getattr(error.orig, "sqlstate", None) in TRANSIENT_SQLSTATES:
        return True
    return isinstance(error.orig, sqlite3.OperationalError) and "database is locked" in str(error.orig)


class Storage:
    """Client records. Thread-safe: share one instance per process (e.g. st.cache_resource)."""

    def __init__(self, engine: Engine, settings: ClinicSettings, clock: Callable[[], dt.datetime] = utcnow):
        self._settings = settings
        # Where `settings` comes from on each call when set: the app points it at the clinic's settings
        # with an admin's overrides (ui/storage.py), so badges and assessments follow a change at once.
        self.settings_source: Callable[[], ClinicSettings] | None = None
        self._engine = engine
        self._clock = clock
        self._writes = sessionmaker(writer(engine), expire_on_commit=False, autoflush=True)
        event.listen(self._writes, "before_flush", _note_changes)
        self._reads = sessionmaker(reader(engine), expire_on_commit=False)
        # Called inside each write transaction with (session, action, client_id, detail): the audit
        # trail (logic/auth/audit.py installs it; open_storage does so when logic.auth is present).
        self.audit: Callable[[Session, str, int | None, Mapping[str, Any] | None], None] | None = None
        # Who acts, for the rows that name someone (a replaced session version); the audit trail sets it.
        self.actor: Callable[[], str] = lambda: "system"
        # Called once on close, in order (the audit trail's checkpoint, then open_storage's release of the
        # database's lock file; see files.py).
        self.on_close: list[Callable[[], None]] = []

    @property
    def settings(self) -> ClinicSettings:
        """The clinic settings in force (who is elderly, the thresholds of an assessment): the source's
        when one is set, else those the storage was opened with."""
        source = self.settings_source
        return source() if source is not None else self._settings

    @settings.setter
    def settings(self, value: ClinicSettings) -> None:
        self._settings = value

    # --- transactions ---

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite); commits on success, rolls back on error."""
        with self._writes() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """One read-only transaction that sees a single snapshot."""
        with self._reads() as session, session.begin():
            yield session

    def _write(self, work: Callable[[Session], T], action: str | None = None, client_id: int | None = None) -> T:
        for attempt in range(RETRIES):
            try:
                with self.write() as session:
                    result = work(session)
                    if action is not None and self.audit is not None:
                        who = client_id if client_id is not None else getattr(result, "client_id", None)
                        who = who if who is not None else getattr(result, "id", None)
                        self.audit(session, action, who, change_detail(session, result))
                    return result
            except DBAPIError as error:
                if not _transient(error) or attempt == RETRIES - 1:
                    raise
                time.sleep(0.01 * 2**attempt)
        raise AssertionError("unreachable")

    def _read(self, work: Callable[[Session], T]) -> T:
        with self.read() as session:
            return work(session)

    def close(self) -> None:
        tasks, self.on_close = self.on_close, []
        try:
            for task in tasks:
                task()
        finally:
            self._engine.dispose()

    def __enter__(self) -> Storage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- clients ---

    def create_client(
        self,
        client: ClientIn | Mapping[str, Any],
        profile: RiskProfileIn | Mapping[str, Any] | None = None,
        pain_regions: Iterable[str] | None = None,
    ) -> ClientRecord:
        """A new client, optionally with risk profile and original pain, in one transaction."""
        data = _valid(ClientIn, client)
        risk = _valid(RiskProfileIn, profile) if profile is not None else None
        pain = PainMapIn(regions=list(pain_regions)) if pain_regions is not None else None
        if (risk or pain) and not data.consent_health_data:
            raise ConsentRequired(None)

        def work(s: Session) -> ClientRecord:
            now = self._clock()
            row = Client(
                created_at=now,
                updated_at=now,
                known_fainting_tendency=False,
                disclosed_conditions=[],
                conditions_reviewed=False,
                original_pain_regions=[],
                session_count=0,
                no_progress=False,
                disclosures_not_reviewed=False,
            )
            self._apply_client(row, data)
            if risk:
                self._apply_profile(row, risk, now)
            if pain:
                self._apply_pain(row, pain, now)
            s.add(row)
            s.flush()
            self._insert_prefixes(s, row.id, row.name)
            return self._client_record(row)

        return self._write(work, "create_client")

    def update_client(self, client_id: int, client: ClientIn | Mapping[str, Any]) -> ClientRecord:
        """Replace the client's name, birth year, contact and consent."""
        data = _valid(ClientIn, client)

        def work(s: Session) -> ClientRecord:
            row = self._lock_client(s, client_id)
            old_norm = row.name_norm
            self._apply_client(row, data)
            row.updated_at = self._clock()
            if row.name_norm != old_norm:  # every prefix row carries the name: replace them all
                s.execute(delete(ClientNamePrefix).where(ClientNamePrefix.client_id == client_id))
                self._insert_prefixes(s, client_id, row.name)
            return self._client_record(row)

        return self._write(work, "update_client", client_id)

    def get_client(self, client_id: int) -> ClientRecord:
        return self._read(lambda s: self._client_record(self._client(s, client_id)))

    def delete_client(self, client_id: int) -> None:
        """Delete the client and everything recorded about them (sessions, checks, plans)."""

        def work(s: Session) -> None:
            self._lock_client(s, client_id)
            s.execute(delete(Client).where(Client.id == client_id))
            _changes(s)["deleted"]["clients"] = 1  # a Core delete, which the flush does not see

        self._write(work, "delete_client", client_id)

    def set_risk_profile(self, client_id: int, profile: RiskProfileIn | Mapping[str, Any]) -> ClientRecord:
        """Replace the risk profile the planner uses (A1: disclosures and whether they were reviewed)."""
        risk = _valid(RiskProfileIn, profile)

        def work(s: Session) -> ClientRecord:
            row = self._lock_client(s, client_id, health_data=True)
            now = self._clock()
            self._apply_profile(row, risk, now)
            row.updated_at = now
            return self._client_record(row)

        return self._write(work, "set_risk_profile", client_id)

    def set_original_pain(
        self, client_id: int, regions: Iterable[str], recorded_at: dt.datetime | None = None
    ) -> ClientRecord:
        """Replace the original pain marked on the body map (region ids of logic.body_map)."""
        pain = PainMapIn(regions=list(regions), recorded_at=recorded_at)

        def work(s: Session) -> ClientRecord:
            row = self._lock_client(s, client_id, health_data=True)
            now = self._clock()
            self._apply_pain(row, pain, now)
            row.updated_at = now
            return self._client_record(row)

        return self._write(work, "set_original_pain", client_id)

    # --- sessions ---

    def add_session(
        self,
        client_id: int,
        session: SessionIn | Mapping[str, Any],
        check: CheckIn | Mapping[str, Any] | None = None,
    ) -> SessionRecord:
        """Record a treatment session, and optionally its reaction check, in one transaction."""
        data = _valid(SessionIn, session)
        reaction = _valid(CheckIn, check) if check is not None else None
        if reaction is not None and reaction.session_id is not None:
            raise invalid("CheckIn", ("session_id",), "is set by add_session; leave it out", reaction.session_id)

        def work(s: Session) -> SessionRecord:
            client = self._lock_client(s, client_id, health_data=True)
            now = self._clock()
            row = TreatmentSession(client_id=client_id, created_at=now, updated_at=now)
            self._apply_session(row, data)
            s.add(row)
            s.flush()
            client.session_count = client.session_count + 1  # read-then-write, under the client lock
            self._refresh_no_progress(s, client)
            level = None
            if reaction is not None:
                level = self._insert_check(s, client, reaction, row.id).level
            return self._session_record(row, level)

        return self._write(work, "add_session", client_id)

    def update_session(self, session_id: int, session: SessionIn | Mapping[str, Any]) -> SessionRecord:
        data = _valid(SessionIn, session)

        def work(s: Session) -> SessionRecord:
            owner = s.scalar(select(TreatmentSession.client_id).where(TreatmentSession.id == session_id))
            if owner is None:
                raise NotFound("session", session_id)
            client = self._lock_client(s, owner, health_data=True)
            row = s.get(TreatmentSession, session_id, populate_existing=True)
            assert row is not None
            before = {name: getattr(row, name) for name in SESSION_FIELDS}
            self._apply_session(row, data)
            if any(getattr(row, name) != value for name, value in before.items()):  # keep the version it replaces
                now = self._clock()
                version = s.scalar(
                    select(func.count()).select_from(SessionVersion).where(SessionVersion.session_id == session_id)
                )
                s.add(SessionVersion(
                    session_id=session_id, client_id=owner, version=(version or 0) + 1, **before,
                    saved_at=row.updated_at, replaced_at=now, replaced_by=self.actor()[:100],
                ))  # fmt: skip
                row.updated_at = now
            s.flush()
            self._refresh_no_progress(s, client)
            return self._session_record(row, self._session_levels(s, owner, [session_id]).get(session_id))

        return self._write(work, "update_session")

    def session_versions(self, client_id: int) -> dict[int, list[SessionVersionRecord]]:
        """The earlier versions of the client's changed sessions, by session id, oldest first."""

        def work(s: Session) -> dict[int, list[SessionVersionRecord]]:
            self._client(s, client_id)
            rows = s.scalars(
                select(SessionVersion)
                .where(SessionVersion.client_id == client_id)
                .order_by(SessionVersion.session_id, SessionVersion.version)
            )
            found: dict[int, list[SessionVersionRecord]] = {}
            for row in rows:
                values = {name: getattr(row, name) for name in VERSION_FIELDS}
                values.update(treatment=Treatment(row.treatment), regions=list(row.regions))
                # Built without re-validation, like a session: the values were valid when they were saved.
                found.setdefault(row.session_id, []).append(SessionVersionRecord.model_construct(**values))
            return found

        return self._read(work)

    def list_sessions(self, client_id: int) -> list[SessionRecord]:
        """The client's sessions, oldest first (date, then order of entry), each with its latest level."""
        return self._read(lambda s: self._sessions(s, client_id))

    # --- reaction checks ---

    def record_check(self, client_id: int, check: CheckIn | Mapping[str, Any]) -> CheckRecord:
        """Store a reaction check; the client's latest level follows the newest check."""
        reaction = _valid(CheckIn, check)

        def work(s: Session) -> CheckRecord:
            client = self._lock_client(s, client_id, health_data=True)
            if reaction.session_id is not None:
                owner = s.scalar(select(TreatmentSession.client_id).where(TreatmentSession.id == reaction.session_id))
                if owner != client_id:
                    raise NotFound("session", reaction.session_id, client_id)
            return self._check_record(self._insert_check(s, client, reaction, reaction.session_id))

        return self._write(work, "record_check", client_id)

    def list_checks(self, client_id: int, session_id: int | None = None) -> list[CheckRecord]:
        """The client's reaction checks, oldest first; only one session's when session_id is given."""

        def work(s: Session) -> list[CheckRecord]:
            self._client(s, client_id)
            query = select(ReactionCheck).where(ReactionCheck.client_id == client_id)
            if session_id is not None:
                query = query.where(ReactionCheck.session_id == session_id)
            rows = s.scalars(query.order_by(ReactionCheck.checked_at, ReactionCheck.id))
            return [self._check_record(r) for r in rows]

        return self._read(work)

    # --- plans ---

    def save_plan(self, client_id: int, plan: PlanIn | Mapping[str, Any]) -> PlanRecord:
        """Store the engine's suggestion together with what the therapist chose."""
        data = _valid(PlanIn, plan)

        def work(s: Session) -> PlanRecord:
            self._lock_client(s, client_id, health_data=True)
            row = SavedPlan(
                client_id=client_id,
                created_at=data.created_at or self._clock(),
                request=data.request.model_dump(mode="json"),
                suggested=data.suggested.model_dump(mode="json"),
                chosen_duration_min=data.chosen_duration_min,
                chosen_pressure=data.chosen_pressure,
                chosen_interval_days=data.chosen_interval_days,
                accepted=data.accepted,
            )
            s.add(row)
            s.flush()
            return self._plan_record(row)

        return self._write(work, "save_plan", client_id)

    def list_plans(self, client_id: int) -> list[PlanRecord]:
        """The client's saved plans, oldest first."""

        def work(s: Session) -> list[PlanRecord]:
            self._client(s, client_id)
            rows = s.scalars(
                select(SavedPlan).where(SavedPlan.client_id == client_id).order_by(SavedPlan.created_at, SavedPlan.id)
            )
            return [self._plan_record(r) for r in rows]

        return self._read(work)

    # --- the client list ---

    def search_clients(
        self,
        query: str = "",
        level: Level | str | Iterable[Level | str] | None = None,
        flags: Iterable[Badge | str] | None = None,
        limit: int = 25,
        offset: int = 0,
    ) -> ClientPage:
        """A page of clients ordered by name, and how many match, counted up to count_bound(offset, limit).

        `query`: every word must start a word of the client's name (case-insensitive, e.g. "an han"
        finds "Anne Hansen"); `level`: the latest reaction level, or a collection of levels of which any
        will do; `flags`: badges that must all hold.
        `total` is exact up to the bound; beyond it, `total` is the bound + 1 ("more than the bound"),
        so no search counts more than max(COUNT_LIMIT, offset + limit) matches, however many there are.
        One statement reads the page and its count from indexes in the list's order (see
        _list_statements); nothing loads the whole table or aggregates the child tables.
        """
        if level is not None and not isinstance(level, (str, Level)):
            level = list(level)
        q = ClientQuery(query=query, level=level, flags=list(flags or []), limit=limit, offset=offset)
        # The longest word leads (it matches the fewest names); the others are checked on its entries.
        words = sorted(dict.fromkeys(names.words(q.query)), key=len, reverse=True)
        badges = tuple(sorted(set(q.flags), key=list(Badge).index))
        levels = q.levels
        page, count = _list_statements(len(words), min(len(levels), 2), badges)
        year = current_year()
        born_by = year - self.settings.elderly_age  # one reading for the filter and every row's badges
        bound = count_bound(q.offset, q.limit)
        params: dict[str, Any] = {"limit": q.limit, "offset": q.offset, "bound": bound + 1}
        for i, word in enumerate(words):
            params[f"w{i}"] = word if i == 0 else f" {word}"
        if len(levels) == 1:
            params["level"] = levels[0].value
        elif levels:
            params["levels"] = [lvl.value for lvl in levels]
        if Badge.elderly in badges:
            params["born_by"] = born_by

        def work(s: Session) -> ClientPage:
            rows = s.execute(page, params).all()
            if len(rows) < q.limit and (rows or q.offset == 0):
                total = q.offset + len(rows)  # the last page: its end is the total
            elif rows:
                total = rows[0].matches
            else:  # past the end (the list shrank since the previous page): count alone
                total = s.execute(count, params).scalar_one()
            items = _SUMMARIES.validate_python(
                [
                    {
                        "id": id_, "name": name, "age": year - born, "latest_level": latest, "latest_check_at": at,
                        "session_count": sessions,
                        "badges": _BADGE_SETS[born <= born_by, fainting, disclosures, stuck],
                    }
                    for id_, name, born, latest, at, sessions, fainting, disclosures, stuck, _ in rows
                ]
            )
            return ClientPage.model_construct(items=items, total=total, limit=q.limit, offset=q.offset)

        return self._read(work)

    # --- derived views ---

    def plan_request_for(self, client_id: int, planned_treatment: Treatment | str) -> PlanRequest:
        """The planner's input from the record: profile, age from birth year, sessions with their levels."""
        treatment = Treatment(planned_treatment)

        def work(s: Session) -> PlanRequest:
            client = self._client(s, client_id)
            if client.massage_experience is None:
                raise ProfileMissing(client_id)
            history = [
                {
                    "date": r.date,
                    "treatment": r.treatment,
                    "duration_min": r.duration_min,
                    "pressure": r.pressure,
                    "pain_before": r.pain_before,
                    "pain_after": r.pain_after,
                    "reaction_level": r.reaction_level,
                }
                for r in self._sessions(s, client_id, client)
            ]
            return PlanRequest.model_validate(
                {
                    "client": {
                        "age": current_year() - client.birth_year,
                        "massage_experience": client.massage_experience,
                        "condition_months": client.condition_months,
                        "trigger_points": client.trigger_points,
                        "trigger_point_severity": client.trigger_point_severity,
                        "stressors": client.stressors,
                        "bad_experience_before": client.bad_experience_before,
                        "known_fainting_tendency": client.known_fainting_tendency,
                        "disclosed_conditions": list(client.disclosed_conditions),
                        "conditions_reviewed": client.conditions_reviewed,
                    },
                    "history": history,
                    "planned_treatment": treatment,
                }
            )

        return self._read(work)

    def history_csv(self, client_id: int, delimiter: str = ",") -> str:
        """Every session with its reaction checks, one row per check (a session without checks: one row);
        checks not linked to a session follow at the end. Oldest first."""

        def work(s: Session) -> str:
            client = self._client(s, client_id)
            sessions = self._sessions(s, client_id, client)
            checks = s.scalars(
                select(ReactionCheck)
                .where(ReactionCheck.client_id == client_id)
                .order_by(ReactionCheck.checked_at, ReactionCheck.id)
            ).all()
            by_session: dict[int | None, list[ReactionCheck]] = {}
            for check in checks:
                by_session.setdefault(check.session_id, []).append(check)
            rows: list[list[Any]] = [CSV_COLUMNS]

            def check_cells(c: ReactionCheck | None) -> list[Any]:
                if c is None:
                    return [""] * 8
                return [
                    c.id, c.checked_at.isoformat(), c.level, c.progress_sign, " ".join(c.regions_now),
                    c.complete, c.engine_version, _json(c.report),
                ]  # fmt: skip

            for sess in sessions:
                cells = [
                    sess.id, sess.date.isoformat(), sess.treatment.value, sess.neck_treatment, f"{sess.duration_min:g}",
                    f"{sess.pressure:g}", " ".join(sess.regions), sess.pain_before, sess.pain_after, sess.note,
                ]  # fmt: skip
                of_session: list[ReactionCheck | None] = [*by_session.get(sess.id, [])]
                for c in of_session or [None]:
                    rows.append(cells + check_cells(c))
            for c in by_session.get(None, []):
                rows.append([""] * 10 + check_cells(c))
            return write_csv(rows, delimiter)

        return self._read(work)

    def count_rows(self) -> dict[str, int]:
        """Rows per table (tests use it to prove that invalid input changed nothing)."""

        def work(s: Session) -> dict[str, int]:
            return {
                name: s.scalar(select(func.count()).select_from(table)) or 0
                for name, table in Base.metadata.tables.items()
            }

        return self._read(work)

    def backup(self, path: str | Path, force: bool = False) -> backups.Copy:
        """A consistent, checked copy of the whole database while writes go on (see backup.py); an
        existing file is overwritten only with `force`, the database itself never."""
        return backups.backup(self._engine, Path(path), force)

    # --- internals ---

    def _client(self, s: Session, client_id: int) -> Client:
        row = s.get(Client, client_id)
        if row is None:
            raise NotFound("client", client_id)
        return row

    def _lock_client(self, s: Session, client_id: int, health_data: bool = False) -> Client:
        """Read the client row with a write lock (FOR NO KEY UPDATE; SQLite holds the database lock)."""
        row = s.scalars(
            select(Client).where(Client.id == client_id).with_for_update(key_share=True).execution_options(
                populate_existing=True
            )
        ).one_or_none()
        if row is None:
            raise NotFound("client", client_id)
        if health_data and not row.consent_health_data:
            raise ConsentRequired(client_id)
        return row

    @staticmethod
    def _insert_prefixes(s: Session, client_id: int, name: str) -> None:
        rows = name_prefix_rows(client_id, name)
        if rows:  # a name of punctuation alone has no words, and is found by no search word
            s.execute(insert(ClientNamePrefix), rows)

    @staticmethod
    def _apply_client(row: Client, data: ClientIn) -> None:
        row.name = data.name
        row.name_norm = names.normalize(data.name)
        row.birth_year = data.birth_year
        row.contact = data.contact
        row.consent_health_data = data.consent_health_data
        row.consent_date = data.consent_date

    @staticmethod
    def _apply_profile(row: Client, risk: RiskProfileIn, now: dt.datetime) -> None:
        row.massage_experience = risk.massage_experience.value
        row.condition_months = risk.condition_months
        row.trigger_points = risk.trigger_points.value
        row.trigger_point_severity = risk.trigger_point_severity.value
        row.stressors = risk.stressors
        row.bad_experience_before = risk.bad_experience_before
        row.known_fainting_tendency = risk.known_fainting_tendency
        row.disclosed_conditions = list(risk.disclosed_conditions)
        if risk.conditions_reviewed:
            row.reviewed_at = risk.reviewed_at or (row.reviewed_at if row.conditions_reviewed else None) or now
        else:
            row.reviewed_at = None
        row.conditions_reviewed = risk.conditions_reviewed
        row.disclosures_not_reviewed = risk.disclosures_not_reviewed
        row.profile_updated_at = now

    @staticmethod
    def _apply_pain(row: Client, pain: PainMapIn, now: dt.datetime) -> None:
        row.original_pain_regions = list(pain.regions)
        row.original_pain_recorded_at = pain.recorded_at or now

    @staticmethod
    def _apply_session(row: TreatmentSession, data: SessionIn) -> None:
        row.date = data.date
        row.treatment = data.treatment.value
        row.neck_treatment = data.neck_treatment
        row.duration_min = data.duration_min
        row.pressure = data.pressure
        row.regions = list(data.regions)
        row.pain_before = data.pain_before
        row.pain_after = data.pain_after
        row.note = data.note

    @staticmethod
    def _refresh_no_progress(s: Session, client: Client) -> None:
        """H2 from the first and the latest session only (pain before each): two indexed single-row reads."""
        first = s.scalar(
            select(TreatmentSession.pain_before)
            .where(TreatmentSession.client_id == client.id)
            .order_by(TreatmentSession.date, TreatmentSession.id)
            .limit(1)
        )
        last = s.scalar(
            select(TreatmentSession.pain_before)
            .where(TreatmentSession.client_id == client.id)
            .order_by(TreatmentSession.date.desc(), TreatmentSession.id.desc())
            .limit(1)
        )
        client.no_progress = no_progress_from(client.session_count, first, last)

    def _insert_check(self, s: Session, client: Client, reaction: CheckIn, session_id: int | None) -> ReactionCheck:
        assessment = reaction.assessment
        if assessment is None:
            assert reaction.report is not None  # CheckIn guarantees it
            assessment = assess(reaction.report, "da", self.settings)
        now = self._clock()
        checked_at = reaction.checked_at or now
        answers = reaction.report.model_dump(mode="json") if reaction.report is not None else dict(reaction.answers or {})
        row = ReactionCheck(
            client_id=client.id,
            session_id=session_id,
            checked_at=checked_at,
            report=answers,
            complete=reaction.report is not None,
            level=assessment.level.value,
            progress_sign=assessment.progress_sign,
            path=list(assessment.path),
            reasons=[r.model_dump(mode="json") for r in assessment.reasons],
            engine_version=assessment.engine_version,
            regions_now=list(reaction.regions_now),
            created_at=now,
        )
        s.add(row)
        s.flush()
        if client.latest_check_at is None or checked_at >= client.latest_check_at:
            client.latest_level = row.level
            client.latest_check_at = checked_at
        return row

    @staticmethod
    def _session_levels(s: Session, client_id: int, session_ids: list[int] | None = None) -> dict[int, Level]:
        """Each session's latest reaction level (the client's checks only: an indexed, bounded read)."""
        query = select(ReactionCheck.session_id, ReactionCheck.level).where(
            ReactionCheck.client_id == client_id, ReactionCheck.session_id.is_not(None)
        )
        if session_ids is not None:
            query = query.where(ReactionCheck.session_id.in_(session_ids))
        levels: dict[int, Level] = {}
        for session_id, level in s.execute(query.order_by(ReactionCheck.checked_at, ReactionCheck.id)):
            if session_id is not None:  # excluded by the query; says so to the type checker
                levels[session_id] = Level(level)
        return levels

    def _sessions(self, s: Session, client_id: int, client: Client | None = None) -> list[SessionRecord]:
        if client is None:
            self._client(s, client_id)
        rows = s.scalars(
            select(TreatmentSession)
            .where(TreatmentSession.client_id == client_id)
            .order_by(TreatmentSession.date, TreatmentSession.id)
        ).all()
        levels = self._session_levels(s, client_id) if rows else {}
        return [self._session_record(r, levels.get(r.id)) for r in rows]

    def _badges(
        self, birth_year: int, fainting: bool, disclosures: bool, stuck: bool, year: int = 0,
        elderly_age: int | None = None,
    ) -> list[Badge]:  # fmt: skip
        badges = []
        if (year or current_year()) - birth_year >= (elderly_age or self.settings.elderly_age):
            badges.append(Badge.elderly)
        if fainting:
            badges.append(Badge.fainting_tendency)
        if disclosures:
            badges.append(Badge.disclosures_not_reviewed)
        if stuck:
            badges.append(Badge.no_progress)
        return badges

    def _client_record(self, row: Client) -> ClientRecord:
        profile = None
        if row.massage_experience is not None:
            profile = RiskProfile(
                massage_experience=row.massage_experience,
                condition_months=row.condition_months,
                trigger_points=row.trigger_points,
                trigger_point_severity=row.trigger_point_severity,
                stressors=row.stressors,
                bad_experience_before=row.bad_experience_before,
                known_fainting_tendency=row.known_fainting_tendency,
                disclosed_conditions=list(row.disclosed_conditions),
                conditions_reviewed=row.conditions_reviewed,
                reviewed_at=row.reviewed_at,
                updated_at=row.profile_updated_at,
            )
        return ClientRecord(
            id=row.id,
            name=row.name,
            birth_year=row.birth_year,
            age=current_year() - row.birth_year,
            contact=row.contact,
            consent_health_data=row.consent_health_data,
            consent_date=row.consent_date,
            created_at=row.created_at,
            updated_at=row.updated_at,
            profile=profile,
            original_pain_regions=list(row.original_pain_regions),
            original_pain_recorded_at=row.original_pain_recorded_at,
            session_count=row.session_count,
            latest_level=row.latest_level,
            latest_check_at=row.latest_check_at,
            badges=self._badges(
                row.birth_year, row.known_fainting_tendency, row.disclosures_not_reviewed, row.no_progress
            ),
        )

    @staticmethod
    def _session_record(row: TreatmentSession, level: Level | str | None) -> SessionRecord:
        # Built without re-validation (the row was validated on the way in): the record page lists many.
        return SessionRecord.model_construct(
            id=row.id,
            client_id=row.client_id,
            date=row.date,
            treatment=Treatment(row.treatment),
            neck_treatment=row.neck_treatment,
            duration_min=row.duration_min,
            pressure=row.pressure,
            regions=list(row.regions),
            pain_before=row.pain_before,
            pain_after=row.pain_after,
            note=row.note,
            created_at=row.created_at,
            updated_at=row.updated_at,
            reaction_level=Level(level) if level is not None else None,
        )

    @staticmethod
    def _check_record(row: ReactionCheck) -> CheckRecord:
        return CheckRecord(
            id=row.id,
            client_id=row.client_id,
            session_id=row.session_id,
            checked_at=row.checked_at,
            report=row.report if row.complete else None,
            answers=dict(row.report),
            level=row.level,
            progress_sign=row.progress_sign,
            path=list(row.path),
            reasons=list(row.reasons),
            engine_version=row.engine_version,
            regions_now=list(row.regions_now),
        )

    @staticmethod
    def _plan_record(row: SavedPlan) -> PlanRecord:
        return PlanRecord(
            id=row.id,
            client_id=row.client_id,
            created_at=row.created_at,
            request=row.request,
            suggested=row.suggested,
            chosen_duration_min=row.chosen_duration_min,
            chosen_pressure=row.chosen_pressure,
            chosen_interval_days=row.chosen_interval_days,
            accepted=row.accepted,
        )


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
