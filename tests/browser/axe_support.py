"""axe-core in the browser tests: the npm registry's `axe-core` package, injected into a page.

The package's tarball is fetched once (pinned version, checked against the registry's sha512
integrity) and kept in `.cache/axe-core/` of the repository (git-ignored); later runs read the cached
`axe.min.js` and need no network. A test then calls:

    from axe_support import assert_no_serious_violations
    assert_no_serious_violations(page, "self-check start, da")

which runs axe on the page as it is now (call it after `settled(page)`) and fails with every
violation of impact serious or critical, each with its rule, help text and the first few elements.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import tarfile
import tempfile
import urllib.request
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
AXE_TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
# The registry's `dist.integrity` of that tarball: a changed file is refused, never run.
AXE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
CACHE_DIR = Path(os.environ.get("REAKTIONSGUIDE_AXE_CACHE", REPO / ".cache" / "axe-core"))
SERIOUS = ("serious", "critical")
# WCAG 2.0/2.1 A and AA rules plus axe's best practices (heading-order, region, ...).
RUN_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


def _checked(tarball: bytes) -> bytes:
    algorithm, _, expected = AXE_INTEGRITY.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if actual != expected:
        raise RuntimeError(f"axe-core {AXE_VERSION}: the tarball's {algorithm} does not match the registry's integrity")
    return tarball


@cache
def axe_source() -> str:
    """axe.min.js of the pinned axe-core, from the cache or (once) from the npm registry."""
    cached = CACHE_DIR / f"axe-{AXE_VERSION}.min.js"
    if not cached.exists():
        with urllib.request.urlopen(AXE_TARBALL, timeout=60) as response:
            tarball = _checked(response.read())
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            member = archive.extractfile("package/axe.min.js")
            if member is None:
                raise RuntimeError(f"axe-core {AXE_VERSION}: no package/axe.min.js in the tarball")
            script = member.read()
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        # Written beside and renamed: tests running in parallel never read half a file.
        with tempfile.NamedTemporaryFile(dir=CACHE_DIR, delete=False, suffix=".tmp") as handle:
            handle.write(script)
        Path(handle.name).replace(cached)
    return cached.read_text(encoding="utf-8")


def axe_results(page, options: dict | None = None) -> dict:
    """axe.run on the whole document as it is now; axe's results object."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script>: the app's Content Security
        # Policy (scripts from 'self' only) refuses inline scripts, as it should.
        page.evaluate(axe_source() + "\n;undefined")
    return page.evaluate("(options) => axe.run(document, options)", options or RUN_OPTIONS)


def serious_violations(page, options: dict | None = None) -> list[dict]:
    return [v for v in axe_results(page, options)["violations"] if v.get("impact") in SERIOUS]


def describe(violations: list[dict], nodes_per_rule: int = 4) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} [{len(violation['nodes'])} elements]"
        )
        for node in violation["nodes"][:nodes_per_rule]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {json.dumps(node['target'])}: {node['html'][:160]} :: {summary[:240]}")
    return "\n".join(lines)


def assert_no_serious_violations(page, label: str, options: dict | None = None) -> None:
    """Fail when axe finds a violation of impact serious or critical on the page as it is now."""
    found = serious_violations(page, options)
    assert not found, (
        f"axe-core {AXE_VERSION} on {label}: {len(found)} serious/critical rules violated\n{describe(found)}"
    )
