"""Form versions: drafted, approved by the chair (the committee's forms), then used; never changed
after.  Who approves which form: tests/security/test_authority.py."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from baocao.audit.models import Event
from baocao.catalogue import forms
from baocao.catalogue.models import FormRow, FormSection, FormTable, FormVersion


def test_a_new_version_copies_the_newest(catalogue, users):
    v3 = forms.new_version(catalogue["form"], users["admin"], note="Thêm chỉ tiêu")
    assert v3.number == 3 and v3.state == "draft"
    assert FormRow.objects.filter(table__version=v3).count() == 4
    assert v3.sections.count() == 1
    assert Event.objects.filter(action="formversion.create", object_id=str(v3.pk)).exists()


def test_the_chair_approves(catalogue, users):
    version = forms.approve(catalogue["v2"], users["leader"])
    assert version.state == "approved" and version.approved_by == users["leader"]
    assert Event.objects.filter(action="formversion.approve").count() == 1
    assert catalogue["form"].current_version() == version


@pytest.mark.parametrize("name", ["reporter", "compiler", "admin", "clerk", "head"])
def test_others_cannot_approve(catalogue, users, name):
    with pytest.raises(PermissionDenied):
        forms.approve(catalogue["v2"], users[name])
    catalogue["v2"].refresh_from_db()
    assert catalogue["v2"].state == "draft"


def test_approving_twice_fails_the_second_time(catalogue, users):
    forms.approve(catalogue["v2"], users["leader"])
    with pytest.raises(ValidationError):
        forms.approve(catalogue["v2"], users["leader"])
    assert FormVersion.objects.get(pk=catalogue["v2"].pk).approved_by == users["leader"]


def test_an_empty_version_is_not_approved(catalogue, users):
    empty = FormVersion.objects.create(form=catalogue["form"], number=9)
    with pytest.raises(ValidationError):
        forms.approve(empty, users["leader"])


def test_an_approved_or_used_version_refuses_edits(catalogue, users):
    v1 = catalogue["v1"]
    forms.mark_used(v1)
    assert FormVersion.objects.get(pk=v1.pk).state == "used"
    table = v1.tables.get()
    row = table.rows.exclude(indicator=None).first()
    row.required = False
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError):
        row.delete()
    with pytest.raises(ValidationError):
        FormTable.objects.create(version=v1, title="Thêm", columns=["actual"])
    with pytest.raises(ValidationError):
        FormSection.objects.create(version=v1, kind="free", title="Thêm")


def test_only_an_approved_version_is_used(catalogue):
    with pytest.raises(ValidationError):
        forms.mark_used(catalogue["v2"])
