"""No wait at signing: a saved version's PDFs are rendered in the background (the preview, and
the final text for each person who may sign it), kept under the hash of their HTML; signing and
issuing use them and render nothing while the draft's row is locked."""

import pytest
from django.db import connection

from baocao.documents import keys, render, structure
from baocao.documents.models import RenderedPdf
from baocao.drafting import editing, prerender, workflow
from baocao.drafting.models import Draft

PASSWORD = "Khoa-ky-2026"


@pytest.fixture
def signing(settings, users, tree):
    settings.BAOCAO_DIGITAL_SIGNATURES = True
    keys.new_demo_key(user=users["office_head"], common_name="Người office_head",
                      organisation="UBND quận Tây Hồ", password=PASSWORD.encode())
    keys.new_demo_key(committee=tree["committee"], common_name="UBND QUẬN TÂY HỒ",
                      organisation="UBND quận Tây Hồ",
                      password=keys.seal_password(tree["committee"]))


def at_sign(draft):
    Draft.objects.filter(pk=draft.pk).update(step=draft.regime.steps.get(code="sign"))
    draft.refresh_from_db()
    return draft


def test_saving_a_version_renders_it_in_the_background(settings, monthly_draft, users,
                                                        django_capture_on_commit_callbacks,
                                                        monkeypatch):
    settings.BAOCAO_PRERENDER = True
    done = []
    monkeypatch.setattr(prerender, "prerender", lambda pk: done.append(pk) or 0)
    monthly_draft.step = monthly_draft.regime.steps.get(code="review")
    monthly_draft.save()
    section = monthly_draft.sections.filter(kind="text").first()
    with django_capture_on_commit_callbacks(execute=True):
        editing.save_section(section, section.html + "<p>Thêm.</p>", users["office_head"],
                             revision=section.revision)
    assert done and set(done) == {monthly_draft.pk}
    settings.BAOCAO_PRERENDER = False
    done.clear()
    with django_capture_on_commit_callbacks(execute=True):
        section.refresh_from_db()
        editing.save_section(section, section.html + "<p>Nữa.</p>", users["office_head"],
                             revision=section.revision)
    assert not done


def test_the_background_job_renders_the_preview_and_each_signers_text(signing, monthly_draft,
                                                                     users):
    draft = at_sign(monthly_draft)
    assert prerender.prerender(draft.pk) == 2  # the preview, the office head's final text
    draft.refresh_from_db()
    assert draft.verification_code  # given with the final text, printed on it
    report = workflow.final_report(draft, users["office_head"])
    assert render.is_stored(report)
    assert RenderedPdf.objects.count() == 2
    assert prerender.prerender(draft.pk) == 2 and RenderedPdf.objects.count() == 2  # kept


def test_signing_and_issuing_render_nothing_once_rendered(signing, monthly_draft, users,
                                                         monkeypatch):
    draft = at_sign(monthly_draft)
    prerender.prerender(draft.pk)
    stored = RenderedPdf.objects.exclude(pdf=None).order_by("-pk").first()

    def refuse(*args, **kwargs):
        raise AssertionError("rendered at signing")

    monkeypatch.setattr(render, "_pdf_of", refuse)
    workflow.sign(draft, users["office_head"], password=PASSWORD)
    draft.refresh_from_db()
    finals = [bytes(r.pdf) for r in RenderedPdf.objects.all()]
    assert any(bytes(draft.signed_pdf).startswith(pdf) for pdf in finals)  # signed as rendered
    workflow.issue(draft, users["clerk"])
    assert draft.document.pdf and stored is not None


@pytest.mark.django_db(transaction=True)
def test_no_render_happens_inside_the_row_lock(signing, monthly_draft, users, monkeypatch):
    """Without the background job (not run yet), signing renders first, then locks."""
    draft = at_sign(monthly_draft)
    real = render._pdf_of
    inside = []

    def watch(source, variant=None):
        inside.append(connection.in_atomic_block)
        return real(source, variant)

    monkeypatch.setattr(render, "_pdf_of", watch)
    workflow.sign(draft, users["office_head"], password=PASSWORD)
    workflow.issue(draft, users["clerk"])
    assert inside and not any(inside)


def test_a_draft_changed_while_it_was_signed_is_refused(signing, monthly_draft, users,
                                                        monkeypatch):
    draft = at_sign(monthly_draft)
    real = workflow._prepare_signature

    def stale(*args, **kwargs):
        prepared = real(*args, **kwargs)
        return {**prepared, "version": prepared["version"] - 1}

    monkeypatch.setattr(workflow, "_prepare_signature", stale)
    with pytest.raises(workflow.WorkflowError, match="thay đổi trong lúc ký"):
        workflow.sign(draft, users["office_head"], password=PASSWORD)
    draft.refresh_from_db()
    assert draft.state == "open" and not draft.signed_pdf


def test_the_stored_pdf_is_shared_by_its_html(monthly_draft):
    report = structure.of_draft(monthly_draft)
    first = render.cached_pdf(report)
    assert RenderedPdf.objects.count() == 1
    assert render.cached_pdf(structure.of_draft(monthly_draft)) == first
    assert RenderedPdf.objects.count() == 1
