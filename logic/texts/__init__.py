"""The engine's text catalogues, and the one way texts are looked up in both languages.

Each module of this package (and of `ui/texts/`) holds a `DA` and an `EN` dict with the same keys. The
engine, its figures and the command line look texts up here (`translate`); the UI merges these
catalogues with its own (`ui.i18n`), so a word the engine and the UI both use is written once.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Iterable
from functools import lru_cache
from types import ModuleType

from ..models import Language, Text

LANGUAGES: tuple[Language, ...] = ("da", "en")
Catalogs = dict[Language, dict[str, str]]


def catalog_modules(package: ModuleType) -> list[ModuleType]:
    return [
        importlib.import_module(f"{package.__name__}.{info.name}") for info in pkgutil.iter_modules(package.__path__)
    ]


def merge(packages: Iterable[ModuleType]) -> Catalogs:
    """The catalogues of these packages merged per language; a key defined twice is an error."""
    merged: Catalogs = {"da": {}, "en": {}}
    for package in packages:
        for module in catalog_modules(package):
            for lang, table in (("da", module.DA), ("en", module.EN)):
                clash = merged[lang].keys() & table.keys()  # type: ignore[index]
                if clash:
                    raise ValueError(f"text keys defined twice: {sorted(clash)}")
                merged[lang].update(table)  # type: ignore[index]
    return merged


def fill(text: str, values: dict[str, object]) -> str:
    """A catalogue text with its `{placeholders}` filled (a text without values is returned as it is)."""
    return text.format(**values) if values else text


@lru_cache(maxsize=1)
def catalogs() -> Catalogs:
    return merge([sys.modules[__name__]])


def translate(key: str, lang: Language, **values: object) -> str:
    """The engine's text `key` in `lang` (the UI's `ui.i18n.translate` also knows these keys)."""
    return fill(catalogs()[lang][key], values)


def both(key: str) -> Text:
    """A catalogue text in both languages, for the engine's data that carries a `Text` (the tree's options)."""
    return Text(da=catalogs()["da"][key], en=catalogs()["en"][key])
