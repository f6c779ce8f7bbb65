"""The product's domain words, each named once in both languages, keyed by the engine's enums.

A key is `<kind>.<value>`: the enum's class name in snake case and the member's value (`level.expected`,
`treatment.deep_massage`, `trigger_point_count.few`, `region.sjaelland`); the symptoms and red flags,
which are field names rather than enum members, are `symptom.<field>` and `red_flag.<field>`, and the
body map's regions `body_region.<id>`. Where an
audience needs other words for the same thing, a form is added to the key (`level.doctor_today.client`);
a form not given falls back to the plain word (`word(Level.expected, lang, "client")` is the name).

Forms: `client` (how the self-check asks or tells a client), `record` (a level as the client record
reports it afterwards), `short` (a chart's axis). `word()` is the one way to get a word; the UI's
catalogues include these keys, so `ui.i18n.translate("level.expected", lang)` gives the same word.
"""

from __future__ import annotations

import re
from enum import Enum

from ..models import Language, Text
from . import catalogs, fill

DA = {
    # Assessment levels (logic/models.py Level)
    "level.expected": "Forventet eftervirkning",
    "level.expected.short": "Forventet",
    "level.healing_crisis": "Naturlig helingskrise",
    "level.healing_crisis.short": "Helingskrise",
    "level.contact_therapist": "Kontakt behandleren",
    "level.contact_therapist.client": "Kontakt din behandler",
    "level.contact_therapist.record": "Skulle kontakte behandleren",
    "level.contact_therapist.short": "Kontakt behandler",
    "level.doctor_today": "Læge samme dag",
    "level.doctor_today.client": "Søg læge i dag",
    "level.doctor_today.record": "Skulle søge læge i dag",
    "level.doctor_today.short": "Læge i dag",
    "level.emergency": "Akut",
    "level.emergency.client": "Akut: ring {phone} nu",
    # Treatments
    "treatment.relaxation_massage": "Afslapningsmassage",
    "treatment.relaxation_massage.client": "Afslapnings- eller velværemassage",
    "treatment.deep_massage": "Dyb massage",
    "treatment.deep_massage.client": "Kraftig / dyb massage",
    "treatment.trigger_point_therapy": "Triggerpunktbehandling",
    # Intensity of a symptom
    "intensity.none": "Ingen",
    "intensity.mild": "Let",
    "intensity.moderate": "Moderat",
    "intensity.severe": "Kraftig",
    # The symptoms (logic/models.py Symptoms)
    "symptom.soreness": "Ømhed",
    "symptom.tiredness": "Træthed, udmattelse",
    "symptom.headache": "Hovedpine",
    "symptom.dizziness": "Svimmelhed",
    "symptom.nausea": "Kvalme",
    "symptom.vomiting": "Opkast",
    "symptom.sweating": "Sveden",
    "symptom.tinnitus": "Ringen for ørerne",
    "symptom.heart_discomfort": "Ubehag ved hjertet",
    "symptom.weakness": "Svaghed",
    "symptom.visual_disturbance": "Synsforstyrrelser",
    "symptom.skin_marks": "Mærker på huden",
    "symptom.bruising": "Blå mærker",
    # The red flags (logic/models.py RedFlags)
    "red_flag.double_vision": "Dobbeltsyn",
    "red_flag.speech_difficulty": "Svært ved at tale",
    "red_flag.swallowing_difficulty": "Svært ved at synke",
    "red_flag.drop_attack": "Pludseligt fald uden at besvime",
    "red_flag.one_sided_numbness_or_weakness": "Pludselig følelsesløshed eller svaghed i ansigt, arm eller ben",
    "red_flag.unsteady_gait": "Usikker, vaklende gang",
    "red_flag.sudden_severe_headache_or_neck_pain": "Pludselig, voldsom og usædvanlig hovedpine eller nakkesmerte",
    "red_flag.chest_pain_or_breathlessness": "Brystsmerter eller pludselig åndenød",
    "red_flag.dark_urine": "Mørk urin (cola- eller te-farvet)",
    "red_flag.swollen_painful_calf": "Én hævet, varm og øm læg",
    "red_flag.fainted": "Jeg er besvimet",
    # How the pain feels, how it develops, new pain (as the client answers)
    "feels_like.original_pain_worse": "Som mine gamle smerter, bare værre",
    "feels_like.bruise_or_irritation": "Mere som et blåt mærke eller en irritation, eller ikke værre",
    "feels_like.unsure": "Ved ikke",
    "trajectory.improving": "Det bliver bedre",
    "trajectory.stable": "Uændret",
    "trajectory.worsening": "Det bliver tydeligt værre",
    "trajectory.unsure": "Ved ikke",
    "new_pain.none": "Nej",
    "new_pain.similar_to_original": "Ja, den minder om mine oprindelige smerter",
    "new_pain.different": "Ja, en anden slags smerte",
    # The client's risk profile
    "experience.first_time": "Første gang",
    "experience.long_ago": "Længe siden sidst",
    "experience.regular": "Får massage jævnligt",
    "trigger_point_count.few": "Få",
    "trigger_point_count.many": "Mange",
    "trigger_point_count.unknown": "Ved ikke endnu",
    "trigger_point_severity.mild": "Lette",
    "trigger_point_severity.moderate": "Moderate",
    "trigger_point_severity.severe": "Svære",
    "trigger_point_severity.unknown": "Ved ikke endnu",
    # The regions whose out-of-hours line a clinic gives (logic/settings.py Region; X1)
    "region.hovedstaden": "Region Hovedstaden",
    "region.sjaelland": "Region Sjælland",
    "region.syddanmark": "Region Syddanmark",
    "region.midtjylland": "Region Midtjylland",
    "region.nordjylland": "Region Nordjylland",
    # The body map's regions (logic/body_map.py; E3)
    "body_region.head": "Hoved og ansigt",
    "body_region.neck_front": "Hals",
    "body_region.right_shoulder_front": "Højre skulder",
    "body_region.left_shoulder_front": "Venstre skulder",
    "body_region.chest": "Bryst",
    "body_region.abdomen": "Mave",
    "body_region.right_upper_arm": "Højre overarm",
    "body_region.left_upper_arm": "Venstre overarm",
    "body_region.right_forearm_hand": "Højre underarm og hånd",
    "body_region.left_forearm_hand": "Venstre underarm og hånd",
    "body_region.right_thigh_front": "Højre lår, forside",
    "body_region.left_thigh_front": "Venstre lår, forside",
    "body_region.right_lower_leg_front": "Højre underben, forside",
    "body_region.left_lower_leg_front": "Venstre underben, forside",
    "body_region.neck_back": "Nakke",
    "body_region.upper_back": "Øvre ryg, mellem skulderbladene",
    "body_region.left_shoulder_blade": "Venstre skulderblad og skulder",
    "body_region.right_shoulder_blade": "Højre skulderblad og skulder",
    "body_region.lower_back": "Lænd",
    "body_region.left_buttock": "Venstre balde og hofte",
    "body_region.right_buttock": "Højre balde og hofte",
    "body_region.left_hamstring": "Venstre lår, bagside",
    "body_region.right_hamstring": "Højre lår, bagside",
    "body_region.left_calf": "Venstre læg",
    "body_region.right_calf": "Højre læg",
}

EN = {
    "level.expected": "Expected after-effect",
    "level.expected.short": "Expected",
    "level.healing_crisis": "Natural healing crisis",
    "level.healing_crisis.short": "Healing crisis",
    "level.contact_therapist": "Contact the therapist",
    "level.contact_therapist.client": "Contact your therapist",
    "level.contact_therapist.record": "Was to contact the therapist",
    "level.contact_therapist.short": "Contact therapist",
    "level.doctor_today": "Doctor the same day",
    "level.doctor_today.client": "See a doctor today",
    "level.doctor_today.record": "Was to see a doctor today",
    "level.doctor_today.short": "Doctor today",
    "level.emergency": "Emergency",
    "level.emergency.client": "Emergency: call {phone} now",
    "treatment.relaxation_massage": "Relaxation massage",
    "treatment.relaxation_massage.client": "Relaxation (wellness) massage",
    "treatment.deep_massage": "Deep massage",
    "treatment.deep_massage.client": "Deep or strong massage",
    "treatment.trigger_point_therapy": "Trigger-point therapy",
    "intensity.none": "None",
    "intensity.mild": "Mild",
    "intensity.moderate": "Moderate",
    "intensity.severe": "Severe",
    "symptom.soreness": "Soreness",
    "symptom.tiredness": "Tiredness",
    "symptom.headache": "Headache",
    "symptom.dizziness": "Dizziness",
    "symptom.nausea": "Nausea",
    "symptom.vomiting": "Vomiting",
    "symptom.sweating": "Sweating",
    "symptom.tinnitus": "Ringing in the ears",
    "symptom.heart_discomfort": "Unpleasant feeling in the heart",
    "symptom.weakness": "Weakness",
    "symptom.visual_disturbance": "Visual disturbances",
    "symptom.skin_marks": "Marks on the skin",
    "symptom.bruising": "Bruises",
    "red_flag.double_vision": "Double vision",
    "red_flag.speech_difficulty": "Difficulty speaking",
    "red_flag.swallowing_difficulty": "Difficulty swallowing",
    "red_flag.drop_attack": "Sudden fall without fainting (drop attack)",
    "red_flag.one_sided_numbness_or_weakness": "Sudden numbness or weakness of the face, an arm or a leg",
    "red_flag.unsteady_gait": "Unsteady gait",
    "red_flag.sudden_severe_headache_or_neck_pain": "Sudden, severe, unusual headache or neck pain",
    "red_flag.chest_pain_or_breathlessness": "Chest pain or sudden breathlessness",
    "red_flag.dark_urine": "Dark urine (cola or tea coloured)",
    "red_flag.swollen_painful_calf": "One swollen, warm, painful calf",
    "red_flag.fainted": "I fainted",
    "feels_like.original_pain_worse": "Like my original pain, only worse",
    "feels_like.bruise_or_irritation": "More like a bruise or an irritation, or not worse",
    "feels_like.unsure": "Not sure",
    "trajectory.improving": "Getting better",
    "trajectory.stable": "About the same",
    "trajectory.worsening": "Clearly getting worse",
    "trajectory.unsure": "Not sure",
    "new_pain.none": "No",
    "new_pain.similar_to_original": "Yes, similar to my original pain",
    "new_pain.different": "Yes, a different kind of pain",
    "experience.first_time": "First time",
    "experience.long_ago": "Long since the last time",
    "experience.regular": "Has massage regularly",
    "trigger_point_count.few": "Few",
    "trigger_point_count.many": "Many",
    "trigger_point_count.unknown": "Not known yet",
    "trigger_point_severity.mild": "Mild",
    "trigger_point_severity.moderate": "Moderate",
    "trigger_point_severity.severe": "Severe",
    "trigger_point_severity.unknown": "Not known yet",
    "region.hovedstaden": "the Capital Region (Region Hovedstaden)",
    "region.sjaelland": "Region Zealand (Region Sjælland)",
    "region.syddanmark": "the Region of Southern Denmark (Region Syddanmark)",
    "region.midtjylland": "Central Denmark Region (Region Midtjylland)",
    "region.nordjylland": "North Denmark Region (Region Nordjylland)",
    "body_region.head": "Head and face",
    "body_region.neck_front": "Front of the neck",
    "body_region.right_shoulder_front": "Right shoulder",
    "body_region.left_shoulder_front": "Left shoulder",
    "body_region.chest": "Chest",
    "body_region.abdomen": "Abdomen",
    "body_region.right_upper_arm": "Right upper arm",
    "body_region.left_upper_arm": "Left upper arm",
    "body_region.right_forearm_hand": "Right forearm and hand",
    "body_region.left_forearm_hand": "Left forearm and hand",
    "body_region.right_thigh_front": "Front of the right thigh",
    "body_region.left_thigh_front": "Front of the left thigh",
    "body_region.right_lower_leg_front": "Front of the right lower leg",
    "body_region.left_lower_leg_front": "Front of the left lower leg",
    "body_region.neck_back": "Back of the neck",
    "body_region.upper_back": "Upper back, between the shoulder blades",
    "body_region.left_shoulder_blade": "Left shoulder blade and shoulder",
    "body_region.right_shoulder_blade": "Right shoulder blade and shoulder",
    "body_region.lower_back": "Lower back",
    "body_region.left_buttock": "Left buttock and hip",
    "body_region.right_buttock": "Right buttock and hip",
    "body_region.left_hamstring": "Back of the left thigh",
    "body_region.right_hamstring": "Back of the right thigh",
    "body_region.left_calf": "Left calf",
    "body_region.right_calf": "Right calf",
}

FORMS = ("client", "record", "short")
# The first part of every key here: the enums' kinds, and the symptoms and red flags.
KINDS = ("level", "treatment", "intensity", "symptom", "red_flag", "feels_like", "trajectory", "new_pain",
         "experience", "trigger_point_count", "trigger_point_severity", "region", "body_region")  # fmt: skip


def kind(enum: type[Enum]) -> str:
    """An enum's part of the key: its class name in snake case (`TriggerPointCount` -> `trigger_point_count`)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", enum.__name__).lower()


def key(member: Enum, form: str | None = None) -> str:
    """The catalogue key of an enum member's word, in the given form where the vocabulary has one."""
    plain = f"{kind(type(member))}.{member.value}"
    formed = f"{plain}.{form}" if form else plain
    return formed if formed in catalogs()["da"] else plain


def word(member: Enum, lang: Language, form: str | None = None, **values: object) -> str:
    """An enum member's word in `lang` (e.g. `word(Level.expected, "da")`), in a form where one is given."""
    return fill(catalogs()[lang][key(member, form)], values)


def in_sentence(member: Enum, lang: Language) -> str:
    """The word as it reads inside a sentence: 'dyb massage', 'trigger-point therapy'."""
    name = word(member, lang)
    return name[:1].lower() + name[1:]


def text(member: Enum, form: str | None = None) -> Text:
    """The word in both languages, for the engine's data that carries a `Text`."""
    return Text(da=word(member, "da", form), en=word(member, "en", form))
