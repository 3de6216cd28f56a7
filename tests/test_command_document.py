"""baocao document render ID --format pdf: the stored, signed PDF of an issued document (it
verifies); --unsigned renders a copy anew from its text; --draft a draft's latest version."""

import io

import pytest
from django.core.management import CommandError, call_command

from baocao.documents import keys
from baocao.documents.models import Document
from baocao.drafting import workflow

PASSWORD = "Khoa-ky-2026"


@pytest.fixture
def issued(settings, users, tree, recipients, monthly_draft):
    settings.BAOCAO_DIGITAL_SIGNATURES = True
    keys.new_demo_key(user=users["office_head"], common_name="Người office_head",
                      organisation="UBND quận Tây Hồ", password=PASSWORD.encode())
    keys.new_demo_key(committee=tree["committee"], common_name="UBND QUẬN TÂY HỒ",
                      organisation="UBND quận Tây Hồ",
                      password=keys.seal_password(tree["committee"]))
    monthly_draft.step = monthly_draft.regime.steps.get(code="sign")
    monthly_draft.save()
    workflow.act(monthly_draft, "sign", users["office_head"], password=PASSWORD)
    workflow.act(monthly_draft, "issue", users["clerk"], recipients=recipients)
    return Document.objects.get(draft=monthly_draft)


def test_the_pdf_of_an_issued_document_is_the_signed_one_and_verifies(issued, tmp_path,
                                                                      capsys):
    path = tmp_path / "bc.pdf"
    call_command("document", "render", str(issued.pk), "--format", "pdf", "--output", str(path))
    assert path.read_bytes() == bytes(issued.pdf)
    call_command("document", "verify", str(path))
    out = capsys.readouterr().out
    assert "HỢP LỆ" in out and "chỉ điền số và ngày sau khi ký" in out
    assert "Chữ ký số của người có thẩm quyền" in out and "Chữ ký số của cơ quan" in out


def test_unsigned_renders_a_copy_anew_that_does_not_verify(issued, tmp_path):
    from pypdf import PdfReader

    path = tmp_path / "copy.pdf"
    call_command("document", "render", str(issued.pk), "--format", "pdf", "--unsigned",
                 "--output", str(path))
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and data != bytes(issued.pdf)
    assert not PdfReader(io.BytesIO(data)).get_fields()  # no signature, no field
    with pytest.raises(CommandError):
        call_command("document", "verify", str(path))


def test_several_files_are_checked_each_and_the_failures_named(issued, tmp_path, capsys):
    """`verify A.pdf B.pdf …` (after a restore, every issued PDF at once): each file under its
    name, all of them checked, a non-zero exit naming those that fail."""
    good, other, copy = tmp_path / "bc.pdf", tmp_path / "bc-2.pdf", tmp_path / "copy.pdf"
    good.write_bytes(bytes(issued.pdf))
    other.write_bytes(bytes(issued.pdf))
    call_command("document", "verify", str(good), str(other))
    out = capsys.readouterr().out
    assert f"== {good}" in out and f"== {other}" in out and "Cả 2 tệp đều hợp lệ" in out
    call_command("document", "render", str(issued.pk), "--format", "pdf", "--unsigned",
                 "--output", str(copy))
    with pytest.raises(CommandError) as refused:
        call_command("document", "verify", str(good), str(copy), str(other))
    assert str(refused.value) == f"1/3 tệp KHÔNG HỢP LỆ: {copy}"
    out = capsys.readouterr().out
    assert out.count("HỢP LỆ: các chữ ký số") == 2  # the two good ones, checked before and after


def test_other_formats_and_a_draft(issued, monthly_draft, tmp_path, users):
    from baocao.drafting import building

    path = tmp_path / "bc.docx"
    call_command("document", "render", str(issued.pk), "--format", "docx", "--output", str(path))
    assert path.read_bytes().startswith(b"PK")
    correction = building.correction_of(issued, users["compiler"])
    path = tmp_path / "draft.pdf"
    call_command("document", "render", str(correction.pk), "--draft", "--format", "pdf",
                 "--output", str(path))
    assert path.read_bytes().startswith(b"%PDF")


def test_an_unknown_id_is_refused(db):
    with pytest.raises(CommandError, match="list"):
        call_command("document", "render", "999", "--format", "pdf", "--output", "-")
