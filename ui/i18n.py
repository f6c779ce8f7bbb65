"""The UI's two languages: every text a user sees comes from the catalogs in ui/texts/."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from logic.models import Language

from . import texts

LANGUAGES: tuple[Language, ...] = ("da", "en")
DEFAULT_LANGUAGE: Language = "da"


@lru_cache(maxsize=1)
def catalogs() -> dict[Language, dict[str, str]]:
    """All catalogs merged per language; a key defined twice is an error, not a silent override."""
    merged: dict[Language, dict[str, str]] = {"da": {}, "en": {}}
    for info in pkgutil.iter_modules(texts.__path__):
        module = importlib.import_module(f"{texts.__name__}.{info.name}")
        for lang, table in (("da", module.DA), ("en", module.EN)):
            clash = merged[lang].keys() & table.keys()
            if clash:
                raise ValueError(f"text keys defined twice: {sorted(clash)}")
            merged[lang].update(table)
    return merged


def missing_keys() -> dict[Language, set[str]]:
    """Keys one language has and the other lacks (a test requires this to be empty)."""
    da, en = catalogs()["da"], catalogs()["en"]
    return {"da": en.keys() - da.keys(), "en": da.keys() - en.keys()}


def translate(key: str, lang: Language, **values: object) -> str:
    text = catalogs()[lang][key]
    return text.format(**values) if values else text


def language_from_locale(locale: str | None) -> Language:
    """Danish or English from a browser locale like 'en-GB'; Danish where it is neither."""
    prefix = (locale or "").split("-")[0].split("_")[0].lower()
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE  # type: ignore[return-value]
