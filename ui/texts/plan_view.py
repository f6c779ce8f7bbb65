"""Texts of the plan view (ui/plan_view.py) beyond the planner's own, and of the planner's start."""

DA = {
    "plan_view.ics.download": "Hent som kalenderaftale (.ics)",
    "plan_view.ics.help": "En heldagsaftale til klinikkens egen kalender; uden helbredsoplysninger.",
    "plan_view.ics.summary": "Reaktionsguide: næste behandling",
    "plan_view.ics.summary_client": "{title} – {name}",
}

EN = {
    "plan_view.ics.download": "Download as a calendar event (.ics)",
    "plan_view.ics.help": "An all-day event for the clinic's own calendar; no health details.",
    "plan_view.ics.summary": "Reaktionsguide: next session",
    "plan_view.ics.summary_client": "{title} – {name}",
}
