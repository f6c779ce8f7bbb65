"""The app's one Storage per process, and the clinic settings every page uses.

The database comes from the deployment's settings (REAKTIONSGUIDE_DATABASE_URL, else SQLite in
REAKTIONSGUIDE_DATA_DIR); migrations run when it is first opened. The Storage is thread-safe, so every
session of the server shares it (st.cache_resource); clearing the cache closes its connections.

`app_settings()` is the environment/defaults overlaid with the overrides an admin saved in the database
(re-read at most every 5 s, at once after a save on this server). The cached Storage reads its
settings (who counts as elderly, the thresholds of a stored check's assessment) from it on every call.
"""

from __future__ import annotations

import atexit
import functools
import gc

import streamlit as st

from logic.auth import audit
from logic.auth.clinic_settings import effective
from logic.settings import ClinicSettings, get_settings
from logic.storage import Storage, open_storage


def _close(opened: Storage) -> None:
    opened.close()


@st.cache_resource(show_spinner=False, on_release=_close)
def storage() -> Storage:
    """The clinic's client records (opened, and migrated, once per process). The audit trail's head is
    anchored in its checkpoint file every audit.CHECKPOINT_INTERVAL_S while it grows, when the Storage
    is released and when the server's process exits."""
    opened = open_storage(settings=get_settings())
    opened.settings_source = app_settings
    checkpoints = audit.Checkpointer(opened.engine)
    opened.on_close.insert(0, checkpoints.stop)
    atexit.register(checkpoints.stop)
    return opened


@st.cache_resource(ttl=5, show_spinner=False)
def _settings_cached() -> ClinicSettings:
    return effective(storage(), get_settings())


def app_settings() -> ClinicSettings:
    """Environment/defaults overlaid with the admin's overrides in the database (refreshed every 5 s)."""
    try:
        return _settings_cached()
    except Exception:  # the database is not reachable: the deployment's own settings still work
        return get_settings()


def forget_settings() -> None:
    """After an admin saved settings: the next call of app_settings() reads them again."""
    _settings_cached.clear()


@functools.cache
def freeze_startup_heap() -> None:
    """Once per process, when the first run has imported the app and opened its Storage (app.py): move
    every object alive now (modules, the Storage, the settings) out of the garbage collector's way.

    Streamlit collects garbage after every script run, and a full collection walks every object the
    process holds: with SQLAlchemy, Alembic and pydantic loaded, twice what Streamlit alone has. While
    it runs nothing else does, so a run's last elements wait for it. Frozen objects are still freed when
    nothing refers to them; only a reference cycle among them is never collected: the modules and the
    Storage live as long as the process anyway, and the first session's few objects stay, once."""
    gc.freeze()
