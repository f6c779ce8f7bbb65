"""The shape of the decision tree: questions, nodes, leaves and the advice of each level."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .conditions import Condition
from .models import Level, Text

_frozen = ConfigDict(frozen=True, extra="forbid")


class Option(BaseModel):
    model_config = _frozen
    value: str
    label: Text


class Question(BaseModel):
    """What the questionnaire asks; one question may serve several nodes and is asked once."""

    model_config = _frozen
    id: str
    kind: Literal["flags", "yes_no", "intensities", "number", "choice", "pain"]
    fields: list[str]
    text: Text
    therapist_text: Text
    options: list[Option] = Field(default_factory=list)
    statement_ids: list[str]
    # For a yes/no question that offers "not sure": the answer it counts as, always the safer one.
    unsure_means: bool | None = None


class Branch(BaseModel):
    model_config = _frozen
    when: Condition
    to: str
    label: Text


class Node(BaseModel):
    """An inner node: its branches are tried in order, the first that holds is taken."""

    model_config = _frozen
    id: str
    question: str
    label: Text
    statement_ids: list[str]
    branches: list[Branch]
    otherwise: str
    otherwise_label: Text = Text(da="Ellers", en="Otherwise")

    def reads(self) -> set[str]:
        """Every answer field this node's branches look at."""
        return set().union(*(b.when.fields() for b in self.branches))

    def edges(self) -> list[tuple[str, Text]]:
        return [(b.to, b.label) for b in self.branches] + [(self.otherwise, self.otherwise_label)]


class Leaf(BaseModel):
    model_config = _frozen
    id: str
    level: Level
    label: Text
    reason: Text
    statement_ids: list[str]
    progress_sign: bool = False


class Criterion(BaseModel):
    """A criterion of the source that, where it holds, is among the reasons whatever leaf the walk ends at.

    The walk ends at the first branch that holds; a criterion makes every other one that also holds
    visible (E2 and E3 together, for example), so no deciding statement goes uncited."""

    model_config = _frozen
    id: str
    when: Condition
    reason: Text
    statement_ids: list[str]


class Escalation(BaseModel):
    model_config = _frozen
    text: Text
    statement_ids: list[str]


class LevelAdvice(BaseModel):
    model_config = _frozen
    now: Text
    escalate_if: list[Escalation]
    recheck_after_hours: float | None = None
    recheck_setting: str | None = None  # a clinic default that gives the recheck time instead
    # The recheck falls at a limit measured from the treatment (E2's two days), counted from now.
    recheck_at_hours_after_treatment: float | None = None
    phone: Literal["emergency_phone", "doctor_phone"] | None = None
    statement_ids: list[str]


class DecisionTree(BaseModel):
    model_config = _frozen
    root: str
    questions: dict[str, Question]
    nodes: dict[str, Node]
    leaves: dict[str, Leaf]
    advice: dict[Level, LevelAdvice]
    criteria: list[Criterion] = Field(default_factory=list)
    # Criteria are added to the reasons only up to this level; above it the red flag speaks alone.
    criteria_up_to: Level = Level.contact_therapist

    @model_validator(mode="after")
    def _wired(self) -> DecisionTree:
        ids = set(self.nodes) | set(self.leaves)
        problems = [f"{n.id} -> {to}" for n in self.nodes.values() for to, _ in n.edges() if to not in ids]
        problems += [
            f"{n.id} asks unknown {n.question}" for n in self.nodes.values() if n.question not in self.questions
        ]
        problems += [f"no advice for {lvl.value}" for lvl in Level if lvl not in self.advice]
        if self.root not in self.nodes:
            problems.append(f"root {self.root} is not a node")
        if problems:
            raise ValueError("decision tree is miswired: " + "; ".join(problems))
        return self

    def children(self, node_id: str) -> list[str]:
        node = self.nodes.get(node_id)
        return [to for to, _ in node.edges()] if node else []
