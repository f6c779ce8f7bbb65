"""Name search keys: a normalized name for ordering and word tokens for prefix search.

Kept apart from the ORM models because migration 0002 backfills the same keys for existing rows.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")  # letters and digits; hyphens, apostrophes and spaces split words
TOKEN_MAX = 100


def normalize(text: str) -> str:
    """Case- and width-insensitive form: NFKC, case folded, words joined by single spaces."""
    return " ".join(words(text))


def words(text: str) -> list[str]:
    """The words of a name or a search query, normalized, in order (duplicates kept)."""
    return [w[:TOKEN_MAX] for w in _WORD.findall(unicodedata.normalize("NFKC", text).casefold())]


def tokens(name: str) -> set[str]:
    """The distinct words of a name: a client matches a query word that starts one of them."""
    return set(words(name))
