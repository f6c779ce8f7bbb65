"""The `st.Page` objects app.py registers, built once per process and copied for each run.

Building an `st.Page` resolves its file on disk (a `realpath`, one `lstat` per path component) on every
run; for the dozen pages app.py registers that was about a sixth of an anonymous self-check run in
bench_load's profile. A page's fields depend only on its arguments and the app's folder, and
`st.navigation` marks the page it runs on the object it is given: so each run gets a shallow copy of a
template built once, and no session ever shares a page object with another.
"""

from __future__ import annotations

import copy
import threading
from typing import Literal

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

_TEMPLATES: dict[tuple[object, ...], st.Page] = {}
_LOCK = threading.Lock()


def page(
    path: str,
    *,
    title: str,
    icon: str | None = None,
    url_path: str,
    default: bool = False,
    visibility: Literal["visible", "hidden"] = "visible",
) -> st.Page:
    """`st.Page(path, ...)` for this run (its titles come in a bounded set: one per page and language)."""
    ctx = get_script_run_ctx()
    folder = ctx.pages_manager.main_script_parent if ctx else None
    key = (folder, path, title, icon, url_path, default, visibility)
    template = _TEMPLATES.get(key)
    if template is None:
        built = st.Page(path, title=title, icon=icon, url_path=url_path, default=default, visibility=visibility)
        if ctx is None:  # a bare run (no app folder to resolve against): nothing to keep
            return built
        with _LOCK:
            template = _TEMPLATES.setdefault(key, built)
    return copy.copy(template)
