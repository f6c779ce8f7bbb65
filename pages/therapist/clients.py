"""Clients (therapist): search the client list by name, filter it by latest level and badges, page
through it, open a record; and add a new client with consent and risk profile.

A new client is validated with the storage's own models (ClientIn, RiskProfileIn) before anything is
written; problems are shown one per line in the user's language and the database is left unchanged.
"""

from __future__ import annotations

from ui.auth import require_role

require_role("therapist")

import streamlit as st
from pydantic import ValidationError

from logic.models import LEVEL_ORDER, Level
from logic.storage import Badge, ClientIn, RiskProfileIn, StorageError
from ui import records
from ui.i18n import translate
from ui.records import PAGE_SIZE, RECORD_ID, RECORD_PAGE
from ui.state import current_language, t
from ui.storage import storage

QUERY, LEVELS, FLAGS, PAGE = "clients.query", "clients.levels", "clients.flags", "clients.page"
NEW = "clients.new"
NEW_PROBLEMS = "clients.new.problems"

lang = current_language()
store = storage()


def first_page() -> None:
    st.session_state[PAGE] = 0


def new_client_problems(client: dict, profile: dict) -> list[str]:
    """Every problem of the new-client form, one line each; empty when it can be stored."""
    lines = []
    if not client.get("consent_health_data"):
        lines.append(t("records.new.consent_required"))
    try:
        ClientIn.model_validate(client)
    except ValidationError as error:
        lines += records.problems(error, lang, "records.client")
    try:
        RiskProfileIn.model_validate(profile)
    except ValidationError as error:
        lines += records.problems(error, lang, "records.profile")
    return lines


st.subheader(t("records.clients.title"), anchor=False)
st.caption(t("records.clients.intro"))
records.show_flash(lang)

# --- New client ---

everyone = store.search_clients(limit=1).total
with st.expander(t("records.new.title"), icon=":material/person_add:", expanded=everyone == 0):
    st.caption(t("records.new.intro"))
    with st.form(NEW, border=False):
        client_raw = records.client_inputs(NEW, lang)
        st.markdown(f"**{t('records.new.profile')}**")
        st.caption(t("records.new.profile.help"))
        profile_raw = records.profile_inputs(f"{NEW}.profile", lang)
        created = st.form_submit_button(t("records.new.submit"), type="primary", icon=":material/person_add:")
    if created:
        st.session_state.pop(NEW_PROBLEMS, None)
        if new_client_problems(client_raw, profile_raw):
            # Kept as input, not as text, so the problems follow a change of language.
            st.session_state[NEW_PROBLEMS] = (client_raw, profile_raw)
        else:
            try:
                client = store.create_client(client_raw, profile_raw)
            except (ValidationError, StorageError) as error:  # validated above; a storage rule may still object
                st.session_state[NEW_PROBLEMS] = error
            else:
                st.session_state[RECORD_ID] = client.id
                records.flash("records.new.created", name=records.esc(client.name))
                st.switch_page(RECORD_PAGE, query_params={"id": str(client.id)})
    rejected = st.session_state.get(NEW_PROBLEMS)
    if isinstance(rejected, tuple):
        records.show_problems(new_client_problems(*rejected), lang)
    elif isinstance(rejected, ValidationError):
        records.show_problems(records.problems(rejected, lang, "records.client"), lang)
    elif isinstance(rejected, StorageError):
        records.show_problems([translate(rejected.code, lang, **rejected.values)], lang)

# --- Search and filters ---

search_column, left, right = st.columns([2, 1, 1])  # one row on a laptop: the list starts high on the screen
query = search_column.text_input(
    t("records.clients.search"),
    max_chars=200,
    placeholder=t("records.clients.search.placeholder"),
    key=QUERY,
    on_change=first_page,
    icon=":material/search:",
)
levels = left.multiselect(
    t("records.clients.levels"),
    [level.value for level in LEVEL_ORDER],
    format_func=lambda v: records.level_label(Level(v), lang),
    placeholder=t("records.clients.levels.placeholder"),
    key=LEVELS,
    on_change=first_page,
)
flags = right.multiselect(
    t("records.clients.flags"),
    [badge.value for badge in Badge],
    format_func=lambda v: translate(f"records.badge.{v}", lang),
    placeholder=t("records.clients.flags.placeholder"),
    key=FLAGS,
    on_change=first_page,
)

page = st.session_state.setdefault(PAGE, 0)
try:
    items, total, more = records.search(store, query, levels, flags, offset=page * PAGE_SIZE)
except ValidationError as error:  # e.g. a search text longer than the storage accepts
    records.show_problems(records.problems(error, lang, "records.clients"), lang)
    st.stop()
if page and not items and total:  # the list shrank (another therapist's change): back to the last page
    st.session_state[PAGE] = page = (total - 1) // PAGE_SIZE
    items, total, more = records.search(store, query, levels, flags, offset=page * PAGE_SIZE)

# --- Results ---
# The storage counts the matches only up to a bound (at least 100): beyond it the list says "more than".

if total == 0:
    st.info(
        t("records.clients.none" if (query or levels or flags) else "records.clients.empty"), icon=":material/info:"
    )
else:
    first, last = page * PAGE_SIZE + 1, page * PAGE_SIZE + len(items)
    st.caption(
        t("records.clients.showing_more" if more else "records.clients.showing", first=first, last=last, total=total)
    )
    for client in items:
        records.client_row(client, lang)
    pages = (total + PAGE_SIZE - 1) // PAGE_SIZE
    if more or pages > 1:
        with st.container(horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"):
            if st.button(
                t("records.clients.previous"), icon=":material/chevron_left:", disabled=page == 0, key="clients.prev"
            ):
                st.session_state[PAGE] = page - 1
                st.rerun()
            st.caption(
                t("records.clients.page_more" if more else "records.clients.page", page=page + 1, pages=pages),
                width="content",
            )
            if st.button(
                t("records.clients.next"), icon=":material/chevron_right:", icon_position="right",
                disabled=not more and page + 1 >= pages, key="clients.next",
            ):  # fmt: skip
                st.session_state[PAGE] = page + 1
                st.rerun()
