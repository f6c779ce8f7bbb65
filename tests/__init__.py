"""The project's tests, laid out like the source: tests/logic (with storage/, auth/, figures/), tests/ui,
tests/pages, tests/bench; tests/browser drives the whole app in Chromium. Helpers are imported as
`tests....` modules (the repository root is on the path: pytest puts it there for this package)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The workspace's shared clinical documents, beside a clone of the project (absent on a fresh clone).
SHARED = REPO.parent / "shared"
