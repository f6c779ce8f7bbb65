"""Widgets shared by the pages, in one place: the result card, the emergency line, the language switch,
and the inputs of the reaction check's questions.

No clinical logic lives here: levels, advice and questions come from the engine (logic/). Every text
comes from the catalogs (ui/texts/) or from the engine in the requested language; no user text is
ever rendered as HTML.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import streamlit as st

from logic.answers import (
    asks_worsening_hours,
    worsening_hours_required,
    worsening_hours_value,
    yes_no_choices,
    yes_no_value,
)
from logic.knowledge import cite
from logic.models import INTENSITY_ORDER, Assessment, Intensity, Language, Level
from logic.settings import ClinicSettings
from logic.texts.vocabulary import word
from logic.tree_data import RARE_SYMPTOMS, TREE
from logic.tree_model import DecisionTree, Question

from .contact import clinic_contact, tel_link
from .i18n import LANGUAGES, translate
from .state import LANG, current_language, set_language

# Colour, icon and words together say the level; never colour alone.
LEVEL_ICON = {
    Level.expected: ":material/check_circle:",
    Level.healing_crisis: ":material/healing:",
    Level.contact_therapist: ":material/support_agent:",
    Level.doctor_today: ":material/local_hospital:",
    Level.emergency: ":material/e911_emergency:",
}
LEVEL_COLOR = {
    Level.expected: "green",
    Level.healing_crisis: "blue",
    Level.contact_therapist: "yellow",
    Level.doctor_today: "orange",
    Level.emergency: "red",
}
_LEVEL_ALERT = {
    Level.expected: st.success,
    Level.healing_crisis: st.info,
    Level.contact_therapist: st.warning,
    Level.doctor_today: st.warning,
    Level.emergency: st.error,
}

HOURS_MIN, HOURS_MAX = 0.0, 720.0  # 0 to 30 days: a reaction check is about the days after a treatment
PAIN_MIN, PAIN_MAX = 0, 10

LANG_WIDGET = "lang_switch"
# Container keys the self-check's styles (ui/a11y.py) address.
NONE_OF_THESE_KEY = "flags-none"
PAIN_SCALE_KEY = "pain-scale"
# The self-check on a phone puts the symptoms F3 calls rare behind one click (question_inputs).
RARER_SYMPTOMS = frozenset(RARE_SYMPTOMS)


def _link_numbers(text: str, numbers: list[str]) -> str:
    """Turn the clinic's phone numbers inside an engine text into tel: links."""
    unique = sorted({n for n in numbers if n}, key=len, reverse=True)
    if not unique:
        return text
    # One pass, longest number first: a number inside a longer one is not linked inside its link.
    anyone = "|".join(re.escape(n) for n in unique)
    return re.sub(rf"(?<![\d\[])(?:{anyone})(?![\d\]])", lambda found: tel_link(found.group(0)), text)


# --- App shell ---


def emergency_banner(settings: ClinicSettings, lang: Language) -> None:
    """The emergency line at the top of every page: short, red, with a number that dials."""
    with st.container(key="emergency-line"):
        st.error(
            translate("widgets.emergency", lang, phone=tel_link(settings.emergency_phone)),
            icon=":material/e911_emergency:",
        )


def language_switch() -> Language:
    """Dansk / English, visible in the main area (also on a phone, without opening a menu)."""

    def changed() -> None:
        set_language(st.session_state[LANG_WIDGET])

    st.session_state[LANG_WIDGET] = current_language()
    st.segmented_control(
        translate("widgets.language", current_language()),
        options=list(LANGUAGES),
        format_func=lambda code: translate(f"widgets.language.{code}", current_language()),
        key=LANG_WIDGET,
        required=True,
        on_change=changed,
        label_visibility="collapsed",
    )
    return st.session_state[LANG]


# Static CSS of the app's own (never user text), scoped by container keys.
SHELL_CSS = """<style>
.st-key-emergency-line div[data-testid="stAlertContainer"] { padding: 0.6rem 0.9rem; }
/* "See a doctor today" in orange, between the therapist's yellow and the emergency's red. */
.st-key-level-doctor_today div[data-testid="stAlertContainer"] { background-color: rgba(255, 140, 0, 0.16); }
.st-key-level-doctor_today div[data-testid="stAlertContainer"] * { color: #8a3f00; }
</style>"""
# Larger touch targets for a question's answers: each radio option is a full-width, padded row.
ANSWERS_KEY = "answers"
ANSWERS_CSS = """<style>
/* On the self-check the emergency line stays in view while the page scrolls (below Streamlit's
   header bar). Only there: on long forms a sticky bar would cover the field scrolled to the top. */
div[data-testid="stLayoutWrapper"]:has(> .st-key-emergency-line) {
  position: sticky; top: 3.75rem; z-index: 99; background: #fff;
}
.st-key-answers div[data-testid="stRadioGroup"] { gap: 0.5rem; width: 100%; }
.st-key-answers div[data-testid="stRadioGroup"] > div { width: 100%; }
.st-key-answers label[data-testid="stRadioOption"] {
  width: 100%; box-sizing: border-box; padding: 0.75rem 0.9rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.25);
}
.st-key-answers label[data-testid="stRadioOption"]:has(input:checked) {
  border-color: #3A7D7C; background: rgba(58, 125, 124, 0.10);
}
.st-key-answers label[data-testid="stRadioOption"] p { font-size: 1.05rem; }
.st-key-answers div[data-testid="stCheckbox"] label { padding: 0.35rem 0; }
.st-key-answers div[data-testid="stCheckbox"] p { font-size: 1.05rem; }
</style>"""


def shell_styles() -> None:
    st.html(SHELL_CSS)


def answers_styles() -> None:
    st.html(ANSWERS_CSS)


# --- The result ---


# A statement's reference to another one inside its text, e.g. " (F3)" or " (X2-X4, F2)".
STATEMENT_REFERENCE = re.compile(r"\s*\((?:[A-HX][0-9]{1,2}(?:\s*[-–,]\s*)?)+\)")


def statement_list(ids: list[str], lang: Language, codes: bool = True) -> None:
    """The statements a result rests on, quoted with their IDs (`codes=False`, a client's view: the
    quotes alone, without the codes of the statements they refer to)."""
    lines = [
        f"- **{sid}**: {text}" if codes else f"- {STATEMENT_REFERENCE.sub('', text)}" for sid, text in cite(ids, lang)
    ]
    if lines:
        st.markdown("\n".join(lines))


def level_words(level: Level, lang: Language, settings: ClinicSettings, audience: str = "client") -> str:
    """The level's name as `audience` reads it: "client" (the self-check) or "therapist" (the staff's pages)."""
    return word(level, lang, audience, phone=settings.emergency_phone)


def call_button(phone: str, label: str, key: str = "emergency-call") -> None:
    """A full-width button that dials `phone` (the settings' number, never a literal), styled by
    ui/a11y.py as the strongest thing on the screen."""
    digits = re.sub(r"[^0-9+]", "", phone)
    with st.container(key=key):
        st.link_button(label, f"tel:{digits}", type="primary", width="stretch", icon=":material/call:")


def level_card(
    assessment: Assessment,
    lang: Language,
    settings: ClinicSettings | None = None,
    heading_level: int = 5,
    emergency_call_shown: bool = False,
    codes: bool = True,
    audience: str = "client",
) -> None:
    """The result: the level in colour, icon and words; what to do now; when to seek help; when to
    check again; and why. Emergency advice is shown in full at once, never behind a click.

    `heading_level`: the level of the card's section headings (the page's outline decides; the
    self-check passes 3 below its h2). `emergency_call_shown`: the page already shows the emergency
    number as a call button (the self-check's), so the card does not repeat it as a heading.
    `codes=False` (a client's view): the statements quoted without their codes.
    `audience="therapist"` words the level and the headings for the therapist (the advice is then what
    to tell the client); the client's view speaks to the client."""
    from .storage import app_settings

    settings = settings or app_settings()
    words = "staff.card" if audience == "therapist" else "widgets.card"
    numbers = [settings.emergency_phone, settings.doctor_phone]
    level, advice = assessment.level, assessment.advice
    section = "#" * heading_level
    with st.container(border=True):
        with st.container(key=f"level-{level.value}"):
            _LEVEL_ALERT[level](f"**{level_words(level, lang, settings, audience)}**", icon=LEVEL_ICON[level])
        if advice.phone and not (emergency_call_shown and level == Level.emergency):
            key = f"{words}.call_emergency" if level == Level.emergency else "widgets.card.call_doctor"
            call = translate(key, lang, phone=tel_link(advice.phone), region=settings.region_name(lang))
            st.markdown(f"{'#' * min(3, heading_level)} :material/call: {call}", anchors=False)
        for reason in assessment.reasons:
            st.markdown(reason.text)
        if assessment.progress_sign:
            st.success(translate(f"{words}.progress_sign", lang), icon=":material/trending_up:")

        st.markdown(f"{section} {translate(f'{words}.now', lang)}", anchors=False)
        st.markdown(_link_numbers(advice.now, numbers))
        if level == Level.contact_therapist and audience == "client":  # the therapist is the clinic
            clinic_contact(settings, lang)  # the clinic's phone, e-mail and hours (settings)

        if advice.escalate_if:
            st.markdown(f"{section} {translate(f'{words}.escalate', lang)}", anchors=False)
            st.markdown("\n".join(f"- {_link_numbers(item, numbers)}" for item in advice.escalate_if))

        if advice.recheck_after_hours:
            st.markdown(f"{section} {translate(f'{words}.recheck', lang)}", anchors=False)
            st.markdown(translate(f"{words}.recheck_after", lang, hours=f"{advice.recheck_after_hours:g}"))

        with st.expander(translate("widgets.card.why", lang)):
            ids: list[str] = []
            for reason in assessment.reasons:
                ids += reason.statement_ids
            ids += advice.statement_ids
            st.caption(translate("widgets.card.why_intro" if codes else "widgets.card.why_intro_client", lang))
            statement_list(ids, lang, codes)


def path_breadcrumb(path: list[str], lang: Language, tree: DecisionTree = TREE) -> str:
    """The route through the decision tree as one line of node labels, root first."""
    labels = []
    for node_id in path:
        item = tree.nodes.get(node_id) or tree.leaves.get(node_id)
        labels.append(item.label(lang) if item else node_id)
    return " → ".join(labels)


# --- Questions of the reaction check ---


@functools.cache
def questionnaire_length() -> int:
    """The most questions any route through the tree asks (a question serving several nodes counts once)."""
    tree = TREE

    def longest(node_id: str, asked: frozenset[str]) -> int:
        node = tree.nodes.get(node_id)
        if node is None:
            return len(asked)
        now = asked | {node.question}
        return max(longest(child, now) for child in tree.children(node_id))

    return longest(tree.root, frozenset())


def intensity_label(value: str, lang: Language) -> str:
    return word(Intensity(value), lang)


INTENSITIES = [i.value for i in INTENSITY_ORDER]


def yes_no_options(question: Question) -> list[str]:
    return yes_no_choices(question.unsure_means)


def yes_no_answer(question: Question, choice: str) -> bool:
    return yes_no_value(choice, question.unsure_means)


def _key(prefix: str, qid: str, part: str = "") -> str:
    return f"{prefix}.{qid}.{part}" if part else f"{prefix}.{qid}"


def question_inputs(
    question: Question, lang: Language, prefill: dict[str, Any], prefix: str, collapse_rarer: bool = False
) -> None:
    """The widgets of one question, pre-filled with an earlier answer; `read_question` collects them.

    `collapse_rarer` (the client's self-check) puts the symptoms F3 calls rare behind an expander that
    names them; their answer stays "none" until changed, as before.

    Widgets are keyed by question, so a question asked again starts from `prefill`. Answering does
    not rerun the script (on_change="ignore": the value travels with the Next click), except where
    an answer opens a follow-up field (a worsening trajectory asks for how long).
    """
    quiet = "ignore"
    qid = question.id
    label = question.text(lang)
    if question.kind == "flags":
        for option in question.options:
            st.checkbox(
                option.label(lang),
                value=bool(prefill.get(option.value)),
                key=_key(prefix, qid, option.value),
                wrap=True,
                on_change=quiet,
            )
        st.divider()
        # Bold by the container's style, not by markdown asterisks (a screen reader would read them out).
        with st.container(key=NONE_OF_THESE_KEY):
            st.checkbox(
                translate("widgets.flags.none", lang),
                value=bool(prefill.get("_none")),
                key=_key(prefix, qid, "_none"),
                on_change=quiet,
            )
    elif question.kind == "yes_no":
        options = yes_no_options(question)
        st.radio(
            label,
            options,
            index=options.index(prefill["choice"]) if prefill.get("choice") in options else None,
            format_func=lambda v: translate(f"widgets.answer.{v}", lang),
            key=_key(prefix, qid),
            label_visibility="collapsed",
            width="stretch",
            on_change=quiet,
        )
    elif question.kind == "intensities":
        names = {opt.value: opt.label(lang) for opt in question.options}

        def intensity(value: str) -> None:
            st.segmented_control(
                names[value],
                INTENSITIES,
                default=prefill.get(value, "none"),
                format_func=lambda v: intensity_label(v, lang),
                key=_key(prefix, qid, value),
                required=True,
                width="stretch",
                on_change=quiet,
            )

        shown = [o.value for o in question.options if not collapse_rarer or o.value not in RARER_SYMPTOMS]
        rarer = [o.value for o in question.options if o.value not in shown]
        for value in shown:
            intensity(value)
        if rarer:
            # The rarer ones behind one click, named in its label; open when one of them was answered.
            named = ", ".join(names[v].lower() for v in rarer)
            answered = any(prefill.get(v, "none") != "none" for v in rarer)
            with st.expander(translate("widgets.symptoms.more", lang, names=named), expanded=answered):
                for value in rarer:
                    intensity(value)
    elif question.kind == "number":
        st.number_input(
            translate("widgets.hours.label", lang),
            min_value=HOURS_MIN,
            max_value=HOURS_MAX,
            value=prefill.get("value"),
            step=1.0,
            format="%g",
            placeholder=translate("widgets.hours.placeholder", lang),
            key=_key(prefix, qid),
            on_change=quiet,
        )
    elif question.kind == "choice":
        values = [opt.value for opt in question.options]
        labels = {opt.value: opt.label(lang) for opt in question.options}
        choice = st.radio(
            label,
            values,
            index=values.index(prefill["choice"]) if prefill.get("choice") in values else None,
            format_func=lambda v: labels[v],
            key=_key(prefix, qid),
            label_visibility="collapsed",
            width="stretch",
            on_change="rerun" if "trajectory" in question.fields else quiet,
        )
        if "trajectory" in question.fields and asks_worsening_hours(choice):
            required = worsening_hours_required(choice)
            st.number_input(
                translate("widgets.worsening_hours.label" if required else "widgets.worsening_hours.optional", lang),
                min_value=HOURS_MIN,
                max_value=HOURS_MAX,
                value=prefill.get("worsening_hours"),
                step=1.0,
                format="%g",
                placeholder=translate("widgets.hours.placeholder", lang),
                key=_key(prefix, qid, "worsening_hours"),
                on_change=quiet,
            )
    elif question.kind == "pain":
        # Nothing preselected: an untouched 0 would read as "no pain", which is not the safer answer.
        for field in question.fields:
            with st.container(key=f"{PAIN_SCALE_KEY}-{field}"):  # laid out whole on a phone (ui/a11y.py)
                st.segmented_control(
                    translate(f"widgets.pain.{field}", lang),
                    list(range(PAIN_MIN, PAIN_MAX + 1)),
                    default=prefill.get(field),
                    key=_key(prefix, qid, field),
                    width="stretch",
                    on_change=quiet,
                )


def _hours(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if HOURS_MIN <= number <= HOURS_MAX else None


def read_question(question: Question, prefix: str) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """(answers for the engine, raw inputs for pre-filling, catalog keys of problems) of one question."""
    state = st.session_state
    qid = question.id
    field = question.fields[0]
    if question.kind == "flags":
        inputs = {opt.value: bool(state.get(_key(prefix, qid, opt.value))) for opt in question.options}
        inputs["_none"] = bool(state.get(_key(prefix, qid, "_none")))
        ticked = any(inputs[opt.value] for opt in question.options)
        if ticked and inputs["_none"]:
            return {}, inputs, ["widgets.error.flags_conflict"]
        if not ticked and not inputs["_none"]:
            return {}, inputs, ["widgets.error.flags_required"]
        return {field: {opt.value: inputs[opt.value] for opt in question.options}}, inputs, []
    if question.kind == "yes_no":
        choice = state.get(_key(prefix, qid))
        if choice is None:
            return {}, {}, ["widgets.error.choose"]
        return {field: yes_no_answer(question, choice)}, {"choice": choice}, []
    if question.kind == "intensities":
        inputs = {opt.value: state.get(_key(prefix, qid, opt.value)) or "none" for opt in question.options}
        return {field: dict(inputs)}, inputs, []
    if question.kind == "number":
        raw = state.get(_key(prefix, qid))
        hours = _hours(raw)
        if hours is None:
            return {}, {}, ["widgets.error.hours"]
        return {field: hours}, {"value": hours}, []
    if question.kind == "choice":
        choice = state.get(_key(prefix, qid))
        if choice is None:
            return {}, {}, ["widgets.error.choose"]
        answers: dict[str, Any] = {field: choice}
        inputs = {"choice": choice}
        if "trajectory" in question.fields:
            raw_hours = state.get(_key(prefix, qid, "worsening_hours")) if asks_worsening_hours(choice) else None
            given = _hours(raw_hours)
            worsening = worsening_hours_value(choice, given)
            if worsening is None or (raw_hours is not None and given is None):
                return {}, inputs, ["widgets.error.worsening_hours"]
            if given is not None:
                inputs["worsening_hours"] = given
            answers["worsening_hours"] = worsening
        return answers, inputs, []
    if question.kind == "pain":
        values = {f: state.get(_key(prefix, qid, f)) for f in question.fields}
        if any(value is None for value in values.values()):
            return {}, {f: v for f, v in values.items() if v is not None}, ["widgets.error.pain"]
        return dict(values), dict(values), []
    raise ValueError(f"unknown question kind {question.kind!r}")


# --- The consultation form (therapist) ---


def _question(qid: str, tree: DecisionTree = TREE) -> Question:
    return tree.questions[qid]


COMPACT_FORM_CSS = """
.st-key-KEY-compact div[data-testid="stVerticalBlock"] { gap: 0.4rem; }
.st-key-KEY-compact div[data-testid="stHorizontalBlock"] { row-gap: 0.4rem; }
.st-key-KEY-compact div[data-testid="stRadio"] label[data-testid="stRadioOption"] { margin-bottom: 0; }
.st-key-KEY-compact div[data-testid="stWidgetLabel"] p,
.st-key-KEY-compact div[data-testid="stMarkdownContainer"] p { font-size: 0.875rem; line-height: 1.35; }
.st-key-KEY-compact div[data-testid="stWidgetLabel"] { margin-bottom: 0.1rem; min-height: 1.2rem; }
"""


def consultation_form(
    lang: Language, key: str, slots: dict[str, Any] | None = None, known: str | None = None
) -> tuple[dict[str, Any], bool, list[str]]:
    """Every question of the reaction check in one form, in the therapist's wording.

    Returns (the report as entered, submitted?, catalog keys of problems the form itself finds).
    An unanswered choice or number is left out of the report, so validation names it as missing.
    Laid out in rows of four to six fields, so that on a laptop the whole form is one screen. When
    `slots` is a dict, it receives an empty placeholder under each field (by report field, plus
    "_form" above the button), where the page shows that field's problems. A page pre-fills a field
    by setting its key in session state first (e.g. `{key}.hours`). When every answer of the first row
    (treatment, hours, neck, fainting tendency) is pre-filled, `known` says them in one line, and the row
    is folded under it (open it to change one).
    """
    q = _question
    slots = {} if slots is None else slots
    # Half Streamlit's usual gaps inside this form (the app's own CSS, scoped by the container's key).
    st.html(f"<style>{COMPACT_FORM_CSS.replace('KEY', re.sub(r'[^A-Za-z0-9_-]', '', key))}</style>")
    with st.container(key=f"{key}-compact"), st.form(key, border=True):
        first_row = st.expander(known, icon=":material/edit:") if known else st.container()
        first, second, third, fourth = first_row.columns([2.2, 1, 1.3, 1])
        with first:
            treatment = _select(q("q_treatment"), lang, f"{key}.treatment", therapist=True, horizontal=True)
            slots["treatment"] = st.empty()
        with second:
            hours = st.number_input(
                q("q_hours").therapist_text(lang),
                min_value=HOURS_MIN,
                max_value=HOURS_MAX,
                value=None,
                step=1.0,
                format="%g",
                placeholder=translate("widgets.hours.placeholder", lang),
                key=f"{key}.hours",
            )
            slots["hours_since_treatment"] = st.empty()
        with third:  # nothing preselected: an untouched "no" would skip the neck's checks (F3, X2)
            neck = _yes_no(q("q_neck"), lang, f"{key}.neck")
            slots["neck_treatment"] = st.empty()
        # A checkbox is safe here: unticked counts as no known tendency, the answer that sends a faint to a
        # doctor (the tree's own reading of "not sure", F2).
        fainting = fourth.checkbox(q("q_fainting_tendency").therapist_text(lang), key=f"{key}.fainting")

        flags_question = q("q_red_flags")
        st.markdown(f"**{flags_question.therapist_text(lang)}**")
        columns = st.columns(4)
        flags = {
            opt.value: columns[i % 4].checkbox(opt.label(lang), key=f"{key}.flag.{opt.value}", wrap=True)
            for i, opt in enumerate(flags_question.options)
        }
        no_flags = columns[len(flags_question.options) % 4].checkbox(
            f"**{translate('widgets.flags.none', lang)}**", key=f"{key}.flag._none"
        )
        slots["red_flags"] = st.empty()

        symptoms_question = q("q_symptoms")
        st.markdown(f"**{symptoms_question.therapist_text(lang)}**")
        columns = st.columns(7)
        symptoms = {
            opt.value: columns[i % 7].selectbox(
                opt.label(lang),
                INTENSITIES,
                format_func=lambda v: intensity_label(v, lang),
                key=f"{key}.symptom.{opt.value}",
            )
            for i, opt in enumerate(symptoms_question.options)
        }

        pain_question = q("q_pain")
        before_column, now_column, hours_column, trajectory_column = st.columns([1, 1, 1, 3.2])
        # Numbers 0-10, nothing preselected (an untouched 0 would read as "no pain"): the whole scale at
        # once, in the width of one field.
        pain = {}
        for field, column in zip(pain_question.fields, (before_column, now_column), strict=True):
            with column:
                pain[field] = st.number_input(
                    translate(f"staff.pain.{field}", lang),
                    min_value=PAIN_MIN,
                    max_value=PAIN_MAX,
                    value=None,
                    step=1,
                    placeholder="0-10",
                    key=f"{key}.{field}",
                )
                slots[field] = st.empty()
        with hours_column:
            worsening = st.number_input(  # required when worsening; left empty, it is not taken as 0 hours
                translate("widgets.worsening_hours.therapist", lang),
                min_value=HOURS_MIN,
                max_value=HOURS_MAX,
                value=None,
                step=1.0,
                format="%g",
                key=f"{key}.worsening_hours",
            )
            slots["worsening_hours"] = st.empty()
        with trajectory_column:
            trajectory = _select(q("q_trajectory"), lang, f"{key}.trajectory", therapist=True, horizontal=True)
            slots["trajectory"] = st.empty()
        feels_column, new_column = st.columns([3, 2])
        with feels_column:
            feels_like = _select(q("q_feels_like"), lang, f"{key}.feels_like", therapist=True, horizontal=True)
            slots["feels_like"] = st.empty()
        with new_column:
            new_pain = _select(q("q_new_pain"), lang, f"{key}.new_pain", therapist=True, horizontal=True)
            slots["new_pain_elsewhere"] = st.empty()
        slots["_form"] = st.empty()
        submitted = st.form_submit_button(
            translate("widgets.consult.submit", lang), type="primary", width="stretch", icon=":material/assignment:"
        )

    raw: dict[str, Any] = {
        "hours_since_treatment": hours,
        "treatment": treatment,
        "neck_treatment": neck,
        "symptoms": symptoms,
        "red_flags": flags,
        "pain_before": pain["pain_before"],
        "pain_now": pain["pain_now"],
        "feels_like": feels_like,
        "trajectory": trajectory,
        "worsening_hours": worsening,
        "new_pain_elsewhere": new_pain,
        "known_fainting_tendency": fainting,
    }
    raw = {field: value for field, value in raw.items() if value is not None}
    problems = []
    # Hours of clear worsening count whatever the trajectory answer beside them (F4, logic/answers.py).
    worsening_hours = worsening_hours_value(trajectory, worsening)
    if worsening_hours is None:
        problems.append("widgets.error.worsening_hours")
    else:
        raw["worsening_hours"] = worsening_hours
    if any(flags.values()) and no_flags:
        problems.append("widgets.error.flags_conflict")
    elif not any(flags.values()) and not no_flags:
        problems.append("widgets.error.flags_required_therapist")
    return raw, submitted, problems


def _yes_no(question: Question, lang: Language, key: str) -> bool | None:
    """A yes/no question in the therapist's wording, with "not sure" where the tree says what it counts as;
    None until answered."""
    options = yes_no_options(question)
    choice = st.radio(
        question.therapist_text(lang),
        options,
        index=None,
        format_func=lambda v: translate(f"widgets.answer.{v}", lang),
        horizontal=True,
        key=key,
    )
    return None if choice is None else yes_no_answer(question, choice)


def _select(
    question: Question, lang: Language, key: str, therapist: bool = False, horizontal: bool = False
) -> str | None:
    """A choice as radio buttons, nothing chosen until answered: one click, every answer in view."""
    labels = {opt.value: opt.label(lang) for opt in question.options}
    return st.radio(
        question.therapist_text(lang) if therapist else question.text(lang),
        list(labels),
        index=None,
        format_func=lambda v: labels[v],
        horizontal=horizontal,
        key=key,
    )


def field_label(field: str, lang: Language, tree: DecisionTree = TREE) -> str:
    """A report field's name as the form shows it (e.g. `red_flags.dark_urine` -> "Mørk urin ...")."""
    head, _, tail = field.partition(".")
    if head == "worsening_hours":
        return translate("widgets.worsening_hours.therapist", lang)
    if head in ("pain_before", "pain_now"):
        return translate(f"widgets.pain.{head}", lang)
    for question in tree.questions.values():
        if head in question.fields:
            if tail:
                option = next((o for o in question.options if o.value == tail), None)
                if option:
                    return option.label(lang)
            return question.therapist_text(lang)
    return field


def field_errors(lines: list[str], lang: Language) -> list[str]:
    """`logic.errors.explain` lines with each field's dotted name replaced by its label in the form."""
    out = []
    for line in lines:
        field, sep, message = line.partition(": ")
        out.append(f"{field_label(field, lang)}: {message}" if sep else line)
    return out
