"""`Storage`: the one interface to client records, on SQLite or PostgreSQL.

Every public method is one transaction. Inputs are validated with the models of records.py before the
transaction starts (invalid input raises pydantic.ValidationError and changes nothing); results are
the frozen record models, never ORM objects, so callers cannot change the database by accident.

The work inside a transaction lives by record kind: clients.py, sessions.py, checks.py, plans.py and
search.py (the client list); this class adds the transactions, their retries (retry.py) and each
write's audit row (changes.py says what a write changed).

Locking: a write that reads before it writes (a session updates the client's session count and the
no-progress flag; a check updates the client's latest level) first locks the client row. On SQLite
the whole write transaction already holds the database's write lock (BEGIN IMMEDIATE, engine.py);
on PostgreSQL the lock is `SELECT ... FOR NO KEY UPDATE` on the client row, so writes to one client
are serialized and no update is lost, while writes to different clients proceed in parallel. Deadlocks
or serialization failures (PostgreSQL) are retried a few times; every write is all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from ..badges import Badge
from ..models import Assessment, Language, Level, PlanRequest, Treatment
from ..plan_input import plan_request
from ..reaction import assess
from ..settings import ClinicSettings
from . import backup as backups
from . import checks, clients, plans, search, sessions
from .changes import change_detail, note_changes
from .engine import reader, writer
from .errors import ConsentRequired, ProfileMissing
from .records import (
    CheckIn,
    CheckRecord,
    ClientIn,
    ClientPage,
    ClientQuery,
    ClientRecord,
    PainMapIn,
    PlanIn,
    PlanRecord,
    RiskProfileIn,
    SessionIn,
    SessionRecord,
    SessionVersionRecord,
    utcnow,
)
from .retry import retried
from .schema import Base

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


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
        event.listen(self._writes, "before_flush", note_changes)
        self._reads = sessionmaker(reader(engine), expire_on_commit=False)
        # Called inside each write transaction with (session, action, client_id, detail): the audit
        # trail (logic/auth/audit.py installs it; open_storage always does).
        self.audit: Callable[[Session, str, int | None, Mapping[str, Any] | None], None] | None = None
        # Who acts, for the rows that name someone (a replaced session version); the audit trail sets it.
        self.actor: Callable[[], str] = lambda: "system"
        # Called once on close, in order (the audit trail's checkpoint, then open_storage's release of the
        # database's lock file; see files.py).
        self.on_close: list[Callable[[], None]] = []

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine under this storage, for the layers that run their own statements on the
        same database (the audit trail, privacy's export and erasure, backup and restore)."""
        return self._engine

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
        def transaction() -> T:
            with self.write() as session:
                result = work(session)
                if action is not None and self.audit is not None:
                    who = client_id if client_id is not None else getattr(result, "client_id", None)
                    who = who if who is not None else getattr(result, "id", None)
                    self.audit(session, action, who, change_detail(session, result))
                return result

        return retried(transaction)

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
        return self._write(
            lambda s: clients.create(s, self._clock(), data, risk, pain, self.settings.elderly_age), "create_client"
        )

    def update_client(self, client_id: int, client: ClientIn | Mapping[str, Any]) -> ClientRecord:
        """Replace the client's name, birth year, contact and consent."""
        data = _valid(ClientIn, client)
        return self._write(
            lambda s: clients.update(s, client_id, data, self._clock(), self.settings.elderly_age),
            "update_client",
            client_id,
        )

    def get_client(self, client_id: int) -> ClientRecord:
        return self._read(lambda s: clients.record(clients.get(s, client_id), self.settings.elderly_age))

    def delete_client(self, client_id: int) -> None:
        """Delete the client and everything recorded about them (sessions, checks, plans)."""
        self._write(lambda s: clients.remove(s, client_id), "delete_client", client_id)

    def set_risk_profile(self, client_id: int, profile: RiskProfileIn | Mapping[str, Any]) -> ClientRecord:
        """Replace the risk profile the planner uses (A1: disclosures and whether they were reviewed)."""
        risk = _valid(RiskProfileIn, profile)
        return self._write(
            lambda s: clients.set_profile(s, client_id, risk, self._clock(), self.settings.elderly_age),
            "set_risk_profile",
            client_id,
        )

    def set_original_pain(
        self, client_id: int, regions: Iterable[str], recorded_at: dt.datetime | None = None
    ) -> ClientRecord:
        """Replace the original pain marked on the body map (region ids of logic.body_map)."""
        pain = PainMapIn(regions=list(regions), recorded_at=recorded_at)
        return self._write(
            lambda s: clients.set_pain(s, client_id, pain, self._clock(), self.settings.elderly_age),
            "set_original_pain",
            client_id,
        )

    # --- sessions ---

    def add_session(
        self,
        client_id: int,
        session: SessionIn | Mapping[str, Any],
        check: CheckIn | Mapping[str, Any] | None = None,
        lang: Language = "da",
    ) -> SessionRecord:
        """Record a treatment session, and optionally its reaction check, in one transaction (`lang`: see
        record_check)."""
        data = _valid(SessionIn, session)
        reaction = _valid(CheckIn, check) if check is not None else None
        if reaction is not None and reaction.session_id is not None:
            raise invalid("CheckIn", ("session_id",), "is set by add_session; leave it out", reaction.session_id)
        assessment = self._assessment(reaction, lang) if reaction is not None else None

        def work(s: Session) -> SessionRecord:
            client = clients.lock(s, client_id, health_data=True)
            now = self._clock()
            row = sessions.add(s, client, data, now)
            level = None
            if reaction is not None and assessment is not None:
                level = checks.insert(s, client, reaction, assessment, row.id, now).level
            return sessions.record(row, level)

        return self._write(work, "add_session", client_id)

    def update_session(self, session_id: int, session: SessionIn | Mapping[str, Any]) -> SessionRecord:
        data = _valid(SessionIn, session)
        return self._write(
            lambda s: sessions.update(s, session_id, data, self._clock(), self.actor()), "update_session"
        )

    def session_versions(self, client_id: int) -> dict[int, list[SessionVersionRecord]]:
        """The earlier versions of the client's changed sessions, by session id, oldest first."""
        return self._read(lambda s: sessions.versions(s, client_id))

    def list_sessions(self, client_id: int) -> list[SessionRecord]:
        """The client's sessions, oldest first (date, then order of entry), each with its latest level."""
        return self._read(lambda s: sessions.listed(s, client_id))

    # --- reaction checks ---

    def record_check(self, client_id: int, check: CheckIn | Mapping[str, Any], lang: Language = "da") -> CheckRecord:
        """Store a reaction check; the client's latest level follows the newest check.

        A check given with its report but without an assessment is assessed here, its reasons worded
        in `lang`; the app and logic.services give the assessment they showed, in the user's language.
        """
        reaction = _valid(CheckIn, check)
        assessment = self._assessment(reaction, lang)

        def work(s: Session) -> CheckRecord:
            client = clients.lock(s, client_id, health_data=True)
            if reaction.session_id is not None:
                checks.check_session_owner(s, client_id, reaction.session_id)
            return checks.record(checks.insert(s, client, reaction, assessment, reaction.session_id, self._clock()))

        return self._write(work, "record_check", client_id)

    def list_checks(self, client_id: int, session_id: int | None = None) -> list[CheckRecord]:
        """The client's reaction checks, oldest first; only one session's when session_id is given."""
        return self._read(lambda s: checks.listed(s, client_id, session_id))

    # --- plans ---

    def save_plan(self, client_id: int, plan: PlanIn | Mapping[str, Any]) -> PlanRecord:
        """Store the engine's suggestion together with what the therapist chose."""
        data = _valid(PlanIn, plan)
        return self._write(lambda s: plans.save(s, client_id, data, self._clock()), "save_plan", client_id)

    def list_plans(self, client_id: int) -> list[PlanRecord]:
        """The client's saved plans, oldest first."""
        return self._read(lambda s: plans.listed(s, client_id))

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
        One statement reads the page and its count from indexes in the list's order (see search.py);
        nothing loads the whole table or aggregates the child tables.
        """
        if level is not None and not isinstance(level, (str, Level)):
            level = list(level)
        q = ClientQuery(query=query, level=level, flags=list(flags or []), limit=limit, offset=offset)
        elderly_age = self.settings.elderly_age
        return self._read(lambda s: search.find(s, q, elderly_age))

    # --- derived views ---

    def plan_request_for(self, client_id: int, planned_treatment: Treatment | str) -> PlanRequest:
        """The planner's input from the record (logic.plan_input): profile, this year's age, sessions with
        their levels, read in one snapshot."""
        treatment = Treatment(planned_treatment)

        def work(s: Session) -> PlanRequest:
            client = clients.get(s, client_id)
            record = clients.record(client, self.settings.elderly_age)
            if record.profile is None:
                raise ProfileMissing(client_id)
            return plan_request(record.age, record.profile, sessions.listed(s, client_id, client), treatment)

        return self._read(work)

    def history_csv(self, client_id: int, delimiter: str = ",") -> str:
        """Every session with its reaction checks as CSV (logic.auth.privacy.history_csv, the exports' one
        place), read in one snapshot; not audited (privacy.export_history is the audited export)."""
        from ..auth.privacy import history_csv  # the exports sit above the storage they read

        return self._read(lambda s: history_csv(s, client_id, delimiter))

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
        return backups.backup(self.engine, Path(path), force)

    # --- internals ---

    def _assessment(self, reaction: CheckIn, lang: Language) -> Assessment:
        """The check's own assessment, else the engine's of its report (CheckIn requires one of them)."""
        if reaction.assessment is not None:
            return reaction.assessment
        assert reaction.report is not None  # CheckIn guarantees it
        return assess(reaction.report, lang, self.settings)
