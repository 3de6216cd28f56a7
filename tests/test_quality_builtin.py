"""BM.07.01 ships with the installation (a data migration): its computed indicators, the form
under the quality regime with its narrative sections, the management review's regime and the
standard survey questions; an older form of that code gets a new version; loading twice changes
nothing."""

from baocao.catalogue.models import (
    FormRow,
    FormSection,
    FormVersion,
    Indicator,
    Regime,
    ReportForm,
    Sector,
)
from baocao.core import registry
from baocao.quality import builtin
from baocao.quality.models import SurveyQuestion


def test_a_fresh_installation_has_bm0701(db):
    """The migrated test database, as `baocao migrate` leaves a new installation."""
    form = ReportForm.objects.get(code="BM.07.01")
    assert form.regime.code == "quality" and form.name == builtin.FORM_NAME
    version = form.current_version()
    assert version.state == "approved"
    rows = FormRow.objects.filter(table__version=version, indicator__isnull=False)
    codes = sorted(r.indicator.code for r in rows)
    assert codes == [f"QL{n:02d}" for n in range(1, 21)] and all(r.required for r in rows)
    assert [s.kind for s in version.sections.all()] == ["free", "difficulties",
                                                        "next_period_tasks"]
    derived = Indicator.objects.get(code="QL06")
    assert derived.formula == "100 * QL05 / QL04" and derived.value_type == "percent"
    assert all(registry.is_computed(r.indicator) != r.indicator.is_derived for r in rows)
    steps = list(Regime.objects.get(code="management_review").steps.values_list("code", "role"))
    assert steps == [("draft", "qmr"), ("sign", "leader"), ("issue", "clerk"),
                     ("file", "clerk")]
    assert SurveyQuestion.objects.filter(is_overall=True).count() == 1


def test_an_older_form_of_the_same_code_gets_a_new_version(db):
    ReportForm.objects.filter(code="BM.07.01").delete()  # as before the migration
    quality = Regime.objects.get(code="quality")
    old = ReportForm.objects.create(code="BM.07.01", name="Biểu cũ", regime=quality)
    FormVersion.objects.create(form=old, number=1, state="approved")
    builtin.load_current()
    builtin.load_current()
    assert list(old.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert old.current_version().number == 2
    assert FormSection.objects.filter(version__form=old).count() == 3
    assert Sector.objects.filter(code="quality").count() == 1
