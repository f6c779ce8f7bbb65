"""The reaction check: walk the one decision tree, for the questionnaire and for a full report."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import ENGINE_VERSION
from .conditions import Answers
from .models import Advice, Assessment, Language, ReactionReport, Reason
from .settings import ClinicSettings, get_settings
from .tree_data import TREE
from .tree_model import DecisionTree, Leaf, LevelAdvice, Question


@dataclass
class Walk:
    """Where the answers so far lead: the path, and either the next question or the leaf."""

    path: list[str] = field(default_factory=list)
    question: Question | None = None
    leaf: Leaf | None = None
    answers: Answers = field(default_factory=dict)  # what the walk was made with

    @property
    def done(self) -> bool:
        return self.leaf is not None


def walk(answers: Answers, settings: ClinicSettings | None = None, tree: DecisionTree = TREE) -> Walk:
    """Follow the tree as far as the answers go.

    A node whose question is not answered yet stops the walk and becomes the next question, so the
    questionnaire asks only questions on the path, in the tree's order (red flags at the root).
    """
    settings = settings or get_settings()
    result = Walk(answers=answers)
    current = tree.root
    while current in tree.nodes:
        node = tree.nodes[current]
        result.path.append(current)
        question = tree.questions[node.question]
        if any(f not in answers for f in question.fields):
            result.question = question
            return result
        current = next((b.to for b in node.branches if b.when.holds(answers, settings)), node.otherwise)
    result.path.append(current)
    result.leaf = tree.leaves[current]
    return result


def next_question(answers: Answers, settings: ClinicSettings | None = None) -> Question | None:
    """The next question to ask, or None when the answers reach a leaf."""
    return walk(answers, settings).question


def recheck_hours(advice: LevelAdvice, answers: Answers, settings: ClinicSettings) -> float | None:
    """When to check again, counted from now (interfaces.md).

    A limit measured from the treatment (E2's two days) falls at that limit, never sooner than the
    clinic's minimum; where the hours are not known the whole limit is given."""
    if advice.recheck_setting:
        return float(getattr(settings, advice.recheck_setting))
    if advice.recheck_at_hours_after_treatment is not None:
        hours = answers.get("hours_since_treatment")
        remaining = advice.recheck_at_hours_after_treatment - (hours if hours is not None else 0)
        return round(max(remaining, settings.min_recheck_hours), 1)
    return advice.recheck_after_hours


def concurrent_reasons(
    leaf: Leaf, answers: Answers, lang: Language, settings: ClinicSettings, tree: DecisionTree
) -> list[Reason]:
    """The criteria that hold beside the leaf's own, each once, where the leaf does not cite them yet."""
    if leaf.level.rank > tree.criteria_up_to.rank:
        return []
    cited = set(leaf.statement_ids)
    reasons = []
    for criterion in tree.criteria:
        if any(f not in answers for f in criterion.when.fields()) or set(criterion.statement_ids) <= cited:
            continue
        if criterion.when.holds(answers, settings):
            cited.update(criterion.statement_ids)
            text = settings.fill(criterion.reason(lang), lang)
            reasons.append(Reason(statement_ids=list(criterion.statement_ids), text=text))
    return reasons


def assessment_for(
    result: Walk,
    lang: Language = "en",
    settings: ClinicSettings | None = None,
    tree: DecisionTree = TREE,
) -> Assessment:
    """The assessment of a finished walk: level, reasons, advice and path.

    The walk's answers give the recheck time and the criteria that hold beside the leaf's own."""
    if result.leaf is None:
        raise ValueError("the answers do not reach a result yet")
    settings = settings or get_settings()
    answers = result.answers
    leaf = result.leaf
    advice = tree.advice[leaf.level]
    reasons = [Reason(statement_ids=list(leaf.statement_ids), text=settings.fill(leaf.reason(lang), lang))]
    reasons += concurrent_reasons(leaf, answers, lang, settings, tree)
    return Assessment(
        level=leaf.level,
        progress_sign=leaf.progress_sign,
        reasons=reasons,
        advice=Advice(
            now=settings.fill(advice.now(lang), lang),
            escalate_if=[settings.fill(item.text(lang), lang) for item in advice.escalate_if],
            recheck_after_hours=recheck_hours(advice, answers, settings),
            phone=getattr(settings, advice.phone) if advice.phone else None,
            statement_ids=sorted(
                set(advice.statement_ids).union(*(item.statement_ids for item in advice.escalate_if)),
                key=advice_order,
            ),
        ),
        path=result.path,
        leaf=leaf.id,
        engine_version=ENGINE_VERSION,
    )


def advice_order(statement_id: str) -> tuple[str, int]:
    return statement_id[0], int(statement_id[1:])


def assess(report: ReactionReport, lang: Language = "en", settings: ClinicSettings | None = None) -> Assessment:
    """Classify a complete reaction report (interfaces.md section 1)."""
    return assessment_for(walk(report.model_dump(mode="json"), settings), lang, settings)
