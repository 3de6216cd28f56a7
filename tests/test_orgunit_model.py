from datetime import date

import pytest

from baocao.organisation.models import Kind, OrgUnit

from .conftest import make_unit


def test_path_lists_every_unit_after_its_parent(tree):
    codes = list(OrgUnit.objects.values_list("code", flat=True))
    assert codes[0] == "TAYHO"
    assert set(codes[1:]) == {u.code for k, u in tree.items() if k != "committee"}


def test_subtree_is_the_unit_and_its_descendants(tree):
    village = make_unit("BUOI-TDP1", "Tổ dân phố 1", Kind.EXTERNAL, tree["ward"])
    subtree = set(OrgUnit.objects.subtree_of(tree["ward"]).values_list("code", flat=True))
    assert subtree == {"TAYHO-BUOI", "BUOI-TDP1"}
    assert village.depth == 2
    assert village.committee() == tree["ward"]
    assert tree["office"].committee() == tree["committee"]


def test_moving_a_unit_moves_its_subtree(tree):
    village = make_unit("BUOI-TDP1", "Tổ dân phố 1", Kind.EXTERNAL, tree["ward"])
    ward = tree["ward"]
    ward.parent = tree["other_ward"]
    ward.save()
    village.refresh_from_db()
    assert village.path.startswith(tree["other_ward"].path)
    assert village.depth == 3
    assert village in OrgUnit.objects.subtree_of(tree["other_ward"])


def test_a_unit_cannot_go_under_its_own_descendant(tree):
    village = make_unit("BUOI-TDP1", "Tổ dân phố 1", Kind.EXTERNAL, tree["ward"])
    ward = tree["ward"]
    ward.parent = village
    with pytest.raises(ValueError):
        ward.save()


def test_an_ended_unit_keeps_its_history(tree):
    ward = tree["other_ward"]
    ward.active_to = date(2025, 6, 30)
    ward.save()
    assert ward not in OrgUnit.objects.active_on(date(2025, 7, 1))
    assert ward in OrgUnit.objects.active_on(date(2025, 6, 30))
    assert OrgUnit.objects.filter(code="TAYHO-NHATTAN").exists()
