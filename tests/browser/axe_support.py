"""axe-core in the browser tests: the npm registry's package, injected into the page under test.

The tarball is fetched once from the npm registry (the version pinned here, its SHA-256 checked) and its
`axe.min.js` kept beside the tests' virtual environment, so later runs need no network. Injected with
Playwright's `evaluate`, which the app's Content-Security-Policy does not govern.
"""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
import tempfile
import urllib.request
from functools import lru_cache
from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
AXE_SHA256 = "e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745"
REPO = Path(__file__).resolve().parents[2]
BLOCKING = ("serious", "critical")


def _cache_file() -> Path:
    base = REPO / ".venv" if (REPO / ".venv").is_dir() else Path(tempfile.gettempdir())
    return base / "axe-core" / f"axe-{AXE_VERSION}.min.js"


@lru_cache(maxsize=1)
def axe_source() -> str:
    cached = _cache_file()
    if not cached.exists():
        with urllib.request.urlopen(AXE_TARBALL, timeout=60) as response:
            tarball = response.read()
        digest = hashlib.sha256(tarball).hexdigest()
        assert digest == AXE_SHA256, f"axe-core {AXE_VERSION} tarball has SHA-256 {digest}, expected {AXE_SHA256}"
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            member = archive.extractfile("package/axe.min.js")
            assert member is not None
            source = member.read()
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(source)
        os.replace(partial, cached)  # atomic: parallel test runs never read half a file
    return cached.read_text(encoding="utf-8")


def serious_violations(page) -> list[dict]:
    """axe-core's violations of impact serious or critical on the page as it is now (WCAG 2.1 A and AA)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    result = page.evaluate(
        """async () => {
          const found = await window.axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
            resultTypes: ['violations'],
          });
          return found.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary})),
          }));
        }"""
    )
    return [v for v in result if v["impact"] in BLOCKING]


def assert_no_serious_violations(page, label: str) -> None:
    """Fail with a readable list when axe-core finds a serious or critical violation."""
    found = serious_violations(page)
    lines = [
        f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(f"    {n['target']}: {n['html']}" for n in v["nodes"][:6])
        for v in found
    ]
    assert not found, f"axe-core on {label}:\n" + "\n".join(lines)
