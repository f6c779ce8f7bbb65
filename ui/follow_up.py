"""The follow-up link in the app: the clinic's contact block, the self-check run through a link
(pages/public/follow_up.py), and the record's follow-up tab.

The public follow-up page runs the self-check page itself (one questionnaire, one set of widgets) with
an open link set for that run (`running`): the self-check then fills in what the session tells
(`prefill`) and offers, at the result, to send the answers to the clinic (`send_block`): only with the
box ticked and Send pressed is anything stored. No name, contact or condition of the client is read
for the page: an open link (logic/storage/follow_ups.OpenLink) holds none.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import cast

import streamlit as st

from logic.auth import throttle
from logic.models import Assessment, Language, Level
from logic.reaction import Walk, assessment_for
from logic.settings import ClinicSettings
from logic.storage import ClientRecord, SessionRecord, Storage, StorageError, follow_ups
from logic.texts.vocabulary import word

from .contact import clinic_contact
from .i18n import translate
from .state import current_language, t
from .user_text import esc


@dataclass(frozen=True)
class FollowUp:
    """A self-check run through a follow-up link: the open link (None: not usable) and the token."""

    token: str
    link: follow_ups.OpenLink | None
    note_key: str | None = None  # why the link cannot send (shown above the self-check)


_current: ContextVar[FollowUp | None] = ContextVar("reaktionsguide_follow_up", default=None)
SENT = "followup.sent"  # {token_id: [the answers sent in this browser session, as JSON]}


# --- The clinic's contact ---


def footer_contact(result: Walk, settings: ClinicSettings, lang: Language) -> None:
    """The clinic's contact at the foot of a public page, unless the result card shows it already."""
    if result.leaf is None or result.leaf.level != Level.contact_therapist:
        clinic_contact(settings, lang, key="clinic-contact-footer")


# --- The self-check through a link ---


def source() -> str:
    try:
        address = st.context.ip_address
    except Exception:
        address = None
    return throttle.source_of(address)


def open_link(token: str | None) -> FollowUp:
    """The link of the URL's token: audited once per browser session when valid; an unknown one is
    counted against the visitor's source (once per token and session)."""
    from .storage import storage

    store = storage()
    where = source()
    if follow_ups.held_back(store, where):
        return FollowUp(token or "", None, "followup.page.held_back")
    link = follow_ups.resolve(store, token)
    seen = st.session_state.setdefault("followup.opened", set())
    if (token, link is not None) not in seen:
        seen.add((token, link is not None))
        if link is not None:
            follow_ups.record_open(store, link)
        else:
            follow_ups.count_attempt(store, where)
    return FollowUp(token or "", link, None if link is not None else "followup.page.invalid")


@contextmanager
def running(follow: FollowUp) -> Iterator[None]:
    marker = _current.set(follow)
    try:
        yield
    finally:
        _current.reset(marker)


def current() -> FollowUp | None:
    return _current.get()


def prefill() -> dict[str, object]:
    """The answers the link's session gives (empty on the ordinary self-check)."""
    follow = current()
    return follow.link.prefill() if follow is not None and follow.link is not None else {}


def privacy_key() -> str:
    follow = current()
    return "followup.privacy" if follow is not None and follow.link is not None else "selfcheck.privacy"


def intro(settings: ClinicSettings) -> None:
    """Above the self-check: the clinic and the treatment's date, what is filled in; or why not."""
    follow = current()
    if follow is None:
        return
    lang = current_language()
    if follow.link is None:
        st.info(t(follow.note_key or "followup.page.invalid"), icon=":material/link_off:")
        return
    link = follow.link
    st.markdown(t("followup.page.intro", clinic=esc(settings.clinic_name), date=link.session_date.isoformat()))
    hours = link.prefill()["hours_since_treatment"]
    st.caption(
        t(
            "followup.page.filled",
            treatment=word(link.treatment, lang),
            neck=t("followup.page.neck") if link.neck_treatment else "",
            hours=f"{hours:g}",
        )
    )


def send_block(result: Walk, settings: ClinicSettings) -> None:
    """At the result of a check through a valid link: the consent box (not ticked) and Send."""
    follow = current()
    if follow is None or follow.link is None or result.leaf is None:
        return
    link = follow.link
    sent = st.session_state.setdefault(SENT, {})
    clinic = esc(settings.clinic_name)
    # These answers are sent once (the hours since treatment move on with the clock, so they do not count).
    answered = json.dumps(
        {k: v for k, v in result.answers.items() if k != "hours_since_treatment"}, sort_keys=True, default=str
    )
    if answered in sent.get(link.token_id, []):
        st.success(t("followup.sent", clinic=clinic), icon=":material/mark_email_read:")
        return
    with st.container(border=True, key="follow-up-send"):
        consent = st.checkbox(
            t("followup.consent", clinic=clinic), value=False, key=f"followup.consent.{link.token_id}"
        )
        st.caption(t("followup.consent.help"))
        if not st.button(
            t("followup.send"), type="primary", width="stretch", key="followup.send", icon=":material/send:"
        ):
            return
        if not consent:
            st.warning(t("followup.send.need_consent", clinic=clinic), icon=":material/check_box_outline_blank:")
            return
        stored_in = _send(follow, result, settings)
        if stored_in is not None:
            st.error(stored_in, icon=":material/error:")
            return
    sent.setdefault(link.token_id, []).append(answered)
    st.success(t("followup.sent", clinic=clinic), icon=":material/mark_email_read:")


def _send(follow: FollowUp, result: Walk, settings: ClinicSettings) -> str | None:
    """Store the check; returns the problem to show when nothing was stored."""
    from .storage import storage

    assessment: Assessment = assessment_for(result, "da", settings)  # the clinic's record language
    try:
        follow_ups.submit(storage(), follow.token, source(), dict(result.answers), assessment)
    except StorageError as error:
        return translate(error.code, current_language(), **error.values)
    except ValueError:  # answers the storage's models refuse (a page of an older version): nothing stored
        return t("followup.send.failed")
    return None


# --- The record ---


def planner_note(store: Storage, client_id: int) -> None:
    """Under the record's plan: how many of the history's checks the client sent through a link."""
    sent = sum(1 for c in store.list_checks(client_id) if c.source == "client")
    if sent:
        st.caption(t("followup.record.planner", count=sent), help=t("followup.record.planner.help"))


def level_is_urgent(level: Level) -> bool:
    return level.rank >= Level.doctor_today.rank


def local(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def record_tab(store: Storage, client: ClientRecord, sessions: list[SessionRecord], lang: Language) -> None:
    """The record's follow-up tab: the aftercare sheet of a session (each download makes a new link,
    audited with the download), the client's language, and the client's links with a revoke button."""
    from logic import aftercare

    from . import records
    from .exports import export_button

    unseen = [c for c in store.list_checks(client.id) if c.source == "client" and c.seen_at is None]
    if unseen:
        st.warning(t("followup.record.unseen", count=len(unseen)), icon=":material/mark_email_unread:")
    if not sessions:
        st.info(t("followup.record.no_session"), icon=":material/info:")
        return
    st.caption(t("followup.record.intro"))
    numbers = {s.id: i + 1 for i, s in enumerate(sessions)}
    by_id = {s.id: s for s in sessions}
    chosen = st.selectbox(
        t("followup.record.session"), list(reversed(list(by_id))),
        format_func=lambda sid: records.session_label(numbers[sid], by_id[sid], lang), key=f"followup.session.{client.id}",
    )  # fmt: skip
    stored_lang = follow_ups.preferred_language(store, client.id) or "da"
    languages = ["da", "en"]
    sheet_lang = st.segmented_control(
        t("followup.record.language"), languages, default=stored_lang, required=True,
        format_func=lambda code: translate(f"widgets.language.{code}", lang), key=f"followup.lang.{client.id}",
    )  # fmt: skip

    def build() -> bytes:
        if sheet_lang != stored_lang:
            follow_ups.set_preferred_language(store, client.id, sheet_lang)
        pdf, _, _ = aftercare.for_session(store, client.id, chosen, cast(Language, sheet_lang))
        return pdf

    export_button(
        t("followup.record.download"), build, f"aftercare-{client.id}-{by_id[chosen].date.isoformat()}.pdf",
        "application/pdf", f"followup.download.{client.id}.{chosen}.{sheet_lang}", icon=":material/picture_as_pdf:",
        type="primary",
    )  # fmt: skip

    links = follow_ups.links_of(store, client.id)
    if not links:
        return
    st.markdown(f"#### {t('followup.record.links')}")
    dates = {s.id: s.date.isoformat() for s in sessions}
    for item in links:
        state = item.state()
        with st.container(horizontal=True, vertical_alignment="center", key=f"follow-up-link-{item.id}"):
            st.markdown(t(
                "followup.record.link", id=item.id, date=dates.get(item.session_id, "?"),
                state=t(f"followup.state.{state}"), reports=item.reports, max=item.max_reports,
                expires=local(item.expires_at),
            ))  # fmt: skip
            revocable = state in ("active", "used")
            if revocable and st.button(
                t("followup.record.revoke", id=item.id), key=f"followup.revoke.{item.id}", icon=":material/link_off:"
            ):
                follow_ups.revoke_link(store, client.id, item.id)
                records.flash("followup.record.revoked", id=item.id)
                st.rerun()
