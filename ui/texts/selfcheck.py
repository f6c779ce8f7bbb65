"""Texts of the self-check page (pages/public/self_check.py)."""

DA = {
    "selfcheck.title": "Hvordan har du det efter behandlingen?",
    "selfcheck.intro": "Svar på nogle få spørgsmål, ét ad gangen. Det tager et par minutter, og du får at vide, hvad du skal gøre.",
    "selfcheck.flags_hint": "Sæt kryds ved alt, der passer, eller ved »Nej, ingen af disse« nederst.",
    "selfcheck.intensities_hint": "Lad stå på »Ingen«, hvis du ikke mærker det.",
    "selfcheck.progress": "Spørgsmål {number} af højst {total}",
    "selfcheck.result": "Dit resultat",
    "selfcheck.call": "Ring {phone} nu",
    "selfcheck.progress.done": "Færdig",
    "selfcheck.next": "Næste",
    "selfcheck.back": "Tilbage",
    "selfcheck.restart": "Start forfra",
    "selfcheck.privacy": "Dine svar gemmes ikke. De forsvinder, når du lukker siden.",
    "selfcheck.restarted": "Spørgsmålene er blevet opdateret, så tjekket starter forfra.",
}

EN = {
    "selfcheck.title": "How are you after your treatment?",
    "selfcheck.intro": "Answer a few questions, one at a time. It takes a couple of minutes, and you will be told what to do.",
    "selfcheck.flags_hint": "Tick everything that applies, or “No, none of these” at the bottom.",
    "selfcheck.intensities_hint": "Leave it at “None” if you do not feel it.",
    "selfcheck.progress": "Question {number} of at most {total}",
    "selfcheck.result": "Your result",
    "selfcheck.call": "Call {phone} now",
    "selfcheck.progress.done": "Done",
    "selfcheck.next": "Next",
    "selfcheck.back": "Back",
    "selfcheck.restart": "Start again",
    "selfcheck.privacy": "Your answers are not saved. They are gone when you close the page.",
    "selfcheck.restarted": "The questions have been updated, so the check starts again.",
}
