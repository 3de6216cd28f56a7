"""The units' narrative answers gathered under each heading of a round's outline: shown on the
consolidated pages and written under the draft's headings."""

import re

from baocao.catalogue.models import SectionKind
from baocao.collection.models import Submission, SubmissionText


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2}


SENT = (Submission.State.SENT, Submission.State.RECEIVED)

# The words by which a heading of the outline asks for a kind of section, when it shares no word
# with the section's title ("II. Tồn tại, hạn chế" asks for the units' "Khó khăn, vướng mắc").
KIND_WORDS = {
    SectionKind.DIFFICULTIES: ("tồn tại", "hạn chế", "khó khăn", "vướng mắc"),
    SectionKind.PROPOSALS: ("kiến nghị", "đề xuất", "đề nghị"),
    SectionKind.NEXT_PERIOD_TASKS: ("phương hướng", "nhiệm vụ", "giải pháp", "kế hoạch"),
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
NUMBERED = re.compile(r"^\s*([IVXL]+)\.\s")


def _by_kind(heading: str, sections, used):
    lower = heading.lower()
    for kind, words in KIND_WORDS.items():
        if any(w in lower for w in words):
            found = next((s for s in sections if s.kind == kind and s.pk not in used), None)
            if found is not None:
                return found
    return None


def _next_number(headings) -> str | None:
    """The next Roman number of an outline numbered I., II., III. (None if it is not)."""
    numbers = [NUMBERED.match(h).group(1) for h in headings if NUMBERED.match(h)]
    if not numbers or numbers[-1] not in ROMAN:
        return None
    index = ROMAN.index(numbers[-1]) + 1
    return ROMAN[index] if index < len(ROMAN) else None


def narrative_groups(rnd, unit, include_unsent: bool = False) -> list[dict]:
    """[{"heading", "section", "texts"}] in the order of the outline, then the form's sections
    that no heading took.  A heading takes the section whose title shares most words with it.
    Only the texts of reports sent (and not returned since), unless `include_unsent`."""
    texts = SubmissionText.objects.filter(
        submission__round=rnd, submission__unit__path__startswith=unit.path).exclude(html="")
    if not include_unsent:
        texts = texts.filter(submission__state__in=SENT)
    texts = list(texts.select_related("submission__unit", "section")
                 .order_by("section__sort_order", "submission__unit__path"))
    sections = list(rnd.form_version.sections.all())
    request = getattr(rnd, "request", None)
    headings = request.outline_headings() if request else []
    groups, used = [], set()
    for heading in headings:
        best = max(sections, key=lambda s: len(_words(s.title) & _words(heading)), default=None)
        if best is None or not _words(best.title) & _words(heading):
            best = _by_kind(heading, sections, used) or next(
                (s for s in sections if s.kind == SectionKind.RESULTS
                 and s.pk not in used and "kết quả" in heading.lower()), None)
        chosen = [t for t in texts if best and t.section_id == best.pk]
        if best:
            used.add(best.pk)
        groups.append({"heading": heading, "section": best, "texts": chosen})
    numbered = list(headings)
    for section in sections:
        if section.pk not in used:  # a section no heading asked for: a heading of its own,
            title = section.title   # numbered on from the outline's last (IV. Kiến nghị…)
            number = _next_number(numbered)
            if number:
                title = f"{number}. {title}"
                numbered.append(title)
            groups.append({"heading": title, "section": section,
                           "texts": [t for t in texts if t.section_id == section.pk]})
    return groups
