"""docs/ stays true to the code: the statements page is generated from the data, the contract page names
every field of the models, the architecture page names only modules that exist."""

from __future__ import annotations

import re

from logic.coverage import STATEMENTS_DOC, statements_markdown
from logic.knowledge import STATEMENTS
from logic.models import Assessment, ClientProfile, PastSession, Plan, PlanRequest, ReactionReport, RedFlags, Symptoms
from tests import REPO

DOCS = REPO / "docs"


def test_the_statements_page_is_current() -> None:
    written = (REPO / STATEMENTS_DOC).read_text(encoding="utf-8")
    assert written == statements_markdown(), f"regenerate it: .venv/bin/python -m logic.coverage > {STATEMENTS_DOC}"


def test_the_statements_page_lists_every_statement_once() -> None:
    rows = re.findall(r"^\| \*\*([A-Z][0-9]+)\*\* \|", statements_markdown(), flags=re.MULTILINE)
    assert rows == list(STATEMENTS)


def test_the_contract_page_names_every_field() -> None:
    contract = (DOCS / "contract.md").read_text(encoding="utf-8")
    for model in (ReactionReport, Symptoms, RedFlags, ClientProfile, PastSession, PlanRequest, Assessment, Plan):
        for name in model.model_fields:
            assert f"`{name}`" in contract or f"`client.{name}`" in contract, f"{model.__name__}.{name} is missing"


def test_the_architecture_page_names_only_files_that_exist() -> None:
    page = (DOCS / "architecture.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:logic|ui|pages|tests|bench|deploy)/[\w/.]*\w)`", page))
    assert paths, "no paths found"
    missing = sorted(p for p in paths if not (REPO / p).exists())
    assert missing == [], f"docs/architecture.md names what is not in the tree: {missing}"
