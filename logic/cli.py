"""`python -m logic`: the engine from the command line (interfaces.md).

Bad input exits with code 2, prints nothing on stdout and one line per problem on stderr.
Other modules add their own subcommands through `add_commands(subparsers)` (see EXTENSIONS).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import strict_json
from .errors import explain, field_name, shown
from .models import Language, PlanRequest, ReactionReport
from .planner import plan
from .reaction import assess
from .texts import translate

BAD_INPUT = 2
MAX_ITEMS = 10_000  # reports or plan requests in one list
MAX_PROBLEM_LINES = 50
# Modules that contribute subcommands when present (storage, demo data, accounts, audit ...).
EXTENSIONS = ("logic.demo", "logic.storage.cli", "logic.auth.cli", "logic.aftercare")

# The messages about the raw input are the catalogue's "input.<kind>" (logic/texts/errors.py).
BOUNDS = {
    strict_json.TOO_LARGE: strict_json.MAX_INPUT_BYTES,
    strict_json.LONG_NUMBER: strict_json.MAX_NUMBER_CHARS,
}


class BadInput(Exception):
    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def _problem(kind: str, lang: Language, **values: object) -> str:
    """A raw-input problem in words: the catalogue's text, with the bound it names."""
    return translate(f"input.{kind}", lang, limit=BOUNDS.get(kind, ""), **values)


def read_json(source: str, lang: Language) -> Any:
    """The input's JSON value, read within strict_json's bounds; BadInput names the source otherwise."""
    name = "stdin" if source == "-" else shown(source, 200)
    try:
        if source == "-":
            raw = strict_json.read_bounded(sys.stdin.buffer)
        else:
            with open(source, "rb") as stream:
                raw = strict_json.read_bounded(stream)
        return strict_json.loads(raw)
    except OSError as error:
        reason = shown(error.strerror or type(error).__name__, 200)
        raise BadInput([f"{name}: {_problem('read_failed', lang, error=reason)}"]) from None
    except strict_json.Unreadable as error:
        raise BadInput([f"{name}: {_problem(error.kind, lang, detail=error.detail)}"]) from None


def validate_all(data: Any, model: type[BaseModel], lang: Language) -> tuple[list[BaseModel], bool]:
    """Validate one object or a list of them; every problem of every item is reported.

    Strict as the published schema: JSON types exactly (no true for a number, no "20" for 20, no 7.0
    where the contract says integer), finite numbers, no key given twice."""
    many = isinstance(data, list)
    items = data if many else [data]
    whole = translate("validation.whole_input", lang)
    if many and len(items) > MAX_ITEMS:
        raise BadInput([f"{whole}: {translate('input.too_many_items', lang, limit=MAX_ITEMS)}"])
    if not all(isinstance(item, dict) for item in items):
        raise BadInput([f"{whole}: {_problem('not_object', lang)}"])
    valid, problems = [], []
    for index, item in enumerate(items):
        prefix = f"[{index}]" if many else ""
        unreadable = strict_json.problems(item)
        if unreadable:
            problems += [f"{field_name(where, prefix, lang)}: {_problem(kind, lang)}" for where, kind in unreadable]
            continue
        try:
            # Validated as JSON, strictly: the same types the schema names, as JSON spells them.
            valid.append(model.model_validate_json(json.dumps(item), strict=True))
        except ValidationError as error:
            problems += explain(error, lang, prefix=prefix)
        if len(problems) > MAX_PROBLEM_LINES:
            break
    if problems:
        more = len(problems) - MAX_PROBLEM_LINES
        if more > 0:
            problems = [*problems[:MAX_PROBLEM_LINES], f"{whole}: {translate('input.more_problems', lang, count=more)}"]
        raise BadInput(problems)
    return valid, many


def run(source: str, model: type[BaseModel], compute: Callable[[Any, Language], BaseModel], lang: Language) -> int:
    items, many = validate_all(read_json(source, lang), model, lang)
    results = [compute(item, lang).model_dump(mode="json", exclude_none=True) for item in items]
    print(json.dumps(results if many else results[0], ensure_ascii=False, indent=2))
    return 0


def schema(kind: str) -> int:
    models: dict[str, type[BaseModel]] = {"report": ReactionReport, "plan": PlanRequest}
    model = models[kind]
    print(json.dumps(TypeAdapter(model).json_schema(), ensure_ascii=False, indent=2))
    return 0


CORE_COMMANDS = ("assess", "plan", "schema", "coverage")


def build_parser(with_extensions: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m logic", description="Reaktionsguide's clinical engine.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, helptext in (("assess", "classify reaction reports"), ("plan", "suggest the next session")):
        command = sub.add_parser(name, help=helptext)
        command.add_argument("--lang", choices=("da", "en"), default="da")
        command.add_argument("file", help="JSON file, or - for standard input")
    schema_cmd = sub.add_parser("schema", help="print the JSON Schema of an input")
    schema_cmd.add_argument("kind", choices=("report", "plan"))
    sub.add_parser("coverage", help="which statements the rules cite")
    for module_name in EXTENSIONS if with_extensions else ():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name and module_name.startswith(error.name):
                continue  # that part of the product is not installed
            raise
        module.add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # The engine's own commands need no database code: keep them quick to start.
    args = build_parser(with_extensions=not argv or argv[0] not in CORE_COMMANDS).parse_args(argv)
    try:
        if args.command == "assess":
            return run(args.file, ReactionReport, assess, args.lang)
        if args.command == "plan":
            return run(args.file, PlanRequest, plan, args.lang)
        if args.command == "schema":
            return schema(args.kind)
        if args.command == "coverage":
            from .coverage import report

            print(report())
            return 0
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except BadInput as problem:
        for line in problem.lines:
            print(line, file=sys.stderr)
        return BAD_INPUT
