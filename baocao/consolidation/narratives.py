"""The units' narrative answers gathered under each heading of a round's outline: shown on the
consolidated pages and written under the draft's headings."""

import re

from baocao.catalogue.models import SectionKind
from baocao.collection.models import Submission, SubmissionText


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.lower()) if len(w) > 2}


SENT = (Submission.State.SENT, Submission.State.RECEIVED)


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
            best = next((s for s in sections if s.kind == SectionKind.RESULTS
                         and s.pk not in used and "kết quả" in heading.lower()), None)
        chosen = [t for t in texts if best and t.section_id == best.pk]
        if best:
            used.add(best.pk)
        groups.append({"heading": heading, "section": best, "texts": chosen})
    for section in sections:
        if section.pk not in used:
            groups.append({"heading": section.title, "section": section,
                           "texts": [t for t in texts if t.section_id == section.pk]})
    return groups
