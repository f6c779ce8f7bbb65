"""Texts of the app shell (app.py): navigation, sections, the not-a-diagnosis note."""

DA = {
    "app.not_diagnosis": "Beslutningsstøtte, ikke en diagnose. Er du i tvivl, så kontakt din behandler eller en læge.",
    "app.section.public": "Til klienter",
    "app.section.therapist": "Til behandlere",
    "app.nav.self_check": "Selvtjek",
    "app.nav.decision_tree": "Beslutningstræet",
    "app.nav.consultation": "Konsultation",
    "app.nav.planner": "Planlægning",
}

EN = {
    "app.not_diagnosis": "Decision support, not a diagnosis. If in doubt, contact your therapist or a doctor.",
    "app.section.public": "For clients",
    "app.section.therapist": "For therapists",
    "app.nav.self_check": "Self-check",
    "app.nav.decision_tree": "Decision tree",
    "app.nav.consultation": "Consultation",
    "app.nav.planner": "Planner",
}
