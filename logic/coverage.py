"""Which statements the product's rules cite, and which none do."""

from __future__ import annotations

from collections import defaultdict

from .knowledge import SECTIONS, STATEMENTS
from .planner import RULES
from .tree_data import TREE


def citations() -> dict[str, list[str]]:
    """Statement id -> the tree nodes, leaves, criteria, advice and planner rules that cite it."""
    cited: dict[str, list[str]] = defaultdict(list)
    for node in TREE.nodes.values():
        for sid in node.statement_ids:
            cited[sid].append(f"tree:{node.id}")
    for leaf in TREE.leaves.values():
        for sid in leaf.statement_ids:
            cited[sid].append(f"tree:{leaf.id}")
    for criterion in TREE.criteria:
        for sid in criterion.statement_ids:
            cited[sid].append(f"tree:{criterion.id}")
    for level, advice in TREE.advice.items():
        ids = set(advice.statement_ids).union(*(e.statement_ids for e in advice.escalate_if))
        for sid in sorted(ids):
            cited[sid].append(f"advice:{level.value}")
    for rule in RULES:
        for sid in rule.statement_ids:
            cited[sid].append(f"planner:{rule.id}")
    return {sid: cited.get(sid, []) for sid in STATEMENTS} | {
        sid: places for sid, places in cited.items() if sid not in STATEMENTS
    }


def report() -> str:
    cited = citations()
    lines = ["Statements cited by rules:"]
    lines += [f"  {sid}: {', '.join(places)}" for sid, places in cited.items() if places and sid in STATEMENTS]
    uncited = [sid for sid in STATEMENTS if not cited.get(sid)]
    lines.append("Statements no rule cites: " + (", ".join(uncited) if uncited else "none"))
    unknown = [sid for sid in cited if sid not in STATEMENTS]
    if unknown:
        lines.append("Cited ids that do not exist: " + ", ".join(unknown))
    return "\n".join(lines)


_PLACES = {"tree": "Decision tree", "advice": "Advice", "planner": "Planner rules"}
STATEMENTS_DOC = "docs/statements.md"


def statements_markdown() -> str:
    """docs/statements.md: every statement with the tree nodes, advice and planner rules that cite it,
    from the data itself (tests/test_docs.py fails when the file and the data disagree)."""
    cited = citations()
    lines = [
        "# Where each statement is used",
        "",
        "Generated from `logic/knowledge.py`, `logic/tree_data.py` and `logic/planner.py` by",
        f"`python -m logic.coverage > {STATEMENTS_DOC}`; `tests/test_docs.py` checks that it is current.",
    ]
    section = ""
    for sid, statement in STATEMENTS.items():
        if statement.section != section:
            section = statement.section
            lines += ["", f"## {section}: {SECTIONS[section].en}", ""]
            lines += ["| Statement | Text (English) | " + " | ".join(_PLACES.values()) + " |"]
            lines += ["| --- | --- | " + " | ".join("---" for _ in _PLACES) + " |"]
        places = {
            kind: [p.split(":", 1)[1] for p in cited.get(sid, []) if p.startswith(kind + ":")] for kind in _PLACES
        }
        text = " ".join(statement.text.en.split()).replace("|", "\\|")
        cells = [", ".join(f"`{p}`" for p in places[kind]) or "-" for kind in _PLACES]
        lines.append(f"| **{sid}** | {text} | " + " | ".join(cells) + " |")
    uncited = [sid for sid in STATEMENTS if not cited.get(sid)]
    lines += ["", "Cited by no rule: " + (", ".join(uncited) if uncited else "none") + "."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(statements_markdown(), end="")
