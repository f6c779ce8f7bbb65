"""The UI's two languages: every text a user sees comes from the catalogs in ui/texts/ and the engine's
in logic/texts/ (its vocabulary, its error messages), merged into one table per language."""

from __future__ import annotations

from functools import lru_cache

from logic import texts as engine_texts
from logic.models import Language
from logic.texts import fill, merge

from . import texts

LANGUAGES = engine_texts.LANGUAGES
DEFAULT_LANGUAGE: Language = "da"


@lru_cache(maxsize=1)
def catalogs() -> dict[Language, dict[str, str]]:
    """All catalogs merged per language; a key defined twice is an error, not a silent override."""
    return merge([engine_texts, texts])


def missing_keys() -> dict[Language, set[str]]:
    """Keys one language has and the other lacks (a test requires this to be empty)."""
    da, en = catalogs()["da"], catalogs()["en"]
    return {"da": en.keys() - da.keys(), "en": da.keys() - en.keys()}


def translate(key: str, lang: Language, **values: object) -> str:
    """The text `key` in `lang`, with `{placeholders}` filled from values."""
    return fill(catalogs()[lang][key], values)


def language_from_locale(locale: str | None) -> Language:
    """Danish or English from a browser locale like 'en-GB'; Danish where it is neither."""
    prefix = (locale or "").split("-")[0].split("_")[0].lower()
    return prefix if prefix in LANGUAGES else DEFAULT_LANGUAGE  # type: ignore[return-value]
