"""Whether a phone number typed into the clinic's settings looks like a Danish one.

The settings' pattern (logic/settings.py) accepts any 2 to 20 digits, which lets a slip like "11" for
"112" through, and every page would then tell clients to call 11. Danish numbers have 3 digits (112,
114), 4 (the regions' out-of-hours lines 1813, 1818) or 8 (70 11 07 07), after an optional +45 or 0045.
Anything else is not refused (a clinic may have its reasons) but must be confirmed by the admin.
"""

from __future__ import annotations

import re

DANISH_LENGTHS = (3, 4, 8)


def plausible_danish(phone: str) -> bool:
    """3, 4 or 8 digits, spaces ignored, after an optional country code +45 or 0045."""
    compact = re.sub(r"\s", "", phone)
    compact = re.sub(r"^(\+45|0045)(?=\d{8}$)", "", compact)
    return compact.isdigit() and len(compact) in DANISH_LENGTHS
