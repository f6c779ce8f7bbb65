"""Follow-up links and the reports clients send through them (table follow_up_tokens, checks.source).

- `create_link`: a new random token (logic/follow_up.new_token, 256 bits) for one of the client's
  sessions; only its SHA-256 is stored. It expires after the clinic's `follow_up_days`, takes at most
  `follow_up_max_reports` reports, and can be revoked (`revoke_link`). The token itself is returned
  once, for the aftercare sheet, and never stored.
- `resolve`: what an open link may show and prefill (the session's treatment, date and time), or None
  for a malformed, unknown, expired, revoked or used-up token.
- `submit`: a client's check, sent with consent, stored as a client-reported check on the link's
  session. Each attempt counts against the sender's source (the sign-in throttle's table, key
  "followup:SOURCE"); a use of the link is claimed by one conditional UPDATE before the check is
  written, so the report bound holds under concurrent sends.
- `unseen_reports` / `mark_seen`: the therapists' follow-up list.

Every write is audited in its own transaction; so are the opening of a link, a view of the follow-up
list and each report marked seen. Audit details hold ids and counts only, never answers or levels.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from .. import follow_up
from ..auth import audit, throttle
from ..models import Assessment, Level, ReactionReport, Treatment
from .errors import ConsentRequired, NotFound, StorageError
from .records import CheckIn, CheckRecord
from .schema import Client, ClientLanguage, FollowUpToken, ReactionCheck, TreatmentSession

if TYPE_CHECKING:
    from . import Storage

UTC = dt.UTC
# Audit actions.
LINK_CREATE, LINK_REVOKE, LINK_OPEN = "follow_up_link_create", "follow_up_link_revoke", "follow_up_link_open"
REPORT_SENT, REPORTS_VIEW, REPORT_SEEN = "follow_up_report", "follow_up_list_view", "follow_up_seen"
# The most unseen reports the list reads at once.
LIST_LIMIT = 200


def utcnow() -> dt.datetime:
    return dt.datetime.now(UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LinkRecord:
    """A follow-up link as the record shows it (never the token)."""

    id: int
    client_id: int
    session_id: int
    created_at: dt.datetime
    created_by: str
    expires_at: dt.datetime
    max_reports: int
    reports: int
    revoked_at: dt.datetime | None

    def state(self, now: dt.datetime | None = None) -> str:
        """ "revoked", "expired", "used" (no report left) or "active"."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or utcnow()):
            return "expired"
        return "used" if self.reports >= self.max_reports else "active"


@dataclass(frozen=True)
class OpenLink:
    """What a valid link shows and prefills. No name, contact or condition of the client is in it."""

    token_id: int
    session_id: int
    session_date: dt.date
    treatment: Treatment
    neck_treatment: bool
    treated_at: dt.datetime
    reports_left: int

    def prefill(self, now: dt.datetime | None = None) -> dict[str, object]:
        return follow_up.prefill(self.treatment, self.neck_treatment, self.treated_at, now or utcnow())


@dataclass(frozen=True)
class UnseenReport:
    """One row of the follow-up list."""

    check_id: int
    client_id: int
    client_name: str
    session_id: int | None
    checked_at: dt.datetime
    level: Level


class LinkRefused(StorageError):
    """The link cannot take this report (unknown, expired, revoked, used up, or the sender is held back)."""

    def __init__(self, held_back: bool = False):
        super().__init__("storage.follow_up.held_back" if held_back else "storage.follow_up.refused")
        self.held_back = held_back


def _audit(storage: Storage, s: Session, action: str, client_id: int | None, detail: dict[str, Any]) -> None:
    if storage.audit is not None:
        storage.audit(s, action, client_id, detail)


def _record(row: FollowUpToken) -> LinkRecord:
    return LinkRecord(
        id=row.id, client_id=row.client_id, session_id=row.session_id, created_at=row.created_at,
        created_by=row.created_by, expires_at=row.expires_at, max_reports=row.max_reports, reports=row.reports,
        revoked_at=row.revoked_at,
    )  # fmt: skip


# --- The therapist's side: links ---


def create_link(
    storage: Storage, client_id: int, session_id: int | None = None, now: dt.datetime | None = None
) -> tuple[str, LinkRecord]:
    """A new follow-up link for the session (default: the client's latest); returns (token, link).
    The client must have consented to health data being stored (their report is health data)."""
    now = now or utcnow()
    settings = storage.settings
    token = follow_up.new_token()
    with storage.write() as s:
        client = s.get(Client, client_id)
        if client is None:
            raise NotFound("client", client_id)
        if not client.consent_health_data:
            raise ConsentRequired(client_id)
        query = select(TreatmentSession.id).where(TreatmentSession.client_id == client_id)
        if session_id is not None:
            query = query.where(TreatmentSession.id == session_id)
        found = s.scalar(query.order_by(TreatmentSession.date.desc(), TreatmentSession.id.desc()).limit(1))
        if found is None:
            raise NotFound("session", session_id or 0, client_id)
        row = FollowUpToken(
            token_hash=token_hash(token), client_id=client_id, session_id=found, created_at=now,
            created_by=audit.current_actor()[:100], expires_at=now + dt.timedelta(days=settings.follow_up_days),
            max_reports=settings.follow_up_max_reports, reports=0,
        )  # fmt: skip
        s.add(row)
        s.flush()
        _audit(storage, s, LINK_CREATE, client_id, {"link": row.id, "session_id": found})
        return token, _record(row)


def links_of(storage: Storage, client_id: int) -> list[LinkRecord]:
    """The client's follow-up links, newest first."""
    with storage.read() as s:
        rows = s.scalars(
            select(FollowUpToken).where(FollowUpToken.client_id == client_id).order_by(FollowUpToken.id.desc())
        )
        return [_record(r) for r in rows]


def revoke_link(storage: Storage, client_id: int, link_id: int, now: dt.datetime | None = None) -> bool:
    """Withdraw a link of this client; False when it was already revoked (or is not the client's)."""
    now = now or utcnow()
    with storage.write() as s:
        done = cast(
            CursorResult[Any],
            s.execute(
                update(FollowUpToken)
                .where(
                    FollowUpToken.id == link_id,
                    FollowUpToken.client_id == client_id,
                    FollowUpToken.revoked_at.is_(None),
                )
                .values(revoked_at=now, revoked_by=audit.current_actor()[:100])
                .execution_options(synchronize_session=False)
            ),
        ).rowcount
        if done:
            _audit(storage, s, LINK_REVOKE, client_id, {"link": link_id})
        return bool(done)


LANGUAGE_SET = "set_preferred_language"


def preferred_language(storage: Storage, client_id: int) -> str | None:
    """The language the client reads ("da" or "en"), or None when nobody has chosen one."""
    with storage.read() as s:
        if s.get(Client, client_id) is None:
            raise NotFound("client", client_id)
        row = s.get(ClientLanguage, client_id)
        return row.language if row is not None else None


def set_preferred_language(storage: Storage, client_id: int, lang: str, now: dt.datetime | None = None) -> None:
    if lang not in ("da", "en"):
        raise ValueError(f"not a language of the app: {lang!r}")
    with storage.write() as s:
        if s.get(Client, client_id) is None:
            raise NotFound("client", client_id)
        row = s.get(ClientLanguage, client_id)
        if row is not None and row.language == lang:
            return
        if row is None:
            s.add(ClientLanguage(client_id=client_id, language=lang, updated_at=now or utcnow()))
        else:
            row.language, row.updated_at = lang, now or utcnow()
        s.flush()
        _audit(storage, s, LANGUAGE_SET, client_id, {"changed": {"client_languages": ["language"]}})


# --- The client's side: an open link ---


def _usable(now: dt.datetime) -> list[Any]:
    return [
        FollowUpToken.revoked_at.is_(None),
        FollowUpToken.expires_at > now,
        FollowUpToken.reports < FollowUpToken.max_reports,
    ]


def resolve(
    storage: Storage, token: str | None, now: dt.datetime | None = None, tz: dt.tzinfo | None = None
) -> OpenLink | None:
    """The open link of `token`, or None (malformed, unknown, expired, revoked or used up)."""
    if not follow_up.well_formed(token):
        return None
    assert token is not None
    now = now or utcnow()
    with storage.read() as s:
        found = s.execute(
            select(
                FollowUpToken.id, FollowUpToken.session_id, FollowUpToken.max_reports, FollowUpToken.reports,
                TreatmentSession.date, TreatmentSession.treatment, TreatmentSession.neck_treatment,
                TreatmentSession.created_at,
            )
            .join(TreatmentSession, TreatmentSession.id == FollowUpToken.session_id)
            .where(FollowUpToken.token_hash == token_hash(token), *_usable(now))
        ).first()  # fmt: skip
    if found is None:
        return None
    return OpenLink(
        token_id=found.id, session_id=found.session_id, session_date=found.date, treatment=Treatment(found.treatment),
        neck_treatment=bool(found.neck_treatment), treated_at=follow_up.treated_at(found.date, found.created_at, tz),
        reports_left=found.max_reports - found.reports,
    )  # fmt: skip


def record_open(storage: Storage, link: OpenLink) -> None:
    """The audit row of a client opening their link (the page writes it once per browser session)."""
    with storage.write() as s:
        client_id = s.scalar(select(FollowUpToken.client_id).where(FollowUpToken.id == link.token_id))
        _audit(storage, s, LINK_OPEN, client_id, {"link": link.token_id})


def source_key(source: str) -> str:
    return f"followup:{source}"


def held_back(storage: Storage, source: str, now: dt.datetime | None = None) -> bool:
    """Whether sends (or unknown links) from this source are being held back now."""
    with storage.read() as s:
        return throttle.blocked_until(s, [source_key(source)], now or utcnow()) is not None


def count_attempt(storage: Storage, source: str, now: dt.datetime | None = None) -> None:
    """Count one attempt from `source` that stored nothing (an unknown link opened)."""
    with storage.write() as s:
        throttle.record_failure(s, [source_key(source)], now or utcnow())


def submit(
    storage: Storage, token: str | None, source: str, answers: dict[str, Any], assessment: Assessment,
    now: dt.datetime | None = None,
) -> CheckRecord:  # fmt: skip
    """Store the client's check on the link's session as a client-reported check (the client consented
    on the page). Raises LinkRefused (nothing stored) when the link cannot take it or the source is
    held back."""
    if not follow_up.well_formed(token):
        raise LinkRefused()
    assert token is not None
    now = now or utcnow()
    try:  # the check as the storage takes it, before a use of the link is claimed for it
        check = CheckIn(
            report=ReactionReport.model_validate(answers), assessment=assessment, checked_at=now, source="client"
        )
    except ValueError:  # the walk ended before every question (an emergency at the first one)
        check = CheckIn(answers=answers, assessment=assessment, checked_at=now, source="client")
    key = [source_key(source)]
    with storage.write() as s:  # count the attempt, then claim one use of the link
        if throttle.blocked_until(s, key, now, lock=True) is not None:
            raise LinkRefused(held_back=True)
        throttle.record_failure(s, key, now)
        claimed = s.execute(
            update(FollowUpToken)
            .where(FollowUpToken.token_hash == token_hash(token), *_usable(now))
            .values(reports=FollowUpToken.reports + 1)
            .returning(FollowUpToken.id, FollowUpToken.client_id, FollowUpToken.session_id)
        ).first()
    if claimed is None:
        raise LinkRefused()
    check = check.model_copy(update={"session_id": claimed.session_id})
    try:
        with audit.acting_as(follow_up.LINK_ACTOR):
            stored = storage.record_check(claimed.client_id, check)
    except BaseException:
        with storage.write() as s:  # give the use back: nothing was stored
            s.execute(
                update(FollowUpToken).where(FollowUpToken.id == claimed.id).values(reports=FollowUpToken.reports - 1)
            )
        raise
    with storage.write() as s, audit.acting_as(follow_up.LINK_ACTOR):
        _audit(storage, s, REPORT_SENT, claimed.client_id, {"link": claimed.id, "check_id": stored.id})
    return stored


# --- The therapists' follow-up list ---


def unseen_reports(storage: Storage, limit: int = LIST_LIMIT) -> list[UnseenReport]:
    """Client-reported checks no therapist has marked seen: most urgent level first, then the longest
    waiting first."""
    with storage.read() as s:
        rows = s.execute(
            select(ReactionCheck.id, ReactionCheck.client_id, Client.name, ReactionCheck.session_id,
                   ReactionCheck.checked_at, ReactionCheck.level)
            .join(Client, Client.id == ReactionCheck.client_id)
            .where(ReactionCheck.source == follow_up.CLIENT, ReactionCheck.seen_at.is_(None))
            .order_by(ReactionCheck.checked_at, ReactionCheck.id)
            .limit(limit)
        ).all()  # fmt: skip
    reports = [UnseenReport(r.id, r.client_id, r.name, r.session_id, r.checked_at, Level(r.level)) for r in rows]
    return sorted(reports, key=lambda r: -r.level.rank)  # stable: the oldest first within a level


def record_list_view(storage: Storage, reports: list[UnseenReport]) -> None:
    """One audit row per client whose reports the list showed (their check ids)."""
    by_client: dict[int, list[int]] = {}
    for report in reports:
        by_client.setdefault(report.client_id, []).append(report.check_id)
    if not by_client:
        return
    with storage.write() as s:
        for client_id, ids in by_client.items():
            _audit(storage, s, REPORTS_VIEW, client_id, {"checks": ids})


def mark_seen(storage: Storage, check_id: int, now: dt.datetime | None = None) -> bool:
    """A therapist has seen this client report; False when it was seen already (or is none)."""
    now = now or utcnow()
    with storage.write() as s:
        client_id = s.scalar(
            select(ReactionCheck.client_id).where(
                ReactionCheck.id == check_id, ReactionCheck.source == follow_up.CLIENT, ReactionCheck.seen_at.is_(None)
            )
        )
        if client_id is None:
            return False
        s.execute(
            update(ReactionCheck).where(ReactionCheck.id == check_id)
            .values(seen_at=now, seen_by=audit.current_actor()[:100])
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        _audit(storage, s, REPORT_SEEN, client_id, {"check_id": check_id})
        return True
