"""The app's one Storage per process: the pages get client records only through `storage()`.

The database comes from the clinic settings (REAKTIONSGUIDE_DATABASE_URL, else SQLite in
REAKTIONSGUIDE_DATA_DIR); migrations run when it is first opened. The Storage is thread-safe, so every
session of the server shares it (st.cache_resource); clearing the cache closes its connections.
"""

from __future__ import annotations

import streamlit as st

from logic.settings import get_settings
from logic.storage import Storage, open_storage


def _close(opened: Storage) -> None:
    opened.close()


@st.cache_resource(show_spinner=False, on_release=_close)
def storage() -> Storage:
    """The clinic's client records (opened, and migrated, once per process)."""
    return open_storage(settings=get_settings())
