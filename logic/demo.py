"""Believable demo clients: `python -m logic demo-data --clients 30 [--if-empty] [--seed 1]`; and
`python -m logic demo-setup` (what `python3 dev.py start` runs first): 30 demo clients and a demo
therapist, only for a local SQLite data folder that is empty (`setup_demo`).

Deterministic (random.Random(seed), dates relative to `today`), and written through the ordinary
storage interface, with the real engine: every reaction level comes from `logic.reaction.assess` on a
report built to reach it, every plan from `logic.planner.plan` on the stored record.

With 30 clients (any count from 5 up) the set covers every assessment level as a client's latest
level, a sign of progress (E3), and each badge of the client list: elderly, fainting tendency,
disclosures not reviewed and no progress after three treatments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import body_map
from .models import LEVEL_ORDER, RED_FLAG_KEYS, Level, ReactionReport, Treatment
from .reaction import assess

if TYPE_CHECKING:
    from .settings import ClinicSettings

WOMEN = [
    "Anne", "Kirsten", "Hanne", "Mette", "Anna", "Helle", "Susanne", "Lene", "Maria", "Marianne", "Inge",
    "Karen", "Lone", "Bente", "Camilla", "Pia", "Louise", "Charlotte", "Tina", "Ida", "Sofie", "Emma",
    "Birgit", "Jette", "Signe", "Line", "Freja", "Astrid", "Ellen", "Dorthe",
]  # fmt: skip
MEN = [
    "Peter", "Jens", "Michael", "Lars", "Henrik", "Thomas", "Søren", "Jan", "Christian", "Martin", "Niels",
    "Anders", "Morten", "Jesper", "Mads", "Rasmus", "Per", "Hans", "Ole", "Frederik", "Mikkel", "Poul",
    "Torben", "Kasper", "Bo", "Erik", "Jørgen", "Kim", "Steen", "Kristian",
]  # fmt: skip
SURNAMES = [
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen",
    "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen",
    "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Frederiksen", "Lund", "Holm", "Schmidt",
    "Eriksen", "Kristiansen", "Simonsen", "Clausen", "Svendsen", "Andreasen", "Iversen", "Østergaard",
    "Jeppesen", "Vestergaard", "Nissen", "Lauridsen", "Kjær", "Dalgaard", "Bech", "Friis", "Bak",
]  # fmt: skip

# (original pain regions, where the client's complaint is, what the treatment works on)
COMPLAINTS: list[tuple[list[str], str]] = [
    (
        ["neck_back", "left_shoulder_blade", "right_shoulder_blade"],
        "Spændinger i nakke og skuldre, hovedpine sidst på dagen",
    ),
    (["lower_back"], "Lændesmerter efter længere tids stillesiddende arbejde"),
    (["left_shoulder_front", "left_upper_arm"], "Ondt i venstre skulder ved løft over hovedhøjde"),
    (["right_forearm_hand"], "Musearm: smerter i højre underarm"),
    (["left_calf", "right_calf"], "Stramme lægge og kramper efter løb"),
    (["upper_back", "neck_back"], "Smerter mellem skulderbladene"),
    (["left_buttock", "left_hamstring"], "Udstrålende smerter i venstre balde og lår"),
    (["neck_back", "head"], "Spændingshovedpine fra nakken"),
    (["right_shoulder_blade", "right_upper_arm"], "Ondt i højre skulder efter havearbejde"),
    (["lower_back", "right_buttock"], "Lænd og højre hofte"),
]
# Where new pain shows up after working on a region (E3: "similar pain elsewhere" is often nearby).
NEIGHBOURS = {
    "neck_back": ["head", "upper_back"], "left_shoulder_blade": ["left_upper_arm", "upper_back"],
    "right_shoulder_blade": ["right_upper_arm", "upper_back"], "lower_back": ["left_buttock", "right_buttock"],
    "left_shoulder_front": ["neck_front", "chest"], "left_upper_arm": ["left_forearm_hand"],
    "right_forearm_hand": ["right_upper_arm"], "left_calf": ["left_hamstring"], "right_calf": ["right_hamstring"],
    "upper_back": ["lower_back", "neck_back"], "left_buttock": ["lower_back", "left_calf"],
    "left_hamstring": ["left_calf"], "head": ["neck_front"], "right_upper_arm": ["right_forearm_hand"],
    "right_buttock": ["right_hamstring"],
}  # fmt: skip
CONDITIONS = [
    "diabetes", "forhøjet blodtryk", "blodfortyndende medicin", "osteoporose", "åreknuder",
    "tidligere blodprop", "leddegigt", "fibromyalgi", "astma",
]  # fmt: skip
NOTES = [
    "Mange aktive triggerpunkter i trapezius.", "God respons, klienten slappede godt af.",
    "Ømt ved tryk på levator scapulae.", "Arbejdet med langsomt, jævnt tryk.", "Klienten sov dårligt i nat.",
    "Opfordret til at drikke vand og gå en tur.", "Strækøvelser gennemgået.", "Spændt kæbe og nakke.",
    "Mindre ømt end sidst.", "Travlt på arbejdet, meget stress.", "",
]  # fmt: skip
CONTACT_DOMAINS = ["example.dk", "example.com"]
_ASCII_LETTERS: dict[str, str | int | None] = {"æ": "ae", "ø": "oe", "å": "aa"}  # for an e-mail address


@dataclass
class Role:
    """What one demo client is there to show."""

    level: Level
    elderly: bool = False
    fainting: bool = False
    disclosures_not_reviewed: bool = False
    no_progress: bool = False
    progress_sign: bool = False


# How often each level is a client's latest one beyond the first five clients (one of each).
LEVEL_WEIGHTS = {
    Level.expected: 45, Level.healing_crisis: 25, Level.contact_therapist: 18, Level.doctor_today: 8, Level.emergency: 4,
}  # fmt: skip


def roles(count: int, rng: random.Random) -> list[Role]:
    """Each level and badge at least once when count >= 5, more of them by chance; shuffled."""
    result = []
    for i in range(count):
        if i < len(LEVEL_ORDER):
            level = LEVEL_ORDER[i]
        else:
            level = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()))[0]
        result.append(
            Role(
                level=level,
                elderly=i == 0 or rng.random() < 0.2,
                fainting=i == 1 or rng.random() < 0.08,
                disclosures_not_reviewed=i == 2 or rng.random() < 0.1,
                no_progress=i == 3 or rng.random() < 0.12,
                progress_sign=(i == 1 or rng.random() < 0.15) and level is Level.healing_crisis,
            )
        )
    rng.shuffle(result)
    return result


def no_flags(**raised: bool) -> dict[str, bool]:
    return {key: raised.get(key, False) for key in RED_FLAG_KEYS}


@dataclass
class Visit:
    """One session as the generator plans it, before it is stored."""

    date: dt.date
    treatment: Treatment
    neck: bool
    duration: int
    pressure: int
    pain_before: int
    pain_after: int
    regions: list[str]


def _report(visit: Visit, rng: random.Random, fainting: bool, **fields: Any) -> dict[str, Any]:
    base = {
        "hours_since_treatment": float(rng.choice([6, 10, 18, 20, 24, 30, 36])),
        "treatment": visit.treatment.value,
        "neck_treatment": visit.neck,
        "symptoms": {"soreness": rng.choice(["none", "mild"]), "tiredness": rng.choice(["none", "mild"])},
        "red_flags": no_flags(),
        "pain_before": visit.pain_before,
        "pain_now": max(0, visit.pain_before - rng.randint(0, 2)),
        "feels_like": "bruise_or_irritation",
        "trajectory": rng.choice(["improving", "stable"]),
        "worsening_hours": 0,
        "new_pain_elsewhere": "none",
        "known_fainting_tendency": fainting,
    }
    base.update(fields)
    return base


def report_for(
    level: Level, visit: Visit, rng: random.Random, fainting: bool, progress_sign: bool = False
) -> dict[str, Any]:
    """A reaction report after `visit` that the decision tree classifies as `level`.

    `fainting`: the client's known fainting tendency (F2), which the report repeats.
    """

    def report(**fields: Any) -> dict[str, Any]:
        return _report(visit, rng, fainting, **fields)

    if level is Level.expected:
        return report()
    if level is Level.healing_crisis:
        pain_now = min(10, visit.pain_before + rng.randint(0, 1))  # a moderate flare (B5), never a large one
        symptoms = {"soreness": "moderate", "tiredness": rng.choice(["mild", "moderate"]), "skin_marks": "mild"}
        extra = {"new_pain_elsewhere": "similar_to_original"} if progress_sign else {}
        return report(pain_now=pain_now, symptoms=symptoms, **extra)
    if level is Level.contact_therapist:
        variants: list[Callable[[], dict[str, Any]]] = [
            lambda: report(
                trajectory="worsening", worsening_hours=float(rng.choice([8, 12])),
                pain_now=min(10, visit.pain_before + 1), symptoms={"soreness": "moderate"},
            ),
            lambda: report(symptoms={"soreness": "mild", "headache": "moderate"}),
            lambda: report(new_pain_elsewhere="different"),
        ]  # fmt: skip
        if visit.pain_before < 10:  # E1: the original pain is worse, and feels like it
            variants.append(
                lambda: report(
                    pain_now=min(10, visit.pain_before + 2), feels_like="original_pain_worse", trajectory="stable",
                    symptoms={"soreness": "moderate"},
                )
            )  # fmt: skip
        if fainting and rng.random() < 0.5:  # F2: a faint in a client who knows they faint
            return report(red_flags=no_flags(fainted=True), hours_since_treatment=1.0)
        return rng.choice(variants)()
    if level is Level.doctor_today:
        choices = ["dark_urine", "swollen_painful_calf"]
        if not visit.neck:  # after a neck treatment vomiting is an emergency (F3)
            choices.append("vomiting")
        if not fainting:  # a first faint, without a known tendency, is a doctor's case (F2)
            choices.append("fainted")
        choice = rng.choice(choices)
        if choice == "vomiting":
            return report(symptoms={"soreness": "moderate", "nausea": "moderate", "vomiting": "mild"})
        if choice == "fainted":
            return report(red_flags=no_flags(fainted=True), hours_since_treatment=2.0)
        return report(red_flags=no_flags(**{choice: True}), symptoms={"soreness": "severe"})
    if level is Level.emergency:
        if visit.neck:
            return report(symptoms={"dizziness": "severe", "nausea": "moderate"}, hours_since_treatment=3.0)
        flag = rng.choice(["chest_pain_or_breathlessness", "double_vision", "sudden_severe_headache_or_neck_pain"])
        return report(red_flags=no_flags(**{flag: True}), hours_since_treatment=4.0)
    raise ValueError(level)


def _regions_now(report: dict[str, Any], original: list[str], rng: random.Random) -> list[str]:
    """Where it hurts now, consistent with E3: a new region only when the report says new pain."""
    now = [r for r in original if rng.random() < 0.8] or original[:1]
    if report["new_pain_elsewhere"] != "none":
        candidates = [n for r in original for n in NEIGHBOURS.get(r, []) if n not in original]
        extra = rng.choice(candidates or [r.id for r in body_map.REGIONS if r.id not in original])
        now = [*now, extra]
    return now if report["pain_now"] > 0 or report["new_pain_elsewhere"] != "none" else []


def _visits(role: Role, original: list[str], rng: random.Random, today: dt.date) -> list[Visit]:
    count = rng.randint(3, 8) if role.no_progress else rng.choice([1, 2, 2, 3, 4, 5, 6, 8])
    main = rng.choice([Treatment.trigger_point_therapy, Treatment.deep_massage, Treatment.relaxation_massage])
    if role.level is Level.healing_crisis:
        main = Treatment.trigger_point_therapy  # a healing crisis follows trigger-point therapy only (D3; D1, D2)
    gaps = [rng.choice([7, 7, 10, 14, 14, 21]) for _ in range(count - 1)]
    day = today - dt.timedelta(days=rng.randint(3, 14) + sum(gaps))
    first_pain = rng.randint(5, 9)
    pain = first_pain
    visits = []
    for index in range(count):
        if role.no_progress:
            before = max(1, min(10, first_pain + rng.randint(-1, 1)))
            after = max(0, before - rng.randint(0, 1))
        else:
            before = pain
            after = max(0, before - rng.randint(1, 2))
            pain = max(1, before - rng.randint(0, 2))
        treatment = main if rng.random() < 0.8 else rng.choice(list(Treatment))
        if index == count - 1 and role.level is Level.healing_crisis:
            treatment = main
        visits.append(
            Visit(
                date=day,
                treatment=treatment,
                neck=any(r.startswith("neck") for r in original) and rng.random() < 0.5,
                duration=rng.choice([30, 45, 45, 60, 60, 75]),
                pressure=rng.randint(3, 8),
                pain_before=before,
                pain_after=after,
                regions=sorted(set(original) | ({rng.choice(original)} if rng.random() < 0.3 else set())),
            )
        )
        if index < count - 1:
            day += dt.timedelta(days=gaps[index])
    # Make the H2 badge mean what the role says: a clinically important fall, or none.
    if len(visits) >= 3:
        last = visits[-1]
        if role.no_progress:
            last.pain_after = max(last.pain_after, first_pain - 1)
        else:
            last.pain_after = min(last.pain_after, first_pain - 3)
            last.pain_before = max(last.pain_before, last.pain_after)
    return visits


def _name(rng: random.Random) -> str:
    first = rng.choice(WOMEN if rng.random() < 0.6 else MEN)
    middle = f" {rng.choice(SURNAMES)}" if rng.random() < 0.2 else ""
    return f"{first}{middle} {rng.choice(SURNAMES)}"


def _contact(name: str, rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.45:
        digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
        return f"+45 {rng.choice('2345678')}{rng.randint(0, 9)} {digits[:2]} {digits[2:4]} {digits[4:]}"
    if roll < 0.85:
        local = ".".join(part.lower() for part in name.split()[:2])
        local = local.translate(str.maketrans(_ASCII_LETTERS))
        return f"{local}@{rng.choice(CONTACT_DOMAINS)}"
    return None


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    """A treatment time during the clinic's day (stored as UTC)."""
    return dt.datetime.combine(day, dt.time(rng.randint(7, 15), rng.choice([0, 15, 30, 45])), dt.UTC)


def generate(storage: Any, clients: int = 30, seed: int = 1, today: dt.date | None = None) -> list[int]:
    """Add `clients` demo clients through `storage` (a logic.storage.Storage); returns their ids."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    elderly_age = storage.settings.elderly_age
    ids = []
    for role in roles(clients, rng):
        name = _name(rng)
        age = rng.randint(elderly_age + 1, elderly_age + 22) if role.elderly else rng.randint(21, elderly_age - 2)
        original, complaint = rng.choice(COMPLAINTS)
        visits = _visits(role, original, rng, today)
        if role.level is Level.emergency and rng.random() < 0.5 and any(r.startswith("neck") for r in original):
            visits[-1].neck = True
        disclosed: list[str] = []
        if role.disclosures_not_reviewed or rng.random() < 0.3:
            disclosed = rng.sample(CONDITIONS, rng.randint(1, 2))
        reviewed = bool(disclosed) and not role.disclosures_not_reviewed
        first_day = visits[0].date
        client = storage.create_client(
            {
                "name": name,
                "birth_year": today.year - age,
                "contact": _contact(name, rng),
                "consent_health_data": True,
                "consent_date": first_day - dt.timedelta(days=rng.randint(0, 7)),
            },
            profile={
                "massage_experience": rng.choice(["first_time", "long_ago", "regular", "regular"]),
                "condition_months": float(rng.choice([1, 2, 3, 6, 9, 12, 18, 24, 36, 60])),
                "trigger_points": rng.choice(["few", "many", "unknown"]),
                "trigger_point_severity": rng.choice(["mild", "moderate", "severe", "unknown"]),
                "stressors": rng.random() < 0.35,
                "bad_experience_before": rng.random() < 0.12,
                "known_fainting_tendency": role.fainting,
                "disclosed_conditions": disclosed,
                "conditions_reviewed": reviewed,
                "reviewed_at": _at(first_day, rng) if reviewed else None,
            },
        )
        storage.set_original_pain(client.id, original, recorded_at=_at(first_day, rng) - dt.timedelta(days=1))
        for index, visit in enumerate(visits):
            last = index == len(visits) - 1
            if last:
                level, sign = role.level, role.progress_sign and role.level is Level.healing_crisis
            else:
                trigger_points = visit.treatment is Treatment.trigger_point_therapy  # D3's exception
                level = Level.healing_crisis if trigger_points and rng.random() < 0.35 else Level.expected
                sign = level is Level.healing_crisis and rng.random() < 0.25
            report = report_for(level, visit, rng, role.fainting, sign)
            assessment = assess(ReactionReport.model_validate(report), "da", storage.settings)
            if assessment.level is not level:
                raise AssertionError(f"demo report for {level.value} was assessed {assessment.level.value}: {report}")
            note = rng.choice(NOTES)
            session = {
                "date": visit.date,
                "treatment": visit.treatment,
                "neck_treatment": visit.neck,
                "duration_min": visit.duration,
                "pressure": visit.pressure,
                "regions": visit.regions,
                "pain_before": visit.pain_before,
                "pain_after": visit.pain_after,
                "note": (complaint + ". " + note).strip() if index == 0 else note,
            }
            check = None
            if last or rng.random() < 0.8:
                check = {
                    "report": report,
                    "assessment": assessment,
                    "regions_now": _regions_now(report, original, rng),
                    "checked_at": _at(visit.date, rng) + dt.timedelta(hours=1 + report["hours_since_treatment"]),
                }
            storage.add_session(client.id, session, check=check)
            if index >= len(visits) - 2:
                _save_plan(storage, client.id, visits[index + 1].treatment if not last else visit.treatment, visit, rng)
        ids.append(client.id)
    return ids


def _save_plan(storage: Any, client_id: int, treatment: Treatment, visit: Visit, rng: random.Random) -> None:
    from .services.planning import plan_for_client  # here: the engine's command line loads no storage

    planned = plan_for_client(storage, client_id, treatment, "da")
    request, suggested = planned.request, planned.plan
    adjust = rng.random() < 0.3
    storage.save_plan(
        client_id,
        {
            "request": request,
            "suggested": suggested,
            "chosen_duration_min": suggested.duration_min,
            "chosen_pressure": max(0, suggested.pressure - 1) if adjust else suggested.pressure,
            "chosen_interval_days": suggested.interval_days + (7 if adjust and rng.random() < 0.5 else 0),
            "accepted": not adjust,
            "created_at": _at(visit.date, rng) + dt.timedelta(hours=1),
        },
    )


# --- the demo of a developer's first start ---

DEMO_CLIENTS = 30
SIGN_IN_FILE = "demo-sign-in.txt"


def setup_demo(settings: ClinicSettings, out: TextIO) -> str:
    """Demo clients and a demo therapist, only where they belong: a local SQLite data folder that is
    empty (or not there yet). Never with a database URL (a clinic's PostgreSQL, say), never into a
    folder that holds anything. The demo sign-in goes to `out` only when it is a terminal; otherwise
    (a log file, a service's journal) into a file readable by this user only, in the data folder, and
    `out` is told where. Returns what was done, in one line."""
    from .auth.accounts import ensure_demo_therapist
    from .storage import open_storage
    from .storage.engine import DATABASE_URL_ENV

    if settings.database_url or os.environ.get(DATABASE_URL_ENV):
        return "a database URL is set: no demo data and no demo user"
    folder = Path(settings.data_dir).expanduser()
    if folder.exists() and any(folder.iterdir()):
        return f"the data folder {folder} is not empty: no demo data and no demo user"
    storage = open_storage(None, settings)
    try:
        generate(storage, clients=DEMO_CLIENTS, seed=1)
        created = ensure_demo_therapist(storage)
    finally:
        storage.close()
    assert created is not None, "an empty data folder has no accounts"
    name, password = created
    if out.isatty():
        print(f"Demo therapist sign-in (shown once): user {name!r}, password {password!r}", file=out)
        return f"added {DEMO_CLIENTS} demo clients and the demo therapist {name!r}"
    path = folder / SIGN_IN_FILE
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(f"user: {name}\npassword: {password}\n")
    return f"added {DEMO_CLIENTS} demo clients and the demo therapist; its sign-in is in {path} (readable by you only)"


# --- command line ---


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError("must be between 1 and 100000")
    return value


def add_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = subparsers.add_parser("demo-data", help="add believable demo clients (deterministic per seed)")
    command.add_argument("--clients", type=_positive, default=30, help="how many clients (default 30)")
    command.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same data")
    command.add_argument("--if-empty", action="store_true", help="do nothing when the database has clients")
    command.add_argument("--database-url", default=None, help="SQLAlchemy URL (default: the clinic settings)")
    command.set_defaults(handler=run_demo_data)
    setup = subparsers.add_parser(
        "demo-setup", help="demo clients and a demo therapist, only for an empty local SQLite data folder"
    )
    setup.set_defaults(handler=run_demo_setup)


def run_demo_data(args: argparse.Namespace) -> int:
    from .settings import get_settings
    from .storage import open_storage
    from .storage.cli import guarded

    def action() -> int:
        storage = open_storage(args.database_url, get_settings())
        try:
            if args.if_empty and storage.count_rows()["clients"] > 0:
                print("the database already has clients; no demo data added")
                return 0
            ids = generate(storage, clients=args.clients, seed=args.seed)
            print(f"added {len(ids)} demo clients (seed {args.seed})")
        finally:
            storage.close()
        return 0

    return guarded(action)


def run_demo_setup(args: argparse.Namespace) -> int:
    from .settings import get_settings
    from .storage.cli import guarded

    def action() -> int:
        print(setup_demo(get_settings(), sys.stdout))
        return 0

    return guarded(action)


if __name__ == "__main__":  # pragma: no cover - use `python -m logic demo-data`
    from .cli import main

    sys.exit(main(["demo-data", *sys.argv[1:]]))
