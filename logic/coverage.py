"""Which statements the product's rules cite, and which none do."""

from __future__ import annotations

from collections import defaultdict

from .knowledge import STATEMENTS
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
