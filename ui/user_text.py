"""Text a user typed, made safe to show in markdown: it shows exactly as typed, never as markup."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&@])")
_AUTOLINK = re.compile(r"(?i)(www(?=\.)|:(?=//)|@)")
WORD_JOINER = "\u2060"  # invisible; keeps markdown from turning a typed address into a link


def esc(text: object) -> str:
    """Every markdown character escaped, line breaks kept, and no automatic links (www., ://, @)."""
    lines = str(text).splitlines() or [""]
    return "  \n".join(_MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(rf"\1{WORD_JOINER}", line)) for line in lines)
