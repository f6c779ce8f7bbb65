"""Scrolling a saved or assessed result into view: the app's only inline scripts, each constant, so the
server's Content-Security-Policy can allow exactly them by their hashes (server.py) and nothing else.

A script runs in a one-pixel iframe (whose document inherits the page's policy) and scrolls the container
with a known key to the top of the screen. Kept free of heavy imports: server.py reads the hashes at start.
"""

from __future__ import annotations

import base64
import hashlib

# The containers a result is shown in (their Streamlit keys), each with its own constant script.
TARGETS = ("consult-result", "check-result", "record-saved")


def script(target: str) -> str:
    if target not in TARGETS:
        raise ValueError(f"no scroll script for {target!r}")
    return (
        "window.parent.document.querySelector('.st-key-" + target + "')"
        "?.scrollIntoView({block: 'start', behavior: 'instant'});"
    )


def csp_hashes() -> str:
    """The CSP hash sources of every script above, for `script-src`."""
    return " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(script(t).encode()).digest()).decode()}'" for t in TARGETS
    )
