"""Choosing a client from the records: a name search and a choice among its matches.

Used by the planner page (plan for this client) and the consultation (save the check on this
client's record). Names are shown as plain text (a selectbox option is never markdown).
"""

from __future__ import annotations

import streamlit as st

from logic.models import Language
from logic.storage import NotFound, Storage

from .i18n import translate

MATCHES = 20  # enough to find a client by a few letters of the name; the search narrows the rest


def pick_client(store: Storage, lang: Language, key: str, chosen: int | None = None) -> int | None:
    """The id of the client chosen (None until one is); `chosen` is preselected (e.g. a hand-over).

    The widget's own state is `{key}.client`: a page may set it before the call to choose a client."""
    query = st.text_input(
        translate("picker.search", lang), max_chars=200, placeholder=translate("picker.search.placeholder", lang),
        key=f"{key}.query",
    )  # fmt: skip
    matches = {
        c.id: translate("picker.option", lang, name=c.name, age=c.age)
        for c in store.search_clients(query, limit=MATCHES).items
    }
    current = st.session_state.get(f"{key}.client", chosen)
    if current is not None:
        try:  # the client chosen before stays choosable, first, whatever the search shows now
            client = store.get_client(current)
        except NotFound:
            current = None
        else:
            others = {ident: label for ident, label in matches.items() if ident != current}
            matches = {client.id: translate("picker.option", lang, name=client.name, age=client.age), **others}
    if not matches:
        st.caption(translate("picker.none", lang))
    options = list(matches)
    return st.selectbox(
        translate("picker.client", lang),
        options,
        index=options.index(current) if current in options else None,
        format_func=lambda ident: matches.get(ident, str(ident)),
        placeholder=translate("picker.placeholder", lang),
        key=f"{key}.client",
    )
