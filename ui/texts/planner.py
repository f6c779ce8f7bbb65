"""Texts of the session planner (pages/therapist/planner.py)."""

DA = {
    "planner.title": "Planlæg næste behandling",
    "planner.intro": (
        "Vælg en klient, eller udfyld klientens forhold og de tidligere behandlinger. Planen starter fra klinikkens standard "
        "og justeres af regler, der hver især henviser til de udsagn, de bygger på."
    ),
    "planner.form.client": "Klienten",
    "planner.form.treatment": "Næste behandling",
    "planner.form.submit": "Planlæg næste behandling",
    "planner.client.age": "Alder (år)",
    "planner.client.massage_experience": "Erfaring med massage",
    "planner.client.condition_months": "Hvor længe har hovedproblemet varet? (måneder)",
    "planner.client.trigger_points": "Antal triggerpunkter",
    "planner.client.trigger_point_severity": "Triggerpunkternes sværhedsgrad",
    "planner.client.stressors": "Stressorer, der påvirker smertetærsklen",
    "planner.client.bad_experience_before": "Tidligere dårlig oplevelse med behandling",
    "planner.client.known_fainting_tendency": "Kendt tendens til at besvime",
    "planner.client.disclosed_conditions": "Oplyste sygdomme og tilstande",
    "planner.client.disclosed_conditions.help": "Adskil med komma, fx »diabetes, blodfortyndende medicin«.",
    "planner.client.conditions_reviewed": "Oplysningerne er gennemgået med klienten",
    "planner.planned_treatment": "Planlagt behandling",
    "planner.history": "Tidligere behandlinger",
    "planner.history.help": (
        "Ældste først. Tilføj en række nederst i tabellen, og markér en række for at slette den. "
        "Tryk på skalaen 0-10; Før og Efter er smerten (0-10) lige før og efter behandlingen."
    ),
    "planner.col.date": "Dato",
    "planner.col.treatment": "Behandling",
    "planner.col.duration_min": "Min.",
    "planner.col.pressure": "Tryk",
    "planner.col.pain_before": "Før",
    "planner.col.pain_after": "Efter",
    "planner.col.reaction_level": "Reaktion",
    "planner.col.reaction_level.help": "Niveauet fra reaktionstjekket efter behandlingen, hvis der blev lavet et.",
    "planner.col.duration_min.help": "Behandlingens længde i minutter.",
    "planner.col.pressure.help": "Trykket på klinikkens skala fra 0 til 10.",
    "planner.col.pain_before.help": "Smerte lige før behandlingen, 0-10.",
    "planner.col.pain_after.help": "Smerte efter behandlingen, 0-10.",
    "planner.start.label": "Start fra",
    "planner.start.empty": "Tom formular",
    "planner.start.client": "En klient",
    "planner.start.example": "Eksempelklient",
    "planner.start.choose_client": "Søg klienten frem og vælg den; formularen udfyldes fra journalen.",
    "planner.start.open_record": "Åbn klientens journal",
    "planner.start.no_profile": "Klienten har ingen risikoprofil endnu. Udfyld den i journalens fane Planlægning.",
    "planner.example.label": (
        "**Eksempelklient:** opdigtede værdier (58 år, diabetes, tre behandlinger), der viser, hvordan "
        "planlæggeren virker. Ikke en rigtig klient."
    ),
    "planner.empty.hint": "Udfyld klientens forhold og de tidligere behandlinger, og tryk på knappen; eller vælg en klient ovenfor.",
    "planner.handover": "Konsultationens reaktionstjek (**{level}**) er gemt i klientens journal og indgår i historikken nedenfor.",
    "planner.choose": "Vælg",
    "planner.problems": "Ret venligst følgende; planen vises, når alt er gyldigt:",
    "planner.row_field": "Behandling {row}, {field}",
    "planner.field.duration_min": "varighed (min)",
    "planner.field.pressure": "tryk",
    "planner.field.pain_before": "smerte før",
    "planner.field.pain_after": "smerte efter",
    "planner.field.date": "dato",
    "planner.field.treatment": "behandling",
    "planner.field.reaction_level": "reaktion",
    "planner.plan.title": "Forslag til næste behandling",
    "planner.plan.date": "Næste behandling omkring **{date}** ({days} dage efter den seneste).",
    "planner.metric.duration": "Varighed",
    "planner.metric.pressure": "Tryk (0-10)",
    "planner.metric.interval": "Interval",
    "planner.metric.duration.help": "Behandlingens længde i minutter.",
    "planner.metric.pressure.help": "Trykket på klinikkens skala fra 0 til 10.",
    "planner.metric.interval.help": "Dage til næste behandling. Ændringen sammenlignes med tiden mellem de to seneste behandlinger.",
    "planner.unit.min": "{value} min",
    "planner.unit.days": "{value} dage",
    "planner.unit.pressure": "{value}",
    "planner.delta.vs_last": "i forhold til sidst",
    "planner.delta.same": "som sidst",
    "planner.gentler_note": "Kortere, mindre tryk og længere tid imellem er skånsomt, ikke et dårligt tegn.",
    "planner.reasons.title": "Hvorfor denne plan",
    "planner.reasons.cites": "Henviser til: {ids}",
    "planner.reasons.why": "Hvorfor? Udsagnene {ids}",
    "planner.reasons.policy": "Klinikkens politik, ikke evidens: {items}",
    "planner.setting.plan_starts": "udgangspunkt for {treatment}: {duration} min, tryk {pressure}, hver {interval}. dag",
    "planner.setting.elderly_age": "ældre fra {value} år",
    "planner.setting.elderly_max_pressure": "højst tryk {value} for ældre",
    "planner.setting.long_condition_months": "langvarig fra {value} måneder",
    "planner.flags.title": "Værd at være opmærksom på",
    "planner.flag.consider_alternatives": (
        "**Overvej andre muligheder.** Mindst tre behandlinger uden klinisk vigtig bedring (et fald på "
        "mindst 2 point eller 30 % på smerteskalaen). (H2, X6)"
    ),
    "planner.flag.review_disclosures": (
        "**Gennemgå de oplyste sygdomme før behandlingen:** {conditions}. Det er muligvis den vigtigste "
        "forebyggelse af negative reaktioner. (A1)"
    ),
    "planner.flag.medical_clearance_required": (
        "**Lægelig afklaring først.** Den seneste reaktion krævede læge; behandl først, når klienten har "
        "fået lægens accept, og så endnu mildere. (F1, F2, F3)"
    ),
    "planner.flag.expectation_talk": (
        "**Tag en snak om forventninger** før behandlingen: klienten er ny, har ikke fået massage længe, "
        "eller har haft en dårlig oplevelse. (D2, G3, G5)"
    ),
    "planner.talk.title": "Forslag til samtalen",
    "planner.talk.script": (
        "1. »Efter en almindelig massage skal du ikke regne med at have det mærkbart dårligere. Gør du det, "
        "så sig det til mig.« (**D2**)\n"
        "2. »Triggerpunktbehandling kan være en undtagelse: der kan gå et par dage, før du mærker bedring.« "
        "(**D3**)\n"
        "3. »Lad os aftale, hvad vi forventer af i dag, så du føler dig tryg, og vi sammen får det bedste "
        "resultat.« (**G3**)\n"
        "4. »Har du haft en dårlig oplevelse før, starter vi mildere: en kortere behandling, mindre tryk og "
        "færre behandlinger i perioden.« (**G5**)\n"
        "5. »Ikke alt skal løses i én behandling, og én behandling behøver ikke at vise effekten.« (**H1**)"
    ),
    "planner.talk.statements": "Udsagnene bag samtalen",
    "planner.chart.title": "Behandlinger indtil nu og forslaget",
    "planner.chart.alt": "Smerte før og efter og tryk for hver tidligere behandling, med den foreslåede næste behandling markeret.",
    "planner.no_history": "Ingen tidligere behandlinger: planen tager udgangspunkt i klinikkens standard.",
}

EN = {
    "planner.title": "Plan the next session",
    "planner.intro": (
        "Choose a client, or fill in the client's factors and the earlier sessions. The plan starts from the clinic's defaults "
        "and is adjusted by rules that each cite the statements they rest on."
    ),
    "planner.form.client": "The client",
    "planner.form.treatment": "Next treatment",
    "planner.form.submit": "Plan the next session",
    "planner.client.age": "Age (years)",
    "planner.client.massage_experience": "Massage experience",
    "planner.client.condition_months": "How long has the main complaint lasted? (months)",
    "planner.client.trigger_points": "Number of trigger points",
    "planner.client.trigger_point_severity": "Severity of the trigger points",
    "planner.client.stressors": "Stressors affecting the pain threshold",
    "planner.client.bad_experience_before": "An earlier bad experience with treatment",
    "planner.client.known_fainting_tendency": "Known tendency to faint",
    "planner.client.disclosed_conditions": "Disclosed illnesses and conditions",
    "planner.client.disclosed_conditions.help": "Separate with commas, e.g. “diabetes, blood thinners”.",
    "planner.client.conditions_reviewed": "The disclosures have been reviewed with the client",
    "planner.planned_treatment": "Planned treatment",
    "planner.history": "Earlier sessions",
    "planner.history.help": (
        "Oldest first. Add a row at the bottom of the table; select a row to delete it. Pressure on the "
        "0-10 scale; Before and After are the pain (0-10) just before and after the session."
    ),
    "planner.col.date": "Date",
    "planner.col.treatment": "Treatment",
    "planner.col.duration_min": "Min",
    "planner.col.pressure": "Pressure",
    "planner.col.pain_before": "Before",
    "planner.col.pain_after": "After",
    "planner.col.reaction_level": "Reaction",
    "planner.col.reaction_level.help": "The level from the reaction check after the session, if one was made.",
    "planner.col.duration_min.help": "Length of the session in minutes.",
    "planner.col.pressure.help": "Pressure on the clinic's scale from 0 to 10.",
    "planner.col.pain_before.help": "Pain just before the session, 0-10.",
    "planner.col.pain_after.help": "Pain after the session, 0-10.",
    "planner.start.label": "Start from",
    "planner.start.empty": "Empty form",
    "planner.start.client": "A client",
    "planner.start.example": "Example client",
    "planner.start.choose_client": "Search for the client and choose them; the form is filled from the record.",
    "planner.start.open_record": "Open the client's record",
    "planner.start.no_profile": "The client has no risk profile yet. Fill it in on the record's Planner tab.",
    "planner.example.label": (
        "**Example client:** invented values (58 years, diabetes, three sessions) that show how the planner "
        "works. Not a real client."
    ),
    "planner.empty.hint": "Fill in the client's factors and earlier sessions, then press the button; or choose a client above.",
    "planner.handover": "The consultation's reaction check (**{level}**) is saved on the client's record and counted in the history below.",
    "planner.choose": "Choose",
    "planner.problems": "Please correct the following; the plan is shown once everything is valid:",
    "planner.row_field": "Session {row}, {field}",
    "planner.field.duration_min": "duration (min)",
    "planner.field.pressure": "pressure",
    "planner.field.pain_before": "pain before",
    "planner.field.pain_after": "pain after",
    "planner.field.date": "date",
    "planner.field.treatment": "treatment",
    "planner.field.reaction_level": "reaction",
    "planner.plan.title": "Suggested next session",
    "planner.plan.date": "Next session around **{date}** ({days} days after the last one).",
    "planner.metric.duration": "Duration",
    "planner.metric.pressure": "Pressure (0-10)",
    "planner.metric.interval": "Interval",
    "planner.metric.duration.help": "Length of the session in minutes.",
    "planner.metric.pressure.help": "Pressure on the clinic's scale from 0 to 10.",
    "planner.metric.interval.help": "Days until the next session. The change is compared with the time between the last two sessions.",
    "planner.unit.min": "{value} min",
    "planner.unit.days": "{value} days",
    "planner.unit.pressure": "{value}",
    "planner.delta.vs_last": "compared with last time",
    "planner.delta.same": "as last time",
    "planner.gentler_note": "Shorter, less pressure and more time in between is gentler, not a bad sign.",
    "planner.reasons.title": "Why this plan",
    "planner.reasons.cites": "Cites: {ids}",
    "planner.reasons.why": "Why? Statements {ids}",
    "planner.reasons.policy": "Clinic policy, not evidence: {items}",
    "planner.setting.plan_starts": "starting point for {treatment}: {duration} min, pressure {pressure}, every {interval} days",
    "planner.setting.elderly_age": "elderly from age {value}",
    "planner.setting.elderly_max_pressure": "pressure at most {value} for the elderly",
    "planner.setting.long_condition_months": "long-standing from {value} months",
    "planner.flags.title": "Points for attention",
    "planner.flag.consider_alternatives": (
        "**Consider other options.** Three or more sessions without a clinically important improvement (a "
        "fall of at least 2 points or 30 % on the pain scale). (H2, X6)"
    ),
    "planner.flag.review_disclosures": (
        "**Review the disclosed conditions before treating:** {conditions}. This is possibly the most "
        "important measure against negative reactions. (A1)"
    ),
    "planner.flag.medical_clearance_required": (
        "**Medical clearance first.** The last reaction needed a doctor; treat only once the client has the "
        "doctor's go-ahead, and milder still. (F1, F2, F3)"
    ),
    "planner.flag.expectation_talk": (
        "**Have an expectation talk** before the session: the client is new, has not had massage in a long "
        "time, or has had a bad experience. (D2, G3, G5)"
    ),
    "planner.talk.title": "A script for the talk",
    "planner.talk.script": (
        "1. “After an ordinary massage you should not expect to feel noticeably worse. If you do, please tell "
        "me.” (**D2**)\n"
        "2. “Trigger-point therapy can be the exception: it can take a couple of days before you feel "
        "better.” (**D3**)\n"
        "3. “Let us agree on what we expect from today, so that you feel safe and we get the best result "
        "together.” (**G3**)\n"
        "4. “If you have had a bad experience before, we start gentler: a shorter session, less pressure and "
        "fewer sessions in the period.” (**G5**)\n"
        "5. “Not everything is meant to be solved in one session, and one session need not show the "
        "effect.” (**H1**)"
    ),
    "planner.talk.statements": "The statements behind the talk",
    "planner.chart.title": "Sessions so far and the suggestion",
    "planner.chart.alt": "Pain before and after and pressure for each earlier session, with the suggested next session marked.",
    "planner.no_history": "No earlier sessions: the plan starts from the clinic's defaults.",
}
