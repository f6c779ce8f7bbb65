"""`python -m logic`: the engine from the command line (interfaces.md).

Bad input exits with code 2, prints nothing on stdout and one line per problem on stderr.
Other modules add their own subcommands through `add_commands(subparsers)` (see EXTENSIONS).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any, Callable

from pydantic import BaseModel, TypeAdapter, ValidationError

from .errors import explain
from .models import Language, PlanRequest, ReactionReport
from .planner import plan
from .reaction import assess

BAD_INPUT = 2
# Modules that contribute subcommands when present (storage, demo data, accounts, audit ...).
EXTENSIONS = ("logic.demo", "logic.storage.cli", "logic.auth.cli")

_READ_FAILED = {"da": "kan ikke læses: {error}", "en": "cannot be read: {error}"}
_NOT_JSON = {"da": "er ikke gyldig JSON ({error})", "en": "is not valid JSON ({error})"}
_NOT_OBJECT = {
    "da": "skal være et JSON-objekt eller en liste af objekter",
    "en": "must be a JSON object or a list of objects",
}


class BadInput(Exception):
    def __init__(self, lines: list[str]):
        super().__init__("\n".join(lines))
        self.lines = lines


def read_json(source: str, lang: Language) -> Any:
    name = "stdin" if source == "-" else source
    try:
        text = sys.stdin.read() if source == "-" else open(source, encoding="utf-8").read()
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput([f"{name}: {_READ_FAILED[lang].format(error=error)}"]) from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput([f"{name}: {_NOT_JSON[lang].format(error=error)}"]) from error


def validate_all(data: Any, model: type[BaseModel], lang: Language) -> tuple[list[BaseModel], bool]:
    """Validate one object or a list of them; every problem of every item is reported."""
    many = isinstance(data, list)
    items = data if many else [data]
    if not all(isinstance(item, dict) for item in items):
        raise BadInput([f"input: {_NOT_OBJECT[lang]}"])
    valid, problems = [], []
    for index, item in enumerate(items):
        try:
            valid.append(model.model_validate(item))
        except ValidationError as error:
            problems += explain(error, lang, prefix=f"[{index}]" if many else "")
    if problems:
        raise BadInput(problems)
    return valid, many


def run(source: str, model: type[BaseModel], compute: Callable[[Any, Language], BaseModel], lang: Language) -> int:
    items, many = validate_all(read_json(source, lang), model, lang)
    results = [compute(item, lang).model_dump(mode="json", exclude_none=True) for item in items]
    print(json.dumps(results if many else results[0], ensure_ascii=False, indent=2))
    return 0


def schema(kind: str) -> int:
    model = {"report": ReactionReport, "plan": PlanRequest}[kind]
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
        return args.handler(args)
    except BadInput as problem:
        for line in problem.lines:
            print(line, file=sys.stderr)
        return BAD_INPUT
