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


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix` (binary order).

    `token >= prefix AND token < bound` is a prefix match that any B-tree index can answer, on SQLite
    (BINARY collation) and PostgreSQL (the token column uses collation "C").
    """
    last = ord(prefix[-1]) + 1
    if 0xD800 <= last <= 0xDFFF:  # skip surrogates, which cannot be encoded
        last = 0xE000
    if last > 0x10FFFF:
        return prefix + "\U0010ffff"
    return prefix[:-1] + chr(last)
