"""The browser session's cookie and the server's routes that set and delete it (server.py).

A module of its own, without SQLAlchemy, so that the server can define its routes at start without
loading the database layer first (the warm-up loads it beside the server; server.py).
"""

from __future__ import annotations

COOKIE = "reaktionsguide_session"  # the browser's copy of the secret (HttpOnly, SameSite=Strict)
# The server's routes (server.py), under Streamlit's server.baseUrlPath.
HANDOVER_ROUTE = "session/start"  # ?token=<hand-over token>&next=<url path of the page asked for>
SIGN_OUT_ROUTE = "session/end"  # ?sso=1 also leaves the clinic's single sign-on
