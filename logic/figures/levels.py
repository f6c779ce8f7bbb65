"""How the five reaction levels look wherever they are drawn: colour, marker shape, glyph and legend name
(the name from the vocabulary, logic/texts/vocabulary.py).

Colour and shape always go together, so a level is never told by colour alone. The tree, the planner's
session chart, the record's charts and the lists beside them all take them from here.
"""

from __future__ import annotations

from ..models import Language, Level
from ..settings import ClinicSettings, get_settings
from ..texts.vocabulary import word

# Colour and shape together say the level (never colour alone); the same colours as the result card.
LEVEL_COLORS: dict[Level, str] = {
    Level.expected: "#2E8B57",
    Level.healing_crisis: "#2F6FD0",
    Level.contact_therapist: "#D9A400",
    Level.doctor_today: "#E06A1B",
    Level.emergency: "#C62828",
}
LEVEL_SYMBOLS: dict[Level, str] = {
    Level.expected: "circle",
    Level.healing_crisis: "diamond",
    Level.contact_therapist: "triangle-up",
    Level.doctor_today: "square",
    Level.emergency: "hexagon2",
}
# The same shapes as text characters (common in ordinary fonts), for lists and details beside the figure.
LEVEL_GLYPHS: dict[Level, str] = {
    Level.expected: "●",
    Level.healing_crisis: "◆",
    Level.contact_therapist: "▲",
    Level.doctor_today: "■",
    Level.emergency: "⬣",
}
QUESTION_GLYPH = "○"


def level_name(level: Level, lang: Language, settings: ClinicSettings | None = None) -> str:
    """A level's name in the legend, as the self-check tells it (with the clinic's emergency number)."""
    return word(level, lang, "client", phone=(settings or get_settings()).emergency_phone)
