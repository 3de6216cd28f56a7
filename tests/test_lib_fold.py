"""baocao.lib.fold: Vietnamese searched without its marks, in any case, the same in Python and
in the database (PostgreSQL's translate(), SQLite's registered function)."""

import pytest

from baocao.lib.fold import MARKED, PLAIN, Folded, fold
from baocao.organisation.models import Kind, OrgUnit


def test_fold_takes_the_marks_and_the_case_away():
    assert fold("Phường BƯỞI") == "phuong buoi"
    assert fold("Đồng Xuân, ĐÔNG ANH") == "dong xuan, dong anh"
    assert fold("Nghĩa Đô · Quảng An") == "nghia do · quang an"
    assert len(MARKED) == len(PLAIN) == 134 and set(PLAIN) <= set("aeiouyd")


@pytest.mark.django_db
def test_the_database_folds_every_letter_as_python_does():
    OrgUnit.objects.create(code="X", name=MARKED, kind=Kind.WARD, path="X")
    folded = OrgUnit.objects.annotate(f=Folded("name")).values_list("f", flat=True).get()
    assert folded == fold(MARKED) == PLAIN.lower()
