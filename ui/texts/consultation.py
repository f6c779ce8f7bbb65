"""Texts of the consultation page (pages/therapist/consultation.py)."""

DA = {
    "consult.title": "Konsultation: vurdér en reaktion",
    "consult.intro": "Alle spørgsmål på én gang, til brug under eller efter en samtale med klienten. Intet gemmes, før du gemmer tjekket i en klients journal.",
    "consult.problems": "Ret venligst",
    "consult.empty": "Resultatet vises her, når du har udfyldt formularen og trykket »Vurdér reaktionen«.",
    "consult.result": "Resultat",
    "consult.path": "Vejen gennem beslutningstræet",
    "consult.to_planner": "Planlæg næste behandling for klienten",
}

EN = {
    "consult.title": "Consultation: assess a reaction",
    "consult.intro": "All questions at once, for use during or after a talk with the client. Nothing is saved until you save the check on a client's record.",
    "consult.problems": "Please correct",
    "consult.empty": "The result shows here once you have filled in the form and pressed “Assess the reaction”.",
    "consult.result": "Result",
    "consult.path": "Route through the decision tree",
    "consult.to_planner": "Plan the next session for this client",
}
