"""The one download button of every export of health data (the record's Export tab, the admin's
export of a client).

Nothing is built while the page shows the button: Streamlit gets a function (a "deferred" download)
and the page holds no file and no /media URL. Pressing the button runs the function, on a worker
thread of the server: it builds the file and writes its 'export_client' audit row (each press is one
export, one row), and Streamlit stores the file under a /media URL that the browser then fetches.
server.py serves that URL only to a browser with a valid session cookie; as a second line of defence
(a session that stays valid, a URL copied), the file is dropped from Streamlit's media store
SERVED_FOR_S seconds after it was built (Streamlit itself would keep it until two later script runs).
Pressing does not rerun the page (on_click="ignore"), so the press itself checks that the account
that saw the button is still active with the same role (an admin may have disabled it meanwhile).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any, Literal

import streamlit as st
from streamlit import runtime
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import _calculate_file_id

from logic.auth import audit
from logic.storage import Storage

from .auth import user
from .storage import storage

# Long enough for the browser to fetch the file it has just been given the URL of (it does so at once;
# the file is read whole when its request arrives), short enough that a copied URL is of no use.
SERVED_FOR_S = 10.0

_pending: Counter[tuple[int, str]] = Counter()  # (manager, file id) -> files built and not yet dropped
_pending_lock = threading.Lock()


def export_button(
    label: str, build: Callable[[], str | bytes], file_name: str, mime: str, key: str, *,
    icon: str | None = None, type: Literal["primary", "secondary", "tertiary"] = "secondary",
) -> None:  # fmt: skip
    """A download button whose file `build()` makes (and audits) only when it is pressed."""
    signed_in = user()
    actor = audit.current_actor()  # the press runs outside the script run, which set the actor
    manager = runtime.get_instance().media_file_mgr if runtime.exists() else None
    store = storage()

    def on_press() -> bytes:
        if not still_allowed(store, signed_in):
            raise PermissionError("this account may no longer export (disabled, or its role changed)")
        with audit.acting_as(actor):
            built = build()
        data = built.encode("utf-8") if isinstance(built, str) else built
        if manager is not None:
            drop_later(manager, data, mime, file_name)
        return data

    st.download_button(
        label, data=on_press, file_name=file_name, mime=mime, key=key, on_click="ignore", icon=icon, type=type,
    )  # fmt: skip


def still_allowed(store: Storage, signed_in: dict[str, Any] | None) -> bool:
    """Whether the account signed in when the button was drawn is still active with that role."""
    from logic.auth import accounts

    if signed_in is None:
        return False
    account = accounts.get_user(store, signed_in["username"])
    return account is not None and account.active and account.role == signed_in["role"]


def drop_later(
    manager: MediaFileManager, data: bytes, mime: str, file_name: str, after_s: float | None = None,
) -> threading.Timer:  # fmt: skip
    """Drop the file Streamlit stores for these bytes from its media store after `after_s` seconds
    (default SERVED_FOR_S).

    Streamlit names a stored file by a hash of its bytes, type and name, so the same export pressed
    twice is one file: it is dropped when the last press's time is up."""
    file_id = _calculate_file_id(data, mime, file_name)
    with _pending_lock:
        _pending[(id(manager), file_id)] += 1
    timer = threading.Timer(SERVED_FOR_S if after_s is None else after_s, _drop, (manager, file_id))
    timer.daemon = True
    timer.start()
    return timer


def _drop(manager: MediaFileManager, file_id: str) -> None:
    with _pending_lock:
        _pending[(id(manager), file_id)] -= 1
        if _pending[(id(manager), file_id)] > 0:
            return
        del _pending[(id(manager), file_id)]
    with manager._lock:  # the manager's own bookkeeping, as its orphan sweep deletes a file
        if file_id in manager._file_metadata:
            manager._delete_file(file_id)
