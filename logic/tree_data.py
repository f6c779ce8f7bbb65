"""The reaction check's decision tree, defined once as data.

The same definition drives the questionnaire (which question next), the classification of a full
report, and the drawing on the decision-tree page. Statement IDs refer to logic/knowledge.py.

Safety by construction: the tree is walked from the root and each node sends the first matching
branch onward. Nodes are ordered by urgency tier: every check that can end in `emergency` comes
before any check that ends in `doctor_today`, those before a faint in a client who knows they faint
(`contact_therapist`), then the therapist-level checks, then healing crisis and expected. Every
symptom and red-flag condition only ever turns true as an answer gets worse, so a worse answer can
only stop the walk earlier, at a leaf at least as urgent. tests/logic/test_tree_properties.py proves it.
"""

from __future__ import annotations

from enum import Enum

from .conditions import (
    Above,
    AllOf,
    AnyFlag,
    AnyOf,
    AnySymptomAtLeast,
    LargeFlare,
    NoNetImprovement,
    OneOf,
    PainNotBelowBefore,
    PainRose,
)
from .models import (
    NEUROLOGICAL_RED_FLAGS,
    RED_FLAG_KEYS,
    SYMPTOM_KEYS,
    FeelsLike,
    Intensity,
    Level,
    NewPain,
    Text,
    Trajectory,
    Treatment,
)
from .texts import both, vocabulary
from .tree_model import Branch, Criterion, DecisionTree, Escalation, Leaf, LevelAdvice, Node, Option, Question

# E2: a true healing crisis is over within two days. A number from the source, not a clinic default.
TWO_DAYS_HOURS = 48.0

MILD, MODERATE, SEVERE = Intensity.mild, Intensity.moderate, Intensity.severe
STRONGER_SYMPTOMS = ("headache", "dizziness", "nausea")  # F1
RARE_SYMPTOMS = ("sweating", "tinnitus", "heart_discomfort", "weakness", "visual_disturbance")  # F3
PAST_TWO_DAYS = Above(path="hours_since_treatment", value=TWO_DAYS_HOURS)
# E2's two days are near (clinic default, X5: most reactions last no more than 36 hours).
NEAR_TWO_DAYS = Above(path="hours_since_treatment", setting="near_two_days_hours", inclusive=True)
# F4: clearly getting worse for more than a few hours, whatever the trajectory answer says (an
# 'improving' or 'not sure' answer beside hours of worsening is contradictory: the worse one counts).
STRONG_WORSENING = Above(path="worsening_hours", setting="strong_worsening_hours", inclusive=True)
# E1 in the client's own words; 'not sure' stands for the worse answer it could be.
LIKE_ORIGINAL = OneOf(path="feels_like", values=("original_pain_worse", "unsure"))
MASSAGE_NOT_TRIGGER_POINT = OneOf(path="treatment", values=("relaxation_massage", "deep_massage"))


def symptom(*names: str, at_least: Intensity) -> AnySymptomAtLeast:
    return AnySymptomAtLeast(symptoms=names, intensity=at_least)


# Worse than before the treatment: the original pain rose, marked soreness or tiredness, or a
# worsening course ('unsure' counts as worsening, the safer reading; so do any hours of worsening).
WORSE_THAN_BEFORE = AnyOf(
    of=(
        PainRose(),
        AnySymptomAtLeast(symptoms=("soreness", "tiredness"), intensity=Intensity.moderate),
        OneOf(path="trajectory", values=("worsening", "unsure")),
        Above(path="worsening_hours", value=0),
    )
)


def flags(*names: str) -> AnyFlag:
    return AnyFlag(paths=tuple(f"red_flags.{n}" for n in names))


def T(da: str, en: str) -> Text:
    return Text(da=da, en=en)


def enum_options(enum: type[Enum], form: str | None = None) -> list[Option]:
    """A question's answers, one per member of the enum, in the vocabulary's words."""
    return [Option(value=member.value, label=vocabulary.text(member, form)) for member in enum]


def titled(level: Level, da: str, en: str, separator: str = ": ") -> Text:
    """A leaf's short label led by its level's short name (`Læge i dag: mørk urin`)."""
    return Text(
        da=vocabulary.word(level, "da", "short") + separator + da,
        en=vocabulary.word(level, "en", "short") + separator + en,
    )


YES, NO = T("Ja", "Yes"), T("Nej", "No")
OTHERWISE = T("Ellers", "Otherwise")

QUESTIONS = [
    Question(
        id="q_red_flags",
        kind="flags",
        fields=["red_flags"],
        text=T(
            "Har du lige nu et eller flere af disse tegn?",
            "Do you have any of these signs right now?",
        ),
        therapist_text=T("Røde flag (X2-X4, F2)", "Red flags (X2-X4, F2)"),
        options=[Option(value=name, label=both(f"red_flag.{name}")) for name in RED_FLAG_KEYS],
        statement_ids=["X2", "X3", "X4", "F2"],
    ),
    Question(
        id="q_neck",
        kind="yes_no",
        fields=["neck_treatment"],
        text=T("Blev din nakke behandlet eller manipuleret?", "Was your neck treated or manipulated?"),
        therapist_text=T("Nakkebehandling", "Neck treatment"),
        statement_ids=["F3", "X2"],
        # Not sure whether the neck was worked on: assume it was, so F3/X2's neck checks are made.
        unsure_means=True,
    ),
    Question(
        id="q_symptoms",
        kind="intensities",
        fields=["symptoms"],
        text=T("Hvor kraftigt mærker du hvert af disse?", "How strongly do you feel each of these?"),
        therapist_text=T("Symptomer", "Symptoms"),
        options=[Option(value=name, label=both(f"symptom.{name}")) for name in SYMPTOM_KEYS],
        statement_ids=["B1", "B4", "F1", "F3", "F4"],
    ),
    Question(
        id="q_hours",
        kind="number",
        fields=["hours_since_treatment"],
        text=T("Hvor mange timer er der gået siden behandlingen?", "How many hours ago did the treatment end?"),
        therapist_text=T("Timer siden behandling", "Hours since treatment"),
        statement_ids=["E2", "X5"],
    ),
    Question(
        id="q_fainting_tendency",
        kind="yes_no",
        fields=["known_fainting_tendency"],
        text=T(
            "Ved du, at du let besvimer, fx når du får taget blod?",
            "Do you know that you tend to faint, for example when blood is taken?",
        ),
        therapist_text=T("Kendt tendens til besvimelse", "Known fainting tendency"),
        statement_ids=["F2"],
        # Not sure: no known tendency, which sends a faint to a doctor (the safer leaf).
        unsure_means=False,
    ),
    Question(
        id="q_trajectory",
        kind="choice",
        fields=["trajectory", "worsening_hours"],
        text=T("Hvordan udvikler det sig?", "How is it developing?"),
        therapist_text=T("Forløb", "Trajectory"),
        options=enum_options(Trajectory),
        statement_ids=["E2", "F4", "B5"],
    ),
    Question(
        id="q_pain",
        kind="pain",
        fields=["pain_before", "pain_now"],
        text=T(
            "Hvor ondt gjorde dit oprindelige problem lige før behandlingen, og hvor ondt gør det nu? (0 = ingen smerte, 10 = værst tænkelige)",
            "How much did your original complaint hurt just before the treatment, and how much now? (0 = no pain, 10 = worst imaginable)",
        ),
        therapist_text=T("Smerte før / nu (0-10)", "Pain before / now (0-10)"),
        statement_ids=["E1", "E2"],
    ),
    Question(
        id="q_feels_like",
        kind="choice",
        fields=["feels_like"],
        # Asked on every way through the tree: the client's own answer counts even where the two pain
        # scores do not show a rise (E1).
        text=T("Hvordan føles det, der gør ondt nu?", "What does the pain you feel now feel like?"),
        therapist_text=T("Karakter af smerten (E1)", "Quality of the pain (E1)"),
        options=enum_options(FeelsLike),
        statement_ids=["E1"],
    ),
    Question(
        id="q_new_pain",
        kind="choice",
        fields=["new_pain_elsewhere"],
        text=T(
            "Er der kommet ny smerte et andet sted i kroppen?", "Has new pain appeared somewhere else in your body?"
        ),
        therapist_text=T("Ny smerte andre steder", "New pain elsewhere"),
        options=enum_options(NewPain),
        statement_ids=["E3"],
    ),
    Question(
        id="q_treatment",
        kind="choice",
        fields=["treatment"],
        text=T("Hvilken behandling fik du?", "Which treatment did you have?"),
        therapist_text=T("Behandling", "Treatment"),
        options=enum_options(Treatment, "client"),
        statement_ids=["B2", "D1", "D2", "D3"],
    ),
]

NODES = [
    Node(
        id="n_red_flags",
        question="q_red_flags",
        label=T("Akutte røde flag?", "Emergency red flags?"),
        statement_ids=["X2", "X4"],
        branches=[
            Branch(
                when=flags(*NEUROLOGICAL_RED_FLAGS),
                to="l_emergency_stroke_signs",
                label=T("Neurologiske tegn", "Neurological signs"),
            ),
            Branch(
                when=flags("chest_pain_or_breathlessness"),
                to="l_emergency_chest",
                label=T("Bryst / åndenød", "Chest / breathless"),
            ),
            # X2 calls this an emergency after a neck treatment. Without one the source is silent; we
            # choose the safer level, since a sudden, severe, unusual headache is itself a warning sign.
            Branch(
                when=flags("sudden_severe_headache_or_neck_pain"),
                to="l_emergency_headache",
                label=T("Pludselig voldsom hovedpine", "Sudden severe headache"),
            ),
        ],
        otherwise="n_neck",
    ),
    Node(
        id="n_neck",
        question="q_neck",
        label=T("Nakken behandlet?", "Neck treated?"),
        statement_ids=["F3", "X2"],
        branches=[Branch(when=AnyFlag(paths=("neck_treatment",)), to="n_neck_symptoms", label=YES)],
        otherwise="n_urgent_flags",
        otherwise_label=NO,
    ),
    Node(
        id="n_neck_symptoms",
        question="q_symptoms",
        label=T("Voldsom svimmelhed eller opkast?", "Violent dizziness or vomiting?"),
        statement_ids=["F3", "X2"],
        branches=[
            Branch(
                when=AnyOf(of=(symptom("dizziness", at_least=SEVERE), symptom("vomiting", at_least=MILD))),
                to="l_emergency_after_neck",
                label=YES,
            )
        ],
        otherwise="n_urgent_flags",
        otherwise_label=NO,
    ),
    Node(
        id="n_urgent_flags",
        question="q_red_flags",
        label=T("Mørk urin eller hævet læg?", "Dark urine or swollen calf?"),
        statement_ids=["X3", "X4"],
        branches=[
            Branch(when=flags("dark_urine"), to="l_doctor_dark_urine", label=T("Mørk urin", "Dark urine")),
            Branch(when=flags("swollen_painful_calf"), to="l_doctor_calf", label=T("Hævet læg", "Swollen calf")),
        ],
        otherwise="n_severe_symptoms",
    ),
    Node(
        id="n_severe_symptoms",
        question="q_symptoms",
        label=T("Ekstreme eller voldsomme symptomer?", "Extreme or violent symptoms?"),
        statement_ids=["F1", "F2", "F3", "X3"],
        branches=[
            # F1 names vomiting among the extreme symptoms; any vomiting counts (the safer reading).
            Branch(
                when=AnyOf(of=(symptom("vomiting", at_least=MILD), symptom("nausea", "dizziness", at_least=SEVERE))),
                to="l_doctor_extreme_nausea",
                label=T("Opkast, voldsom kvalme/svimmelhed", "Vomiting, extreme nausea/dizziness"),
            ),
            # A severe headache is not in F1's 'extreme' list; the source leaves it open, so the safer level.
            Branch(
                when=symptom(*RARE_SYMPTOMS, "headache", at_least=SEVERE),
                to="l_doctor_violent_symptoms",
                label=T("Andre voldsomme symptomer", "Other violent symptoms"),
            ),
            Branch(
                when=AllOf(of=(symptom("soreness", at_least=SEVERE), symptom("weakness", at_least=MODERATE))),
                to="l_doctor_muscle",
                label=T("Ekstrem ømhed og svaghed", "Extreme soreness and weakness"),
            ),
        ],
        otherwise="n_persisting",
    ),
    Node(
        id="n_persisting",
        question="q_hours",
        label=T("Kraftigere symptomer over 2 døgn?", "Stronger symptoms past 2 days?"),
        statement_ids=["F1"],
        branches=[
            Branch(
                when=AllOf(of=(PAST_TWO_DAYS, symptom(*STRONGER_SYMPTOMS, at_least=MODERATE))),
                to="l_doctor_persisting",
                label=YES,
            )
        ],
        otherwise="n_fainted",
        otherwise_label=NO,
    ),
    Node(
        id="n_fainted",
        question="q_red_flags",
        label=T("Besvimet?", "Fainted?"),
        statement_ids=["F2"],
        branches=[Branch(when=flags("fainted"), to="n_fainting_tendency", label=YES)],
        otherwise="n_warning_signs",
        otherwise_label=NO,
    ),
    Node(
        id="n_fainting_tendency",
        question="q_fainting_tendency",
        label=T("Kendt tendens til at besvime?", "Known tendency to faint?"),
        statement_ids=["F2"],
        branches=[Branch(when=AnyFlag(paths=("known_fainting_tendency",)), to="n_faint_timing", label=YES)],
        # Not known (or not sure): the safer leaf.
        otherwise="l_doctor_fainted",
        otherwise_label=T("Nej / ved ikke", "No / not sure"),
    ),
    Node(
        id="n_faint_timing",
        question="q_hours",
        label=T("Besvimet længe efter behandlingen?", "Fainted well after the treatment?"),
        statement_ids=["F2"],
        branches=[
            # F2's known tendency covers a faint during or right after a strong treatment (as at a blood
            # draw). The report does not say when the faint came, only how long ago the treatment was:
            # later than the clinic's "right after" it may have come hours later, which the tendency
            # does not explain; a violent symptom means a doctor (F2), the safer reading.
            Branch(
                when=Above(path="hours_since_treatment", setting="faint_right_after_hours"),
                to="l_doctor_faint_later",
                label=YES,
            )
        ],
        otherwise="l_contact_fainted_known",
        otherwise_label=T("Under eller lige efter", "During or right after"),
    ),
    Node(
        id="n_warning_signs",
        question="q_symptoms",
        label=T("Advarselstegn?", "Warning signs?"),
        statement_ids=["F1", "F3", "F4"],
        branches=[
            Branch(
                when=symptom("soreness", "bruising", at_least=SEVERE),
                to="l_contact_extreme_soreness",
                label=T("Ekstrem ømhed / store mærker", "Extreme soreness / large bruises"),
            ),
            Branch(
                when=symptom(*STRONGER_SYMPTOMS, at_least=MODERATE),
                to="l_contact_stronger_symptoms",
                label=T("Kraftigere hovedpine, svimmelhed, kvalme", "Stronger headache, dizziness, nausea"),
            ),
            # F3 lists nausea among the rare experiences; B1 does not list it as expected. Safer: F3.
            Branch(
                when=symptom(*RARE_SYMPTOMS, "nausea", at_least=MILD),
                to="l_contact_rare_symptoms",
                label=T("Sjældne symptomer", "Rare symptoms"),
            ),
        ],
        otherwise="n_trajectory",
    ),
    Node(
        id="n_trajectory",
        question="q_trajectory",
        label=T("Kraftigt værre i flere timer?", "Strongly worse for hours?"),
        statement_ids=["F4"],
        branches=[
            # The hours count whatever the trajectory answer: 'not sure' or 'better' beside hours of clear
            # worsening is read as worsening (F4), never as reassurance.
            Branch(when=STRONG_WORSENING, to="l_contact_strong_worsening", label=YES)
        ],
        otherwise="n_flare_size",
        otherwise_label=NO,
    ),
    Node(
        id="n_flare_size",
        question="q_pain",
        label=T("Stor opblussen af den oprindelige smerte?", "Large flare of the original pain?"),
        statement_ids=["B5", "X6", "F4", "C5"],
        branches=[
            # B5 reassures about moderate flare-ups; a large one is not a healing crisis, whatever it feels
            # like. The size is a clinic default (points and level on the 0-10 scale).
            Branch(when=LargeFlare(), to="l_contact_large_flare", label=YES)
        ],
        otherwise="n_feels_like",
        otherwise_label=NO,
    ),
    Node(
        id="n_feels_like",
        question="q_feels_like",
        label=T("Føles som de gamle smerter, bare værre?", "Feels like the original pain, only worse?"),
        statement_ids=["E1", "E2"],
        branches=[
            Branch(
                when=AllOf(of=(OneOf(path="feels_like", values=("original_pain_worse",)), PainRose())),
                to="l_contact_negative_reaction",
                label=T("Som før, bare værre", "Like before, worse"),
            ),
            # Not sure which it is: the safer reading is a possible negative reaction.
            Branch(
                when=AllOf(of=(OneOf(path="feels_like", values=("unsure",)), PainRose())),
                to="l_contact_unsure_pain",
                label=T("Ved ikke, og værre", "Not sure, and worse"),
            ),
            # The client's own E1 answer counts even where the two scores do not show a rise: near or
            # past E2's two days with no net improvement it is a negative reaction. "Near" is a clinic
            # default (X5); the source gives only the two days, so the earlier mark is the safer one.
            Branch(
                when=AllOf(of=(LIKE_ORIGINAL, NEAR_TWO_DAYS, PainNotBelowBefore())),
                to="l_contact_original_no_improvement",
                label=T("Som før, ingen bedring ved 2 døgn", "Like before, no improvement near 2 days"),
            ),
        ],
        otherwise="n_massage",
        otherwise_label=T("Ellers", "Otherwise"),
    ),
    # D1/D2: after massage other than trigger-point therapy nobody should feel noticeably worse, and no
    # healing crisis is to be expected; so this comes before E3's progress sign and D3's healing crisis.
    Node(
        id="n_massage",
        question="q_treatment",
        label=T("Værre efter massage (ikke triggerpunkt)?", "Worse after massage (not trigger points)?"),
        statement_ids=["D1", "D2", "B2"],
        branches=[
            # A flare of the original pain (by the scores or in the client's words) after massage rests
            # on D1 and D2, never on D3. The source gives no level; we take the safer one.
            Branch(
                when=AllOf(of=(MASSAGE_NOT_TRIGGER_POINT, AnyOf(of=(PainRose(), LIKE_ORIGINAL)))),
                to="l_contact_massage_flare",
                label=T("Oprindelig smerte værre", "Original pain worse"),
            ),
            # Trajectory 'unsure' counts as worse: the safer reading.
            Branch(
                when=AllOf(of=(OneOf(path="treatment", values=("relaxation_massage",)), WORSE_THAN_BEFORE)),
                to="l_contact_relaxation_worse",
                label=T("Dårligere efter afslapningsmassage", "Worse after relaxation massage"),
            ),
        ],
        otherwise="n_new_pain",
        otherwise_label=NO,
    ),
    Node(
        id="n_new_pain",
        question="q_new_pain",
        label=T("Ny smerte andre steder?", "New pain elsewhere?"),
        statement_ids=["E3"],
        branches=[
            # The source speaks only of new pain like the original (E3); a different new pain is left
            # open, so the therapist should hear of it (the safer level).
            Branch(
                when=OneOf(path="new_pain_elsewhere", values=("different",)),
                to="l_contact_new_pain",
                label=T("Anderledes smerte", "Different pain"),
            ),
            Branch(
                when=OneOf(path="new_pain_elsewhere", values=("similar_to_original",)),
                to="n_new_pain_duration",
                label=T("Ligner den oprindelige", "Like the original"),
            ),
        ],
        otherwise="n_healing_signs",
        otherwise_label=NO,
    ),
    Node(
        id="n_new_pain_duration",
        question="q_hours",
        label=T("Mere end 2 døgn?", "More than 2 days?"),
        statement_ids=["E3", "E2"],
        branches=[Branch(when=PAST_TWO_DAYS, to="l_contact_persistent_new_pain", label=YES)],
        otherwise="l_healing_progress_sign",
        otherwise_label=NO,
    ),
    Node(
        id="n_healing_signs",
        question="q_symptoms",
        label=T("Tegn på helingskrise?", "Signs of a healing crisis?"),
        statement_ids=["B5", "C3", "D3", "E1"],
        branches=[
            # Reached after a relaxation massage only when it left nothing worse (n_massage). A client
            # who says it feels like the original pain, only worse, is never a plain 'expected' (E1).
            Branch(when=AnyOf(of=(WORSE_THAN_BEFORE, LIKE_ORIGINAL)), to="n_crisis_duration", label=YES)
        ],
        otherwise="n_no_net_improvement",
        otherwise_label=NO,
    ),
    Node(
        id="n_crisis_duration",
        question="q_hours",
        label=T("Mere end 2 døgn?", "More than 2 days?"),
        statement_ids=["E2", "X5"],
        branches=[Branch(when=PAST_TWO_DAYS, to="l_contact_prolonged", label=YES)],
        otherwise="n_crisis_kind",
        otherwise_label=NO,
    ),
    Node(
        id="n_crisis_kind",
        question="q_treatment",
        label=T("Triggerpunktbehandling?", "Trigger-point therapy?"),
        statement_ids=["D1", "D3", "E1"],
        branches=[
            Branch(
                when=AllOf(of=(OneOf(path="treatment", values=("trigger_point_therapy",)), LIKE_ORIGINAL)),
                to="l_healing_watch_original",
                label=T("Ja, føles som før", "Yes, feels like before"),
            ),
            Branch(
                when=OneOf(path="treatment", values=("trigger_point_therapy",)),
                to="l_healing_crisis",
                label=YES,
            ),
        ],
        # D3's healing crisis is the trigger-point exception: after a strong massage the words rest on
        # B2 and B5, and say that massage is not known to bring a healing crisis (D1).
        otherwise="l_healing_massage",
        otherwise_label=NO,
    ),
    Node(
        id="n_no_net_improvement",
        question="q_hours",
        label=T("Ingen bedring efter 2 døgn?", "No improvement after 2 days?"),
        statement_ids=["E2", "H1"],
        branches=[Branch(when=AllOf(of=(PAST_TWO_DAYS, NoNetImprovement())), to="l_contact_no_improvement", label=YES)],
        otherwise="l_expected",
        otherwise_label=NO,
    ),
]

LEAVES = [
    Leaf(
        id="l_emergency_stroke_signs",
        level=Level.emergency,
        label=titled(Level.emergency, "neurologiske tegn", "neurological signs"),
        reason=T(
            "Dobbeltsyn, tale- eller synkebesvær, pludseligt fald, ensidig følelsesløshed eller svaghed og usikker gang er tegn, der altid kræver, at du ringer {emergency}, uanset behandlingen.",
            "Double vision, difficulty speaking or swallowing, a drop attack, one-sided numbness or weakness and an unsteady gait are signs that always mean calling {emergency}, whatever the treatment was.",
        ),
        statement_ids=["X2", "F3"],
    ),
    Leaf(
        id="l_emergency_chest",
        level=Level.emergency,
        label=titled(Level.emergency, "bryst eller vejrtrækning", "chest or breathing"),
        reason=T(
            "Pludselig åndenød eller brystsmerter efter en massage kræver, at du ringer {emergency}.",
            "Sudden breathlessness or chest pain after a massage means calling {emergency}.",
        ),
        statement_ids=["X4"],
    ),
    Leaf(
        id="l_emergency_headache",
        level=Level.emergency,
        label=titled(Level.emergency, "pludselig voldsom hovedpine", "sudden severe headache"),
        reason=T(
            "En pludselig, voldsom og usædvanlig hovedpine eller nakkesmerte er et alvorligt advarselstegn, især efter en nakkebehandling.",
            "A sudden, severe, unusual headache or neck pain is a serious warning sign, especially after a neck treatment.",
        ),
        statement_ids=["X2", "F3"],
    ),
    Leaf(
        id="l_emergency_after_neck",
        level=Level.emergency,
        label=titled(Level.emergency, "efter nakkebehandling", "after neck treatment"),
        reason=T(
            "Voldsom svimmelhed eller opkast efter en nakkebehandling kan skyldes alvorlige komplikationer i nakkens blodkar eller hvirvler.",
            "Violent dizziness or vomiting after a neck treatment may come from serious complications in the neck's vessels or vertebrae.",
        ),
        statement_ids=["F3", "X2"],
    ),
    Leaf(
        id="l_doctor_dark_urine",
        level=Level.doctor_today,
        label=titled(Level.doctor_today, "mørk urin", "dark urine"),
        reason=T(
            "Mørk, cola- eller te-farvet urin kan være tegn på alvorlig muskelnedbrydning (rhabdomyolyse).",
            "Dark, cola- or tea-coloured urine can be a sign of serious muscle breakdown (rhabdomyolysis).",
        ),
        statement_ids=["X3"],
    ),
    Leaf(
        id="l_doctor_calf",
        level=Level.doctor_today,
        label=titled(Level.doctor_today, "hævet læg", "swollen calf"),
        reason=T(
            "Én hævet, varm og øm læg kan være en blodprop.",
            "One swollen, warm, painful calf can be a blood clot.",
        ),
        statement_ids=["X4"],
    ),
    Leaf(
        id="l_doctor_extreme_nausea",
        level=Level.doctor_today,
        label=titled(Level.doctor_today, "kvalme, opkast, svimmelhed", "nausea, vomiting, dizziness"),
        reason=T(
            "Ekstrem kvalme, opkast og svimmelhed er ikke en almindelig eftervirkning; her bør du søge læge.",
            "Extreme nausea, vomiting and dizziness are not ordinary after-effects; they mean seeing a doctor.",
        ),
        statement_ids=["F1", "F3"],
    ),
    Leaf(
        id="l_doctor_violent_symptoms",
        level=Level.doctor_today,
        label=titled(Level.doctor_today, "voldsomme symptomer", "violent symptoms"),
        reason=T(
            "Voldsomme symptomer skal altid tages alvorligt, og du bør søge læge.",
            "Violent symptoms must always be taken seriously: see a doctor.",
        ),
        statement_ids=["F2", "F3"],
    ),
    Leaf(
        id="l_doctor_muscle",
        level=Level.doctor_today,
        label=titled(Level.doctor_today, "ekstrem ømhed og svaghed", "extreme soreness and weakness"),
        reason=T(
            "Ekstrem ømhed sammen med tydelig svaghed kan være tegn på alvorlig muskelnedbrydning.",
            "Extreme soreness together with marked weakness can be a sign of serious muscle breakdown.",
        ),
        statement_ids=["X3", "F4"],
    ),
    Leaf(
        id="l_doctor_persisting",
        level=Level.doctor_today,
        label=titled(Level.doctor_today, "varer over 2 døgn", "lasting over 2 days"),
        reason=T(
            "Kraftigere svimmelhed, hovedpine eller kvalme, der ikke er forsvundet efter 1-2 dage, giver grund til bekymring.",
            "Stronger dizziness, headache or nausea that has not gone after 1-2 days gives cause for concern.",
        ),
        statement_ids=["F1"],
    ),
    Leaf(
        id="l_doctor_fainted",
        level=Level.doctor_today,
        label=titled(Level.doctor_today, "besvimelse", "fainting"),
        reason=T(
            "Du er besvimet uden at vide, at du har tendens til det. Voldsomme reaktioner skal altid tages alvorligt.",
            "You fainted without a known tendency to faint. Violent reactions must always be taken seriously.",
        ),
        statement_ids=["F2"],
    ),
    Leaf(
        id="l_doctor_faint_later",
        level=Level.doctor_today,
        label=titled(Level.doctor_today, "besvimelse senere", "fainting later on"),
        reason=T(
            "En tendens til at besvime forklarer en besvimelse under eller lige efter en kraftig behandling, ikke en besvimelse timer eller dage senere. Voldsomme symptomer skal altid tages alvorligt: søg læge.",
            "A tendency to faint explains fainting during or right after a strong treatment, not fainting hours or days later. Violent symptoms must always be taken seriously: see a doctor.",
        ),
        statement_ids=["F2"],
    ),
    Leaf(
        id="l_contact_fainted_known",
        level=Level.contact_therapist,
        label=T("Behandler: kendt besvimelsestendens", "Therapist: known fainting tendency"),
        reason=T(
            "Nogle, der kender deres tendens til at besvime, kan reagere sådan på kraftig behandling. Din behandler skal vide det og tilpasse næste behandling.",
            "Some people who know they tend to faint can react like this to strong treatment. Your therapist needs to know and adjust the next treatment.",
        ),
        statement_ids=["F2", "G5"],
    ),
    Leaf(
        id="l_contact_extreme_soreness",
        level=Level.contact_therapist,
        label=T("Behandler: ekstrem ømhed / store mærker", "Therapist: extreme soreness / large bruises"),
        reason=T(
            "Ekstrem ømhed og store blå mærker er ikke positive tegn.",
            "Extreme soreness and large bruises are not positive signs.",
        ),
        statement_ids=["F4"],
    ),
    Leaf(
        id="l_contact_stronger_symptoms",
        level=Level.contact_therapist,
        label=T("Behandler: kraftigere symptomer", "Therapist: stronger symptoms"),
        reason=T(
            "Kraftigere svimmelhed, hovedpine eller kvalme er mere end de milde, kendte eftervirkninger; hold øje med, om de er væk inden for 1-2 dage.",
            "Stronger dizziness, headache or nausea is more than the mild, known after-effects; watch whether it is gone within 1-2 days.",
        ),
        statement_ids=["F1", "B1"],
    ),
    Leaf(
        id="l_contact_rare_symptoms",
        level=Level.contact_therapist,
        label=T("Behandler: sjældne symptomer", "Therapist: rare symptoms"),
        reason=T(
            "Kvalme, sveden, ringen for ørerne, ubehag ved hjertet, svaghed og synsforstyrrelser er sjældne reaktioner, som din behandler skal høre om.",
            "Nausea, sweating, ringing in the ears, unpleasant feelings in the heart, weakness and visual disturbances are rare reactions your therapist should hear about.",
        ),
        statement_ids=["F3"],
    ),
    Leaf(
        id="l_contact_strong_worsening",
        level=Level.contact_therapist,
        label=T("Behandler: kraftig forværring", "Therapist: strong worsening"),
        reason=T(
            "Symptomer, der bliver kraftigt værre i mere end nogle få timer, er ikke et positivt tegn.",
            "Symptoms that worsen strongly for more than a few hours are not a positive sign.",
        ),
        statement_ids=["F4"],
    ),
    Leaf(
        id="l_contact_large_flare",
        level=Level.contact_therapist,
        label=T("Behandler: stor opblussen", "Therapist: large flare-up"),
        reason=T(
            "Din oprindelige smerte er steget meget ({flare_points} point eller mere, eller til {flare_level} af 10 eller derover). Kun moderate opblussen er almindelige; en så stor stigning er ikke en helingskrise, uanset hvordan den føles.",
            "Your original pain has risen a lot ({flare_points} points or more, or to {flare_level} out of 10 or above). Only moderate flare-ups are common; a rise this large is not a healing crisis, whatever it feels like.",
        ),
        statement_ids=["B5", "X6", "F4", "C5"],
    ),
    Leaf(
        id="l_contact_original_no_improvement",
        level=Level.contact_therapist,
        label=T("Behandler: som før, ingen bedring", "Therapist: like before, no improvement"),
        reason=T(
            "Det føles som dine gamle smerter, bare værre, og nu, hvor der snart er gået to døgn, er smerten ikke under niveauet fra før behandlingen. Så har behandlingen med stor sandsynlighed ikke virket mod netop de smerter.",
            "It feels like your original pain, only worse, and now that two days have nearly passed the pain is not below its level before the treatment. Then the treatment very likely did not work against those pain symptoms.",
        ),
        statement_ids=["E1", "E2", "X5"],
    ),
    Leaf(
        id="l_contact_massage_flare",
        level=Level.contact_therapist,
        label=T("Behandler: værre efter massage", "Therapist: worse after massage"),
        reason=T(
            "Din oprindelige smerte er værre. Efter massage (i modsætning til triggerpunktbehandling) er en helingskrise ikke at forvente, og du skal ikke have det mærkbart dårligere; fortæl din behandler det, så forventninger og næste behandling kan afstemmes.",
            "Your original pain is worse. After massage (unlike trigger-point therapy) a healing crisis is not to be expected, and you should not feel noticeably worse; tell your therapist, so expectations and the next treatment can be aligned.",
        ),
        statement_ids=["D1", "D2"],
    ),
    Leaf(
        id="l_contact_negative_reaction",
        level=Level.contact_therapist,
        label=T("Behandler: mulig negativ reaktion", "Therapist: possible negative reaction"),
        reason=T(
            "Smerter, der ligner dine oprindelige i karakter og styrke, bare værre, kan betyde, at behandlingen har gjort dine smerter værre i stedet for bedre.",
            "Pain very like your original pain in quality and intensity, only worse, may mean the treatment made your pain worse rather than better.",
        ),
        statement_ids=["E1"],
    ),
    Leaf(
        id="l_contact_unsure_pain",
        level=Level.contact_therapist,
        label=T("Behandler: usikker forværring", "Therapist: unclear worsening"),
        reason=T(
            "Din oprindelige smerte er værre, og det er uklart, om den føles som før eller som et blåt mærke. Vi vælger det forsigtige svar: behandlingen kan have gjort dine smerter værre.",
            "Your original pain is worse and it is unclear whether it feels like before or like a bruise. We choose the cautious answer: the treatment may have made your pain worse.",
        ),
        statement_ids=["E1"],
    ),
    Leaf(
        id="l_contact_new_pain",
        level=Level.contact_therapist,
        label=T("Behandler: ny, anderledes smerte", "Therapist: new, different pain"),
        reason=T(
            "Ny smerte et andet sted, som ikke ligner dine oprindelige smerter, er ikke beskrevet som et tegn på fremskridt. Fortæl din behandler, hvor den sidder.",
            "New pain elsewhere that is unlike your original pain is not described as a sign of progress. Tell your therapist where it is.",
        ),
        statement_ids=["E3"],
    ),
    Leaf(
        id="l_contact_persistent_new_pain",
        level=Level.contact_therapist,
        label=T("Behandler: ny smerte varer ved", "Therapist: new pain lasting"),
        reason=T(
            "Ny smerte, der ligner den oprindelige, er kun et godt tegn, så længe den ikke er for alvorlig og vedvarende; den har varet over to døgn.",
            "New pain like the original is a good sign only while it is not too severe and persistent; it has lasted over two days.",
        ),
        statement_ids=["E3", "E2"],
    ),
    Leaf(
        id="l_contact_relaxation_worse",
        level=Level.contact_therapist,
        label=T("Behandler: dårligere efter massage", "Therapist: worse after massage"),
        reason=T(
            "Efter en almindelig massage skal du ikke forvente at have det mærkbart dårligere; afstem forventningerne med din behandler.",
            "After an ordinary massage you should not expect to feel noticeably worse; align expectations with your therapist.",
        ),
        statement_ids=["D2", "D1", "B2"],
    ),
    Leaf(
        id="l_contact_prolonged",
        level=Level.contact_therapist,
        label=T("Behandler: varer over 2 døgn", "Therapist: lasting over 2 days"),
        reason=T(
            "En helingskrise er hurtig og stabil. Varer reaktionen ud over to døgn, har behandlingen med stor sandsynlighed gjort mere skade end gavn mod dine smerter.",
            "A healing crisis is quick and stable. If the reaction lasts beyond two days, the treatment very likely did more harm than good against your pain.",
        ),
        statement_ids=["E2", "X5"],
    ),
    Leaf(
        id="l_contact_no_improvement",
        level=Level.contact_therapist,
        label=T("Behandler: ingen nettobedring", "Therapist: no net improvement"),
        reason=T(
            "Efter to døgn er smerten tilbage på niveauet fra før behandlingen: ingen nettobedring. Behandlingen er ikke lykkedes mod netop de smerter.",
            "After two days the pain is back at its level before the treatment: no net improvement. The treatment did not succeed against those pain symptoms.",
        ),
        statement_ids=["E2", "H1"],
    ),
    Leaf(
        id="l_healing_progress_sign",
        level=Level.healing_crisis,
        label=titled(Level.healing_crisis, "tegn på fremskridt", "sign of progress"),
        reason=T(
            "Smerte, der ligner den oprindelige, men et andet sted, er sandsynligvis ikke en negativ reaktion, men et stærkt tegn på fremskridt: nervesystemet vender sig mod den næstværste smerte. Fortæl din behandler præcis hvor, så den kan skelnes fra den oprindelige.",
            "Pain like the original but somewhere else is probably not a negative reaction but a strong sign of progress: the nervous system turns to the next-worst pain. Tell your therapist exactly where, so it can be told from the original.",
        ),
        statement_ids=["E3"],
        progress_sign=True,
    ),
    Leaf(
        id="l_healing_crisis",
        level=Level.healing_crisis,
        label=vocabulary.text(Level.healing_crisis),
        reason=T(
            "Moderate, kortvarige opblusninger er almindelige i de tidlige helingsstadier efter triggerpunktbehandling, og det føles mere som et blåt mærke end som dine gamle smerter; der kan gå et par dage, før det bliver bedre.",
            "Moderate, short-lived flare-ups are common in the early stages of healing after trigger-point therapy, and this feels more like a bruise than like your original pain; a couple of days can pass before improvement.",
        ),
        statement_ids=["B5", "C1", "C2", "C3", "C4", "C5", "D3", "E1"],
    ),
    Leaf(
        id="l_healing_watch_original",
        level=Level.healing_crisis,
        label=titled(Level.healing_crisis, "Hold øje", "Watch it", "? "),
        reason=T(
            "Det føles som dine gamle smerter, bare værre, selv om tallene ikke viser en stigning. Efter triggerpunktbehandling kan der gå et par dage, før det bliver bedre, men smerter som de gamle, bare værre, kan også betyde, at behandlingen har gjort dem værre. Hold øje: er smerten ikke under niveauet fra før behandlingen, når der er gået to døgn, så kontakt din behandler.",
            "It feels like your original pain, only worse, even though the numbers show no rise. After trigger-point therapy a couple of days can pass before improvement, but pain like the original, only worse, can also mean the treatment made it worse. Watch it: if the pain is not below its level before the treatment by the two-day mark, contact your therapist.",
        ),
        statement_ids=["E1", "D3", "E2"],
    ),
    Leaf(
        id="l_healing_massage",
        level=Level.healing_crisis,
        label=T("Ømhed efter kraftig massage", "Soreness after strong massage"),
        reason=T(
            "Ømhed og en moderat, kortvarig forværring kendes efter de kraftigere former for massage. I modsætning til triggerpunktbehandling bør det ikke blive mærkbart værre efter massage: hold øje med det; det bør aftage inden for to døgn.",
            "Soreness and a moderate, short-lived worsening are known after the stronger forms of massage. Unlike after trigger-point therapy, it should not get noticeably worse after massage: watch it; it should ease within two days.",
        ),
        statement_ids=["B2", "B5", "C3", "D1", "D2"],
    ),
    Leaf(
        id="l_expected",
        level=Level.expected,
        label=T("Forventede eftervirkninger", "Expected after-effects"),
        reason=T(
            "Mild ømhed, træthed, hovedpine, svimmelhed og mærker på huden er kendte eftervirkninger, der ikke betyder noget alvorligt.",
            "Mild soreness, tiredness, headache, dizziness and marks on the skin are known after-effects that do not mean anything serious.",
        ),
        statement_ids=["B1", "B2", "B4"],
    ),
]

# Safety-netting, shared by the levels below emergency. Every number comes from the clinic settings:
# {emergency}, {doctor} (the out-of-hours line of the clinic's region, named by {region}) and {hours}.
CALL_EMERGENCY_IF = Escalation(
    text=T(
        "Ring {emergency} ved dobbeltsyn, tale- eller synkebesvær, pludselig følelsesløshed eller svaghed i ansigt, arm eller ben, usikker gang, pludseligt fald, pludselig voldsom hovedpine eller nakkesmerte, brystsmerter eller åndenød.",
        "Call {emergency} for double vision, difficulty speaking or swallowing, sudden numbness or weakness of the face, an arm or a leg, unsteady gait, a drop attack, a sudden severe headache or neck pain, chest pain or breathlessness.",
    ),
    statement_ids=["X1", "X2", "X4"],
)
DOCTOR_IF = Escalation(
    text=T(
        "Søg læge samme dag (din egen læge på hverdage kl. 8-16, ellers lægevagten i {region} på {doctor}) ved mørk urin, én hævet og øm læg, besvimelse, ekstrem kvalme, opkast eller svimmelhed, eller kraftigere symptomer, der ikke er væk efter 1-2 dage.",
        "See a doctor the same day (your own doctor on weekdays 8-16, otherwise the out-of-hours line of {region} on {doctor}) for dark urine, one swollen painful calf, fainting, extreme nausea, vomiting or dizziness, or stronger symptoms not gone after 1-2 days.",
    ),
    statement_ids=["X1", "X3", "X4", "F1", "F2"],
)
THERAPIST_IF = Escalation(
    text=T(
        "Kontakt din behandler, hvis det bliver kraftigt værre i mere end {hours} timer, hvis det varer ud over to døgn, eller hvis smerten falder tilbage til niveauet fra før behandlingen.",
        "Contact your therapist if it gets strongly worse for more than {hours} hours, lasts beyond two days, or falls back to the pain level from before the treatment.",
    ),
    statement_ids=["F4", "E2"],
)

ADVICE = {
    Level.expected: LevelAdvice(
        now=T(
            "Det, du mærker, er kendte og forventelige eftervirkninger. De går som regel over inden for et til to døgn.",
            "What you feel are known, expected after-effects. They usually pass within a day or two.",
        ),
        escalate_if=[CALL_EMERGENCY_IF, DOCTOR_IF, THERAPIST_IF],
        recheck_at_hours_after_treatment=TWO_DAYS_HOURS,
        statement_ids=["B1", "B4", "X5"],
    ),
    Level.healing_crisis: LevelAdvice(
        now=T(
            "Tag det roligt og hold øje med udviklingen: en helingskrise er hurtig og stabil og bør være aftaget, når der er gået to døgn efter behandlingen.",
            "Take it easy and watch how it develops: a healing crisis is quick and stable and should have eased by two days after the treatment.",
        ),
        escalate_if=[CALL_EMERGENCY_IF, DOCTOR_IF, THERAPIST_IF],
        recheck_at_hours_after_treatment=TWO_DAYS_HOURS,
        statement_ids=["B5", "D3", "E2"],
    ),
    Level.contact_therapist: LevelAdvice(
        now=T(
            "Fortæl din behandler om reaktionen, så næste behandling kan tilpasses, fx kortere, med mindre tryk eller med længere tid imellem.",
            "Tell your therapist about this reaction so the next treatment can be adjusted, for example shorter, with less pressure or with more time in between.",
        ),
        escalate_if=[CALL_EMERGENCY_IF, DOCTOR_IF],
        recheck_setting="contact_recheck_hours",
        statement_ids=["E1", "E2", "G5"],
    ),
    Level.doctor_today: LevelAdvice(
        now=T(
            "Søg læge i dag: din egen læge på hverdage kl. 8-16; på andre tidspunkter lægevagten i {region} på {doctor}. Fortæl, hvilken behandling du fik og hvornår.",
            "See a doctor today: your own doctor on weekdays 8-16; at other times the out-of-hours line of {region} on {doctor}. Say which treatment you had and when.",
        ),
        escalate_if=[CALL_EMERGENCY_IF],
        phone="doctor_phone",
        statement_ids=["F1", "F2", "X1", "X3", "X4"],
    ),
    Level.emergency: LevelAdvice(
        now=T(
            "Ring {emergency} nu. Fortæl, hvad du mærker, og hvilken behandling du fik og hvornår.",
            "Call {emergency} now. Say what you feel, and which treatment you had and when.",
        ),
        escalate_if=[],
        phone="emergency_phone",
        statement_ids=["X1", "X2", "X4"],
    ),
}

# Criteria of the source that decide too where they hold beside the branch that ended the walk: each is
# then among the reasons (E2 and E3 together, for example), unless the leaf already cites it.
CRITERIA = [
    Criterion(
        id="c_strong_worsening",
        when=STRONG_WORSENING,
        reason=T(
            "Det er blevet tydeligt værre i mindst {hours} timer; kraftig forværring i mere end nogle få timer er ikke et positivt tegn.",
            "It has been clearly getting worse for at least {hours} hours; strong worsening for more than a few hours is not a positive sign.",
        ),
        statement_ids=["F4"],
    ),
    Criterion(
        id="c_large_flare",
        when=LargeFlare(),
        reason=T(
            "Din oprindelige smerte er steget meget; kun moderate opblussen er almindelige.",
            "Your original pain has risen a lot; only moderate flare-ups are common.",
        ),
        statement_ids=["B5", "X6", "F4", "C5"],
    ),
    Criterion(
        id="c_like_original",
        when=OneOf(path="feels_like", values=("original_pain_worse",)),
        reason=T(
            "Du siger, at det føles som dine gamle smerter, bare værre; det kan betyde, at behandlingen har gjort dem værre.",
            "You say it feels like your original pain, only worse; that may mean the treatment made it worse.",
        ),
        statement_ids=["E1"],
    ),
    Criterion(
        id="c_massage_flare",
        when=AllOf(of=(MASSAGE_NOT_TRIGGER_POINT, AnyOf(of=(PainRose(), LIKE_ORIGINAL)))),
        reason=T(
            "Efter massage (i modsætning til triggerpunktbehandling) er en helingskrise ikke at forvente, og du skal ikke have det mærkbart dårligere.",
            "After massage (unlike trigger-point therapy) a healing crisis is not to be expected, and you should not feel noticeably worse.",
        ),
        statement_ids=["D1", "D2"],
    ),
    Criterion(
        id="c_past_two_days",
        when=AllOf(of=(PAST_TWO_DAYS, AnyOf(of=(WORSE_THAN_BEFORE, NoNetImprovement(), LIKE_ORIGINAL)))),
        reason=T(
            "Der er gået mere end to døgn, og det er ikke blevet bedre end før behandlingen; en helingskrise er hurtig og stabil.",
            "More than two days have passed and it is not better than before the treatment; a healing crisis is quick and stable.",
        ),
        statement_ids=["E2"],
    ),
    Criterion(
        id="c_similar_pain_elsewhere",
        when=OneOf(path="new_pain_elsewhere", values=("similar_to_original",)),
        reason=T(
            "Smerte som den oprindelige et andet sted i kroppen er som regel et tegn på fremskridt, så længe den ikke er for kraftig og vedvarende.",
            "Pain like the original somewhere else in the body is usually a sign of progress, as long as it is not too severe and persistent.",
        ),
        statement_ids=["E3"],
    ),
]

TREE = DecisionTree(
    root="n_red_flags",
    questions={q.id: q for q in QUESTIONS},
    nodes={n.id: n for n in NODES},
    leaves={leaf.id: leaf for leaf in LEAVES},
    advice=ADVICE,
    criteria=CRITERIA,
)
