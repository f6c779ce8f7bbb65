"""Benchmark of the clinical engine: the reaction check and the session planner.

Generates reaction reports and plan requests deterministically (random.Random(42)), validates them
outside the timed parts, then times:

- `assess` over every report, against a baseline measured in the same run: pydantic validation
  (`ReactionReport.model_validate`) of the same batch;
- the walk of every distinct path of the decision tree (one representative report per path, repeated);
- `plan` over the plan requests, against `PlanRequest.model_validate` of the same batch.

Standard library and `logic` only. Usage: python -m bench.bench_engine [--reports N] [--plans N] [--repeat N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Callable
from typing import Any

from logic.models import (
    LEVEL_ORDER,
    RED_FLAG_KEYS,
    SYMPTOM_KEYS,
    PlanRequest,
    ReactionReport,
)
from logic.planner import plan
from logic.reaction import assess, walk
from logic.settings import ClinicSettings
from logic.tree_data import TREE

INTENSITIES = ["none", "mild", "moderate", "severe"]
TREATMENTS = ["relaxation_massage", "deep_massage", "trigger_point_therapy"]
EDGE_HOURS = [0, 6, 12, 36, 48, 48.0001, 72]


def hours(rng: random.Random) -> float:
    return rng.choice(EDGE_HOURS) if rng.random() < 0.3 else round(rng.uniform(0, 120), 2)


def random_report(rng: random.Random) -> dict[str, Any]:
    """A valid report as JSON data; most have no red flag and few symptoms, so every level is common."""
    roll = rng.random()
    raised = set() if roll < 0.8 else {rng.choice(RED_FLAG_KEYS)} if roll < 0.95 else set(rng.sample(RED_FLAG_KEYS, 3))
    mild_only = rng.random() < 0.7
    symptoms = {
        key: rng.choice(INTENSITIES[:3] if mild_only else INTENSITIES)
        for key in rng.sample(SYMPTOM_KEYS, rng.randint(0, 4))
    }
    return {
        "hours_since_treatment": hours(rng),
        "treatment": rng.choice(TREATMENTS),
        "neck_treatment": rng.random() < 0.2,
        "symptoms": symptoms,
        "red_flags": {key: key in raised for key in RED_FLAG_KEYS},
        "pain_before": rng.randint(0, 10),
        "pain_now": rng.randint(0, 10),
        "feels_like": rng.choice(["original_pain_worse", "bruise_or_irritation", "unsure"]),
        "trajectory": rng.choice(["improving", "stable", "worsening", "unsure"]),
        "worsening_hours": hours(rng),
        "new_pain_elsewhere": rng.choice(["none", "none", "similar_to_original", "different"]),
        "known_fainting_tendency": rng.random() < 0.3,
    }


def random_plan_request(rng: random.Random) -> dict[str, Any]:
    history = []
    day = dt.date(2026, 1, 5)
    for _ in range(rng.randint(0, 5)):
        day += dt.timedelta(days=rng.randint(3, 21))
        history.append(
            {
                "date": day.isoformat(),
                "treatment": rng.choice(TREATMENTS),
                "duration_min": rng.choice([30, 45, 60, 90]),
                "pressure": rng.randint(0, 10),
                "pain_before": rng.randint(0, 10),
                "pain_after": rng.randint(0, 10),
                "reaction_level": rng.choice([None, *[lvl.value for lvl in LEVEL_ORDER]]),
            }
        )
    return {
        "client": {
            "age": rng.randint(0, 120),
            "massage_experience": rng.choice(["first_time", "long_ago", "regular"]),
            "condition_months": round(rng.uniform(0, 120), 1),
            "trigger_points": rng.choice(["few", "many", "unknown"]),
            "trigger_point_severity": rng.choice(["mild", "moderate", "severe", "unknown"]),
            "stressors": rng.random() < 0.5,
            "bad_experience_before": rng.random() < 0.3,
            "known_fainting_tendency": rng.random() < 0.2,
            "disclosed_conditions": rng.sample(
                ["diabetes", "asthma", "pregnancy", "blood thinners"], rng.randint(0, 2)
            ),
            "conditions_reviewed": rng.random() < 0.7,
        },
        "history": history,
        "planned_treatment": rng.choice(TREATMENTS),
    }


def count_tree_paths(node_id: str = TREE.root) -> int:
    """Root-to-leaf paths of the tree's graph (some may be unreachable by any report)."""
    children = TREE.children(node_id)
    return sum(count_tree_paths(child) for child in children) if children else 1


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def line(label: str, seconds: float, count: int) -> None:
    print(f"  {label:<38} {seconds:8.3f} s  {count / seconds:12,.0f} /s  {seconds / count * 1e6:9.1f} µs each")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--plans", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=1_000, help="walks of each distinct path")
    args = parser.parse_args(argv)
    settings = ClinicSettings()
    rng = random.Random(42)
    started = time.perf_counter()

    # --- Reaction check ---
    print(f"Reaction check: {args.reports:,} generated reports (random.Random(42))")
    generate_s, report_data = timed(lambda: [random_report(rng) for _ in range(args.reports)])
    reports = [ReactionReport.model_validate(d) for d in report_data]  # not timed: the batch to assess
    print(f"  (generated in {generate_s:.2f} s, outside the timed parts)")

    validate_s, _ = timed(lambda: [ReactionReport.model_validate(d) for d in report_data])
    assess_s, results = timed(lambda: [assess(r, "en", settings) for r in reports])
    line("baseline: ReactionReport.model_validate", validate_s, len(reports))
    line("assess", assess_s, len(reports))
    print(f"  assess / validate ratio: {assess_s / validate_s:.2f}")

    levels: dict[str, int] = {}
    for result in results:
        levels[result.level.value] = levels.get(result.level.value, 0) + 1
    print("  levels: " + ", ".join(f"{lvl.value} {levels.get(lvl.value, 0):,}" for lvl in LEVEL_ORDER))

    # --- Every distinct path of the tree ---
    representatives: dict[tuple[str, ...], dict[str, Any]] = {}
    for report, result in zip(reports, results, strict=True):
        representatives.setdefault(tuple(result.path), report.model_dump(mode="json"))
    answers = list(representatives.values())
    leaves = {path[-1] for path in representatives}
    walks = len(answers) * args.repeat

    def walk_all() -> None:
        for _ in range(args.repeat):
            for a in answers:
                walk(a, settings)

    walk_s, _ = timed(walk_all)
    print(
        f"Decision tree: {len(representatives)} distinct paths reached by the batch "
        f"(the graph has {count_tree_paths()} root-to-leaf paths), {len(leaves)} of {len(TREE.leaves)} leaves"
    )
    line(f"walk, every path x {args.repeat:,}", walk_s, walks)
    print(f"  walk / assess ratio (per report): {(walk_s / walks) / (assess_s / len(reports)):.2f}")

    # --- Planner ---
    print(f"Session planner: {args.plans:,} generated plan requests")
    request_data = [random_plan_request(rng) for _ in range(args.plans)]
    requests = [PlanRequest.model_validate(d) for d in request_data]  # not timed
    validate_plan_s, _ = timed(lambda: [PlanRequest.model_validate(d) for d in request_data])
    plan_s, plans = timed(lambda: [plan(r, "en", settings) for r in requests])
    line("baseline: PlanRequest.model_validate", validate_plan_s, len(requests))
    line("plan", plan_s, len(requests))
    print(f"  plan / validate ratio: {plan_s / validate_plan_s:.2f}")
    flagged = sum(1 for p in plans if p.flags)
    print(f"  plans with at least one flag: {flagged:,}")

    print(f"Total run time: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
