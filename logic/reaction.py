"""The reaction check: walk the one decision tree, for the questionnaire and for a full report."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import ENGINE_VERSION
from .conditions import Answers
from .models import Advice, Assessment, Language, ReactionReport, Reason
from .settings import ClinicSettings, get_settings
from .tree_data import TREE
from .tree_model import DecisionTree, Leaf, Question


@dataclass
class Walk:
    """Where the answers so far lead: the path, and either the next question or the leaf."""

    path: list[str] = field(default_factory=list)
    question: Question | None = None
    leaf: Leaf | None = None

    @property
    def done(self) -> bool:
        return self.leaf is not None


def walk(answers: Answers, settings: ClinicSettings | None = None, tree: DecisionTree = TREE) -> Walk:
    """Follow the tree as far as the answers go.

    A node whose question is not answered yet stops the walk and becomes the next question, so the
    questionnaire asks only questions on the path, in the tree's order (red flags at the root).
    """
    settings = settings or get_settings()
    result = Walk()
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


def _fill(text: str, settings: ClinicSettings) -> str:
    return text.format(
        emergency=settings.emergency_phone, doctor=settings.doctor_phone, hours=f"{settings.strong_worsening_hours:g}"
    )


def assessment_for(
    result: Walk, lang: Language = "en", settings: ClinicSettings | None = None, tree: DecisionTree = TREE
) -> Assessment:
    """The assessment of a finished walk: level, reasons, advice and path."""
    if result.leaf is None:
        raise ValueError("the answers do not reach a result yet")
    settings = settings or get_settings()
    leaf = result.leaf
    advice = tree.advice[leaf.level]
    recheck = getattr(settings, advice.recheck_setting) if advice.recheck_setting else advice.recheck_after_hours
    return Assessment(
        level=leaf.level,
        progress_sign=leaf.progress_sign,
        reasons=[Reason(statement_ids=list(leaf.statement_ids), text=leaf.reason(lang))],
        advice=Advice(
            now=_fill(advice.now(lang), settings),
            escalate_if=[_fill(item.text(lang), settings) for item in advice.escalate_if],
            recheck_after_hours=recheck,
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
