"""A regime's workflow as a picture: the steps top to bottom, forward arrows between neighbours,
returns on the right, repeats and skips forward on the left.  Laid out here, drawn as SVG by the
template `catalogue/workflow_diagram.svg`."""

import textwrap
from dataclasses import dataclass, field

BOX_W, BOX_H, GAP, LEFT = 430, 62, 46, 190
LINE_CHARS = 58


@dataclass
class Box:
    x: int
    y: int
    lines: list[str]
    role: str
    ref: str
    final: bool
    w: int = BOX_W
    h: int = BOX_H


@dataclass
class Arrow:
    path: str
    label: str
    label_x: int
    label_y: int
    kind: str  # forward, back, loop, skip
    anchor: str = "start"


@dataclass
class Diagram:
    width: int
    height: int
    boxes: list[Box] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)


def layout(steps) -> Diagram:
    """steps: WorkflowStep objects in order, with transitions prefetched."""
    steps = list(steps)
    index = {step.pk: i for i, step in enumerate(steps)}
    diagram = Diagram(width=LEFT + BOX_W + 260, height=len(steps) * (BOX_H + GAP) + 20)
    for i, step in enumerate(steps):
        lines = textwrap.wrap(f"{step.order // 10 or step.order}. {step.name}", LINE_CHARS)[:2]
        diagram.boxes.append(Box(LEFT, 10 + i * (BOX_H + GAP), lines,
                                 step.get_role_display(), step.seed_reference, step.is_final))
    back_lane = skip_lane = 0
    for i, step in enumerate(steps):
        box = diagram.boxes[i]
        for transition in step.transitions.all():
            j = index.get(transition.to_step_id)
            if j is None:
                continue
            target = diagram.boxes[j]
            label = transition.get_action_display()
            cx = box.x + box.w // 2
            if j == i + 1:
                diagram.arrows.append(Arrow(
                    f"M{cx},{box.y + box.h} L{cx},{target.y - 3}", label, cx + 8,
                    box.y + box.h + GAP // 2 + 4, "forward"))
            elif j == i:  # a loop on the left: the step repeats (edit in place)
                left = box.x
                diagram.arrows.append(Arrow(
                    f"M{left},{box.y + 14} C{left - 46},{box.y - 4} {left - 46},"
                    f"{box.y + box.h + 4} {left - 3},{box.y + box.h - 14}",
                    label, left - 50, box.y + box.h // 2 + 4, "loop", "end"))
            elif j < i:
                back_lane += 1
                right, reach = box.x + box.w, box.x + box.w + 60 + 28 * (back_lane % 5)
                y1, y2 = box.y + box.h // 2 + 8, target.y + target.h // 2 - 8
                diagram.arrows.append(Arrow(
                    f"M{right},{y1} C{reach},{y1} {reach},{y2} {right + 3},{y2}",
                    label, reach - 10, (y1 + y2) // 2, "back"))
            else:
                skip_lane += 1
                left, reach = box.x, box.x - 50 - 26 * (skip_lane % 5)
                y1, y2 = box.y + box.h // 2, target.y + target.h // 2
                diagram.arrows.append(Arrow(
                    f"M{left},{y1} C{reach},{y1} {reach},{y2} {left - 3},{y2}",
                    label, reach + 10, (y1 + y2) // 2, "skip", "end"))
    return diagram
