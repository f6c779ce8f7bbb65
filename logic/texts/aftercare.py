"""Texts of the aftercare sheet (logic/aftercare.py): plain words for the client, each piece of advice
with the statements it rests on. Numbers come from the clinic's settings, never from here."""

DA = {
    "aftercare.title": "Efter din behandling",
    "aftercare.treatment": "{treatment}, {when}",
    "aftercare.neck": "Nakken blev også behandlet.",
    "aftercare.expect.title": "Det kan du forvente",
    "aftercare.expect.b": "Let ømhed, træthed, let hovedpine eller svimmelhed og en mild følelse af at være utilpas er kendte reaktioner efter massage (B1). Mærker på huden betyder ikke noget alvorligt (B4). Dine gener kan blusse moderat og kortvarigt op (B5).",
    "aftercare.expect.d2": "Efter en almindelig massage bør du ikke føle dig tydeligt dårligere (D2). Gør du det, så sig det til klinikken.",
    "aftercare.expect.d3": "Efter triggerpunktsbehandling kan der gå et par dage, før du mærker bedring (D3).",
    "aftercare.help.title": "Hvornår skal du søge hjælp?",
    "aftercare.help.emergency": "Ring {emergency} straks ved pludselige brystsmerter eller åndenød, pludselig lammelse eller følelsesløshed i ansigt, arm eller ben, besvær med at tale eller synke, dobbeltsyn, et pludseligt fald eller usikker gang, og efter en nakkebehandling ved pludselig voldsom hovedpine eller nakkesmerte eller voldsom svimmelhed eller opkastning (X2, X4, F3).",
    "aftercare.help.doctor": "Kontakt en læge samme dag ved mørk urin (som cola eller te), voldsom muskelsmerte, tydelig hævelse eller svaghed, én hævet, varm og øm læg, eller voldsom kvalme, opkastning eller svimmelhed (X3, X4, F1; efter en nakkebehandling: ring {emergency}). Hverdage 8-16 din egen læge, ellers lægevagten i {region}: {doctor} (X1).",
    "aftercare.help.clinic": "Kontakt klinikken, hvis reaktionen varer mere end to dage eller ikke bliver bedre, eller hvis smerten ligner den, du kom med, bare værre (E1, E2).",
    "aftercare.contact.title": "Klinikken",
    "aftercare.contact.phone": "Telefon: {phone}",
    "aftercare.contact.email": "E-mail: {email}",
    "aftercare.contact.hours": "Åbningstider: {hours}",
    "aftercare.link.title": "Fortæl os, hvordan det går",
    "aftercare.link.text": "Scan koden eller åbn linket for et kort tjek af, hvordan du har det. Du vælger selv, om dine svar sendes til klinikken. Linket virker til og med {until}.",
    "aftercare.note": "Arket støtter dig; det stiller ingen diagnose. Tallene i parentes henviser til klinikkens kildetekst.",
}

EN = {
    "aftercare.title": "After your treatment",
    "aftercare.treatment": "{treatment}, {when}",
    "aftercare.neck": "Your neck was treated too.",
    "aftercare.expect.title": "What to expect",
    "aftercare.expect.b": "Mild soreness, tiredness, a mild headache or dizziness and a mild feeling of being unwell are known reactions after massage (B1). Marks on the skin do not mean anything serious (B4). Your symptoms may flare up moderately for a short while (B5).",
    "aftercare.expect.d2": "After an ordinary massage you should not feel noticeably worse (D2). If you do, tell the clinic.",
    "aftercare.expect.d3": "After trigger-point therapy a couple of days can pass before you feel better (D3).",
    "aftercare.help.title": "When to get help",
    "aftercare.help.emergency": "Call {emergency} at once for sudden chest pain or breathlessness, sudden paralysis or numbness of the face, an arm or a leg, difficulty speaking or swallowing, double vision, a sudden fall or unsteady walking, and after a neck treatment for a sudden, severe headache or neck pain, or violent dizziness or vomiting (X2, X4, F3).",
    "aftercare.help.doctor": "See a doctor the same day for dark urine (like cola or tea), severe muscle pain, marked swelling or weakness, one swollen, warm and painful calf, or severe nausea, vomiting or dizziness (X3, X4, F1; after a neck treatment: call {emergency}). Weekdays 8-16 your own doctor, otherwise the out-of-hours line of {region}: {doctor} (X1).",
    "aftercare.help.clinic": "Contact the clinic if the reaction lasts more than two days or does not get better, or if the pain is like the pain you came with, only worse (E1, E2).",
    "aftercare.contact.title": "The clinic",
    "aftercare.contact.phone": "Phone: {phone}",
    "aftercare.contact.email": "E-mail: {email}",
    "aftercare.contact.hours": "Opening hours: {hours}",
    "aftercare.link.title": "Tell us how you are",
    "aftercare.link.text": "Scan the code or open the link for a short check of how you are. You decide whether your answers are sent to the clinic. The link works until {until}.",
    "aftercare.note": "This sheet supports you; it does not diagnose. The codes in brackets refer to the clinic's source text.",
}
