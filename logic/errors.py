"""Validation problems as one clear line per field, in the user's language."""

from __future__ import annotations

from pydantic import ValidationError

from .models import Language

_MESSAGES: dict[str, tuple[str, str]] = {
    # error type: (Danish, English); {ctx keys} are filled from pydantic's error context.
    "missing": ("skal udfyldes", "is required"),
    "extra_forbidden": ("er ikke et kendt felt", "is not a known field"),
    "enum": ("skal være en af: {expected}", "must be one of: {expected}"),
    "literal_error": ("skal være en af: {expected}", "must be one of: {expected}"),
    "bool_type": ("skal være true eller false", "must be true or false"),
    "bool_parsing": ("skal være true eller false", "must be true or false"),
    "int_type": ("skal være et helt tal", "must be a whole number"),
    "int_parsing": ("skal være et helt tal", "must be a whole number"),
    "int_from_float": ("skal være et helt tal", "must be a whole number"),
    "float_type": ("skal være et tal", "must be a number"),
    "float_parsing": ("skal være et tal", "must be a number"),
    "finite_number": ("skal være et endeligt tal", "must be a finite number"),
    "greater_than_equal": ("skal være mindst {ge}", "must be at least {ge}"),
    "less_than_equal": ("må højst være {le}", "must be at most {le}"),
    "greater_than": ("skal være større end {gt}", "must be more than {gt}"),
    "less_than": ("skal være mindre end {lt}", "must be less than {lt}"),
    "date_type": ("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_parsing": ("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_from_datetime_parsing": ("skal være en dato (ÅÅÅÅ-MM-DD)", "must be a date (YYYY-MM-DD)"),
    "date_from_datetime_inexact": ("skal være en dato uden klokkeslæt", "must be a date without a time"),
    "list_type": ("skal være en liste", "must be a list"),
    "dict_type": ("skal være et objekt", "must be an object"),
    "model_type": ("skal være et objekt", "must be an object"),
    "model_attributes_type": ("skal være et objekt", "must be an object"),
    "string_type": ("skal være tekst", "must be text"),
    "string_too_short": ("er for kort", "is too short"),
    "string_too_long": ("er for lang (højst {max_length} tegn)", "is too long (at most {max_length} characters)"),
    "string_pattern_mismatch": ("har ikke et gyldigt format", "is not in a valid format"),
    "too_short": ("har for få elementer", "has too few items"),
    "json_invalid": ("er ikke gyldig JSON", "is not valid JSON"),
    "value_error": ("er ugyldig: {error}", "is invalid: {error}"),
}
WHOLE_INPUT = {"da": "input", "en": "input"}


def field_name(location: tuple[int | str, ...], prefix: str = "") -> str:
    name = prefix
    for part in location:
        if isinstance(part, int):
            name += f"[{part}]"
        else:
            name += ("." if name else "") + str(part)
    return name


def explain(error: ValidationError, lang: Language, prefix: str = "") -> list[str]:
    """One line per problem: the field's dotted name, then what is wrong with it."""
    lines = []
    for problem in error.errors():
        location = tuple(p for p in problem["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        messages = _MESSAGES.get(problem["type"])
        context = {key: str(value) for key, value in (problem.get("ctx") or {}).items()}
        if lang == "da" and "expected" in context:
            context["expected"] = context["expected"].replace(" or ", " eller ")
        if messages:
            try:
                message = messages[0 if lang == "da" else 1].format(**context)
            except (KeyError, IndexError):
                message = messages[0 if lang == "da" else 1]
        else:
            message = problem["msg"]
        lines.append(f"{field_name(location, prefix) or WHOLE_INPUT[lang]}: {message}")
    return lines
