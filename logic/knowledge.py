"""The knowledge base: every statement the product rests on, in Danish and English.

This is the one place where statements live. Sections A-H restate the clinic's Danish client page
(`shared/seed/000_ae8dc26f0f843073.txt`) as numbered statements, following
`shared/domain/knowledge.md`; section X holds external facts that are not from that page and are
always marked as external, with their sources. Rules, thresholds and advice cite these IDs so a
therapist can see why the app says what it says.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, model_validator

from .models import Language, Text
from .texts import translate

EXTERNAL_SECTION = "X"


class Statement(BaseModel):
    """One numbered statement of the knowledge base."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    section: str
    text: Text
    external: bool = False
    source: str | None = None
    # The source in Danish where its words are not a citation alone, so the "why?" stays in one language.
    source_da: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Statement:
        if not self.id.startswith(self.section):
            raise ValueError(f"statement {self.id!r} does not belong to section {self.section!r}")
        if self.external != (self.section == EXTERNAL_SECTION):
            raise ValueError(f"statement {self.id!r}: only section X statements are external")
        if self.external and not self.source:
            raise ValueError(f"external statement {self.id!r} must name its source")
        return self


SECTIONS: dict[str, Text] = {
    "A": Text(da="Før behandling", en="Before treatment"),
    "B": Text(
        da="Kendte og klassiske reaktioner på massage",
        en="Known, expected reactions after massage",
    ),
    "C": Text(da="Den naturlige helingskrise", en="The natural healing crisis"),
    "D": Text(da="Massage versus triggerpunktreaktioner", en="Massage versus trigger-point therapy"),
    "E": Text(
        da="Forskellen mellem naturlig helingskrise og ægte negativ reaktion",
        en="Healing crisis or true negative reaction: three criteria",
    ),
    "F": Text(da="Andre mere alvorlige negative reaktioner", en="More serious negative reactions"),
    "G": Text(da="Tillid og forventningsafstemning", en="Trust and aligned expectations"),
    "H": Text(da="Forventninger til behandlingseffekt", en="Expected effect of treatment"),
    "X": Text(da="Eksterne fakta", en="External facts"),
}


def _s(id: str, da: str, en: str, source: str | None = None, source_da: str | None = None) -> Statement:
    section = id[0]
    return Statement(
        id=id,
        section=section,
        text=Text(da=da, en=en),
        external=section == EXTERNAL_SECTION,
        source=source,
        source_da=source_da,
    )


_ALL: list[Statement] = [
    # A. Before treatment
    _s(
        "A1",
        "Klienten bør altid oplyse om evt. sygdom eller sygdomstilstand forud for behandling. "
        "Det er muligvis den største forebyggende foranstaltning mod negative kropslige reaktioner.",
        "The client should always disclose any illness or medical condition before treatment. "
        "This is possibly the single most important measure against negative bodily reactions.",
    ),
    # B. Known, expected reactions after massage
    _s(
        "B1",
        'Mild hovedpine, svimmelhed, udmattelse og PMSM ("Post Massage Soreness and Malaise"): '
        "ømhed og generel utilpashed i en mildere form.",
        "Mild headache, dizziness, tiredness and PMSM (Post Massage Soreness and Malaise): "
        "soreness and a general feeling of being unwell, in a mild form.",
    ),
    _s(
        "B2",
        "Ømhed opstår typisk ved kraftigere former for massage og næppe i samme udstrækning ved "
        "velværemassage (afspændingsmassage).",
        "Soreness typically follows the stronger forms of massage, and hardly to the same degree a "
        "relaxation (wellness) massage.",
    ),
    _s(
        "B3",
        "Ømheden kan være særligt fremtrædende, hvis klienten ikke er vant til massage og ikke kender "
        "sine egne reaktioner, hvis smertetærsklen er påvirket af forskellige stressorer, eller hvis "
        "tilstanden har fået lov at udvikle sig til et større, generende problem.",
        "Soreness may stand out more when the client is not used to massage and does not know their "
        "own reactions, when the pain threshold is affected by stressors, or when the condition has "
        "been allowed to grow into a larger, bothersome problem.",
    ),
    _s(
        "B4",
        "Fysiske mærker på huden, som ikke betyder noget alvorligt.",
        "Physical marks on the skin, which do not mean anything serious.",
    ),
    _s(
        "B5",
        "Moderate og kortvarige opblusninger eller forværringer af symptomer. Triggerpunkter kan i op "
        "til 50 % af tilfældene forværres i de tidlige helingsstadier, og det betyder ikke i sig selv, "
        "at der er tale om en farlig eller forkert reaktion.",
        "Moderate, short-lived flare-ups or worsening of symptoms. Trigger points can get worse in up "
        "to 50% of cases in the early stages of healing; that does not by itself mean a dangerous or "
        "wrong reaction.",
    ),
    # C. The natural healing crisis
    _s(
        "C1",
        'Massage er ikke "detoxificerende". De fleste efter-massage-reaktioner kan sandsynligvis '
        "forklares af en meget let nedbrydning af muskelvæv (let rhabdomyolyse), som ikke må "
        "forveksles med den alvorlige tilstand af samme navn. Der gives også andre forklaringer på "
        "ømhed efter massage.",
        'Massage is not "detoxifying". Most after-massage reactions can probably be explained by a '
        "very mild muscle breakdown (mild rhabdomyolysis), not to be confused with the serious "
        "condition of that name. Other explanations of after-massage soreness exist.",
    ),
    _s(
        "C2",
        "Mange triggerpunkter gør det sandsynligt, at den lette rhabdomyolyse bliver større. Væv med "
        "triggerpunkter kan være mere sårbart.",
        "Many trigger points make a larger mild rhabdomyolysis likely; tissue with trigger points may "
        "be more vulnerable.",
    ),
    _s(
        "C3",
        "En kraftfuld massage kan traumatisere cellerne og frigøre flere affaldsmolekyler til "
        "blodbanen. Det er ikke farligt, men kan give mere ømhed.",
        "A forceful massage can traumatise cells and release more waste molecules into the blood. "
        "This is not dangerous, but it can bring more soreness.",
    ),
    _s(
        "C4",
        "Det er videnskabeligt uklart, men tænkeligt, at mængden af triggerpunkter (og andre "
        "dysfunktionelle tilstande i muskulaturen: myoser, muskelinfiltrationer) og graden af "
        "triggerpunkternes alvor kan give mere PMSM.",
        "Plausible (though scientifically unsettled) drivers of more PMSM are the number of trigger "
        "points (and other muscular dysfunction: myoses, muscle infiltrations) and the severity of the "
        "trigger points.",
    ),
    _s(
        "C5",
        "Jo kraftigere klientens symptomer er, jo større er risikoen for flere eftervirkninger og en "
        "længere helingstid. Det samme gælder, hvis massagen bliver for kraftig og hårdhændet. "
        "Derfor bør massagen ikke være for kraftig i sådanne tilfælde.",
        "The stronger the client's symptoms, the greater the risk of more after-effects and a longer "
        "healing time. The same holds if the massage is too forceful. So the massage should not be "
        "too strong in such cases.",
    ),
    # D. Massage versus trigger-point therapy
    _s(
        "D1",
        "Det er ikke bevist med stærk evidens, at (særlig kraftig) massage giver en "
        '"post-massage"-helingskrise: en forværring, der efterfølges af en forbedring.',
        'There is no strong evidence that (especially strong) massage produces a "post-massage '
        'healing crisis": a worsening followed by an improvement.',
    ),
    _s(
        "D2",
        "Efter en ordinær massage skal klienten ikke forvente at føle sig mærkbart dårligere. "
        "Forventningerne skal afstemmes med behandleren, især hvis klienten ikke har fået massage før, "
        "eller det er længe siden.",
        "After an ordinary massage the client should not expect to feel noticeably worse. "
        "Expectations must be aligned with the therapist, especially for a first-time client or one "
        "who has not had massage in a long time.",
    ),
    _s(
        "D3",
        "Triggerpunktterapi kan være en undtagelse: Der kan gå et par dage, før forbedringen "
        "indtræffer, igen afhængigt af de førnævnte faktorer.",
        "Trigger-point therapy can be the exception: a couple of days can pass before improvement "
        "comes, again depending on the factors above.",
    ),
    _s(
        "D4",
        "Ved en langvarig tilstand er det mere realistisk med flere på hinanden følgende og mildere, "
        "evt. kortere, behandlinger end med én kraftig behandling i håbet om at få det bedre med det "
        "samme.",
        "For a long-standing condition, several consecutive milder (possibly shorter) treatments are "
        "more realistic than one strong treatment in the hope of immediate relief.",
    ),
    _s(
        "D5",
        "Ældre mennesker frarådes særlig kraftig massage på grund af risikoen for rhabdomyolyse.",
        "Elderly people are advised against especially strong massage because of the risk of rhabdomyolysis.",
    ),
    # E. Healing crisis or true negative reaction
    _s(
        "E1",
        "Symptomer, der i kvalitet og intensitet ligner dem fra før behandlingen, blot værre, kan "
        "antyde en ægte negativ reaktion. Et deaktiveret triggerpunkt (en vellykket behandling) føles "
        "i stedet som en irritation, der minder om en inflammation eller et blåt mærke.",
        "Symptoms very like the ones before treatment in quality and intensity, only worse, may point "
        "to a true negative reaction. A deactivated trigger point (a successful treatment) feels "
        "instead like an irritation resembling inflammation or a bruise.",
    ),
    _s(
        "E2",
        "En ægte helingskrise er hurtig og stabil. Varer den ud over to dage, eller falder den tilbage "
        "til de oprindelige symptomers intensitet (ingen nettoforbedring), har behandlingen med stor "
        "sandsynlighed givet en negativ reaktion: Den er ikke lykkedes mod de konkrete smertesymptomer "
        "(den kan have haft andre virkninger).",
        "A true healing crisis is quick and stable. If it lasts beyond two days, or falls back to the "
        "intensity of the original symptoms (no net improvement), the treatment very likely caused a "
        "negative reaction: it did not succeed against those pain symptoms (it may have had other "
        "effects).",
    ),
    _s(
        "E3",
        "Symptomer som de oprindelige, blot andre steder i kroppen, er sandsynligvis ikke en negativ "
        "reaktion men det modsatte, så længe de ikke er for alvorlige og vedholdende: Nervesystemet "
        "retter opmærksomheden mod den næstværste smerte, når de primære triggerpunkter er "
        "deaktiveret. Som regel et stærkt tegn på fremskridt. Ligger den nye smerte tæt på den "
        "oprindelige, skal behandleren have lokaliseret den oprindelige smerte præcist.",
        "Symptoms like the original ones appearing elsewhere in the body are probably not a negative "
        "reaction but the opposite, as long as they are not too severe and persistent: with the "
        "primary trigger points deactivated, the nervous system turns to the next-worst pain. Usually "
        "a strong sign of progress. As new pain close to the original confuses clients, the therapist "
        "must locate and record the original pain precisely.",
    ),
    # F. More serious negative reactions
    _s(
        "F1",
        "Kraftigere svimmelhed, hovedpine og kvalme: Forsvinder de ikke efter 1-2 dage, kan der være "
        "grund til bekymring. Ved ekstrem kvalme, opkast og svimmelhed bør klienten søge læge.",
        "Stronger dizziness, headache and nausea: if they have not gone after 1-2 days there may be "
        "cause for concern. With extreme nausea, vomiting and dizziness the client should see a "
        "doctor.",
    ),
    _s(
        "F2",
        "Nogle klienter er tilbøjelige til vasovagal synkope (almindelig besvimelse) som en kraftig "
        "reaktion på triggerpunktterapi eller kraftig massage; det sker også fx ved blodprøver, og de "
        "fleste ved det selv. Voldsomme symptomer skal altid tages alvorligt: Søg læge.",
        "Some clients are prone to vasovagal syncope (ordinary fainting) as a strong reaction to "
        "trigger-point therapy or strong massage; it also happens to them e.g. when blood is drawn, "
        "and most know this about themselves. Violent symptoms must always be taken seriously: see a "
        "doctor.",
    ),
    _s(
        "F3",
        "For de fleste er let svimmelhed, kvalme, sveden, ringen for ørerne, ubehagelige "
        "fornemmelser i hjertet, svaghed og synsforstyrrelser sjældne oplevelser. Grelle reaktioner kan "
        "give voldsom svimmelhed, kvalme og opkast, der kan stamme fra ustabilitet i de øverste "
        "halshvirvler, vertebral arterie-dissektion (VAD) eller livstruende komplikationer efter "
        "nakkemanipulation.",
        "Rare experiences for most people: mild dizziness, nausea, sweating, ringing in the ears, "
        "unpleasant sensations in the heart, weakness, visual disturbances. Severe reactions can bring "
        "violent dizziness, nausea and vomiting, which may come from instability of the upper cervical "
        "vertebrae, vertebral artery dissection (VAD) or life-threatening complications after neck "
        "manipulation.",
    ),
    _s(
        "F4",
        "Symptomer, der forværres kraftigt i mere end nogle få timer, ekstrem ømhed eller store mærker "
        "er heller ikke positive tegn.",
        "Symptoms that worsen strongly for more than a few hours, extreme soreness, or large bruises "
        "are not positive signs either.",
    ),
    # G. Trust and aligned expectations
    _s(
        "G1",
        "Tillid er vigtigt: Klienten gør sig selv en tjeneste ved at tænke konstruktivt om sin "
        "situation og nære tillid til behandlingen.",
        "Trust matters: the client helps themself by thinking constructively and trusting the treatment.",
    ),
    _s(
        "G2",
        'Forudindtagethed kan påvirke kroppens spændingsniveau og dens "villighed til samarbejde" (compliance).',
        'Preconceptions affect the body\'s tension and its "willingness to cooperate" (compliance).',
    ),
    _s(
        "G3",
        "Grundig forventningsafstemning med alle behandlere er afgørende for tillid og gode resultater.",
        "Thorough alignment of expectations with every therapist is crucial for trust and results.",
    ),
    _s(
        "G4",
        "Føler klienten sig tryg og sikker hos behandleren, er der langt større sandsynlighed for "
        "forbedring, da triggerpunkterne sandsynligvis ikke reagerer så negativt på behandlingen.",
        "A client who feels safe with the therapist is far more likely to improve; the trigger points "
        "then probably react less negatively to treatment.",
    ),
    _s(
        "G5",
        "Efter tidligere dårlige oplevelser bør klienten prøve igen med en mere nænsom behandling; "
        "behandlere kan justere, også hvis en første behandling ikke fungerede efter hensigten. En "
        "positiv oplevelse bliver mere sandsynlig med en kortere behandling, mindre trykstyrke og færre "
        "behandlinger inden for et givent tidsrum.",
        "After earlier bad experiences, the client should try again with gentler treatment; therapists "
        "can adjust, also when a first treatment did not work as intended. A positive experience "
        "becomes more likely with a shorter treatment, less pressure, and fewer treatments within a "
        "given period.",
    ),
    _s(
        "G6",
        "Kroppen er designet til at tilpasse sig stimuli og stressorer; den er fra naturens side en helende organisme.",
        "The body is built to adapt to stimuli and stressors; it is a healing organism.",
    ),
    # H. Expected effect of treatment
    _s(
        "H1",
        "Ikke alt er beregnet på at blive løst i én behandling; en enkelt behandling behøver ikke at vise effekten.",
        "Not everything is meant to be solved in one treatment; one treatment need not show the effect.",
    ),
    _s(
        "H2",
        "Mærker klienten ingen fremskridt efter tredje behandling, er der grund til at overveje andre alternativer.",
        "No progress after the third treatment is a reason to consider other options.",
    ),
    # X. External facts (not from the source)
    _s(
        "X1",
        "Alarmnummer i Danmark: 112. Læge samme dag betyder klientens egen læge på hverdage kl. 8-16 og "
        "uden for den tid regionens lægevagt, som afhænger af, hvor klienten er: Region Hovedstaden 1813 "
        "(Akuttelefonen); Region Sjælland 1818; Region Syddanmark 70 11 07 07; Region Midtjylland "
        "70 11 31 31; Region Nordjylland 70 15 03 00 (åbent hverdage kl. 16-8, weekender og helligdage; "
        "numre som offentliggjort af regionerne, 2024). Regionen er en klinikindstilling, som standard "
        "Region Hovedstaden.",
        "Danish emergency number: 112. A doctor the same day: the client's own doctor on weekdays 8-16, "
        "otherwise the region's out-of-hours line (lægevagt): Capital Region (Region Hovedstaden) 1813 "
        "(Akuttelefonen); Region Sjælland 1818; Region Syddanmark 70 11 07 07; Region Midtjylland "
        "70 11 31 31; Region Nordjylland 70 15 03 00 (open weekdays 16-08, weekends and holidays; as "
        "published by the regions, 2024). The region is a clinic setting, the Capital Region by default.",
        source="Danish public emergency and out-of-hours services, as published by the five regions (2024)",
        source_da="Danske alarm- og lægevagtstjenester, som offentliggjort af de fem regioner (2024)",
    ),
    _s(
        "X2",
        "Røde flag ved nakken (\"5 D'er og 3 N'er\"): svimmelhed, dobbeltsyn, tale- og synkebesvær, "
        "pludseligt fald (drop attack); nystagmus, kvalme, følelsesløshed; samt usikker gang og "
        "pludselig, svær, usædvanlig hovedpine eller nakkesmerte. De neurologiske tegn er også tegn på "
        "slagtilfælde: Ring 112. Efter nakkebehandling de seneste dage: Ring også 112 ved pludselig "
        "svær hoved- eller nakkesmerte eller voldsom svimmelhed eller opkast (F3).",
        'Cervical red flags ("5 Ds and 3 Ns"): dizziness, double vision, difficulty speaking or '
        "swallowing, drop attacks; nystagmus, nausea, numbness; plus unsteady gait and a sudden, "
        "severe, unusual headache or neck pain. The neurological ones are also stroke signs: call 112 "
        "whatever the treatment. After a neck treatment in the last days, a sudden severe headache or "
        "neck pain, or violent dizziness or vomiting (F3), also means call 112.",
        source="IFOMPT international framework for examination of the cervical region; "
        "Kerry & Taylor, Manual Therapy 2006; ICHD-3 6.5.1.1",
    ),
    _s(
        "X3",
        "Tegn på alvorlig rhabdomyolyse: mørk (cola- eller tefarvet) urin, kraftige muskelsmerter ude "
        "af proportion, tydelig hævelse eller svaghed. De betyder læge samme dag. Der findes "
        "sygehistorier (case reports) efter dyb eller lang massage.",
        "Signs of serious rhabdomyolysis: dark (cola- or tea-coloured) urine, severe muscle pain out "
        "of proportion, marked swelling or weakness. These mean a doctor the same day. Case reports "
        "exist after deep or long massage.",
        source="Case reports of rhabdomyolysis after deep or long massage",
        source_da="Sygehistorier om rhabdomyolyse efter dyb eller lang massage",
    ),
    _s(
        "X4",
        "Pludselig åndenød eller brystsmerter efter en massage (der er beskrevet lungeemboli efter "
        "benmassage) betyder: Ring 112. En enkelt hævet, varm og smertende læg (mulig blodprop) "
        "betyder læge samme dag.",
        "Sudden breathlessness or chest pain after a massage (case reports of pulmonary embolism after "
        "leg massage) means call 112. One swollen, warm, painful calf (possible clot) means a doctor "
        "the same day.",
        source="Case reports of pulmonary embolism after leg massage",
        source_da="Sygehistorier om lungeemboli efter benmassage",
    ),
    _s(
        "X5",
        "Tidsforløb for lette reaktioner: I en kohorte på 100 massageklienter (Cambron et al. 2007) "
        "fik ca. 10 % lettere ubehag; de fleste negative symptomer begyndte inden for 12 timer og varede "
        "højst 36 timer. Det stemmer med E2's grænse på to dage.",
        "Timing of minor reactions: in a cohort of 100 massage clients (Cambron et al. 2007), about "
        "10% had minor discomfort; most negative symptoms began within 12 hours and lasted no more "
        "than 36 hours. This agrees with E2's two-day limit.",
        source="Cambron et al. 2007",
    ),
    _s(
        "X6",
        "Fremskridt på en smerteskala fra 0 til 10 (NPRS): Et fald på ca. 2 point eller 30 % er den "
        'gængse grænse for en klinisk betydende ændring (Farrar et al. 2001). Bruges til H2 ("ingen '
        'fremskridt").',
        "Progress on a 0-10 pain scale (NPRS): a fall of about 2 points or 30% is the usual threshold "
        'of a clinically important change (Farrar et al. 2001). Useful for H2 ("no progress").',
        source="Farrar et al. 2001",
    ),
]

STATEMENTS: dict[str, Statement] = {s.id: s for s in _ALL}
if len(STATEMENTS) != len(_ALL):
    raise ValueError("duplicate statement id in the knowledge base")
if not all(s.section in SECTIONS for s in _ALL):
    raise ValueError("a statement belongs to an unknown section")
del _ALL


def statement(id: str) -> Statement:
    """The statement with this id; KeyError naming the id if the knowledge base has no such one."""
    try:
        return STATEMENTS[id]
    except KeyError:
        raise KeyError(f"unknown statement id {id!r}; known ids are {', '.join(STATEMENTS)}") from None


def known_ids() -> frozenset[str]:
    """Every statement id of the knowledge base."""
    return frozenset(STATEMENTS)


def ids_in_sections(*letters: str) -> list[str]:
    """The ids of the statements in the given sections, in knowledge-base order."""
    unknown = [letter for letter in letters if letter not in SECTIONS]
    if unknown:
        raise KeyError(f"unknown section(s) {unknown}; known sections are {', '.join(SECTIONS)}")
    wanted = set(letters)
    return [s.id for s in STATEMENTS.values() if s.section in wanted]


def cite(ids: Iterable[str], lang: Language) -> list[tuple[str, str]]:
    """(id, text) pairs for a "why?" list, in the given order, each id once.

    External statements carry their source in the text so they are never mistaken for the clinic's
    own source. Unknown ids raise KeyError.
    """
    seen: set[str] = set()
    out: list[tuple[str, str]] = []
    for id in ids:
        if id in seen:
            continue
        seen.add(id)
        s = statement(id)
        text = s.text(lang)
        if s.external:
            source = s.source_da if lang == "da" and s.source_da else s.source
            text = translate("knowledge.external_source", lang, text=text, source=source)
        out.append((id, text))
    return out
