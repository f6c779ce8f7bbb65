"""Texts of saving a consultation's check on a client's record (ui/consultation_save.py)."""

DA = {
    "consult.save.title": "Gem i klientens journal",
    "consult.save.who": "Klient",
    "consult.save.who.existing": "Eksisterende klient",
    "consult.save.who.new": "Ny klient",
    "consult.save.create": "Opret klienten",
    "consult.save.no_consent": "Klienten har ikke givet samtykke til helbredsoplysninger: tjekket kan ikke gemmes i journalen.",
    "consult.save.session": "Behandling",
    "consult.save.session.help": "Den behandling, reaktionen kommer efter; dagens er valgt, hvis der er en.",
    "consult.save.no_session": "Ikke knyttet til en behandling",
    "consult.save.button": "Gem tjekket i journalen",
    "consult.save.saved": "Tjekket er gemt i journalen for {name} ({where}).",
    "consult.save.saved_session": "behandling {number}",
    "consult.save.saved_unlinked": "ikke knyttet til en behandling",
    "consult.save.open_record": "Åbn journalen",
}

EN = {
    "consult.save.title": "Save on the client's record",
    "consult.save.who": "Client",
    "consult.save.who.existing": "Existing client",
    "consult.save.who.new": "New client",
    "consult.save.create": "Create the client",
    "consult.save.no_consent": "The client has not consented to health data: the check cannot be saved on the record.",
    "consult.save.session": "Session",
    "consult.save.session.help": "The session the reaction follows; today's is chosen when there is one.",
    "consult.save.no_session": "Not linked to a session",
    "consult.save.button": "Save the check on the record",
    "consult.save.saved": "The check is saved on the record of {name} ({where}).",
    "consult.save.saved_session": "session {number}",
    "consult.save.saved_unlinked": "not linked to a session",
    "consult.save.open_record": "Open the record",
}
