"""How fast is a 30-page report rendered, signed and issued?  In one run, on this machine:

1. the 30-page PDF (WeasyPrint, PDF/A-2b as issued) beside LibreOffice's conversion of the same
   report's DOCX to PDF (`libreoffice --headless --convert-to pdf`, its start included, a warm
   profile of its own), interleaved run by run, with the ratio (goal: no slower, ratio ≤ 1);
2. the DOCX and XLSX renders;
3. signing and issuing the report through the domain functions (`workflow.sign` with the
   signer's key password, `workflow.issue` by the clerk: PAdES signature with the signature
   image, the number and date written in, the committee's seal), after the background job has
   rendered the PDF (`drafting.prerender`, timed apart).  Goal: sign + issue under 1 s.

    .venv/bin/python bench/render.py [--pages 30] [--runs 3]

The report is the shape of the demo's monthly report, grown until its PDF has the pages asked:
the sectors' sentences under the outline's headings and one appendix table per sector.  The
signing part makes its own database (a temporary SQLite file) with a committee, its office, a
signer, a clerk, their keys and images.  Figures are medians; this 2-core virtual machine's
speed moves from hour to hour, so a fixed pure-Python loop's time is printed beside them.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SECTORS = ["Tài chính - Ngân sách", "Kinh tế, thương mại, dịch vụ", "Quản lý đô thị",
           "Văn hóa và Thông tin", "Giáo dục và Đào tạo", "Y tế", "Lao động - Thương binh và "
           "Xã hội", "Tài nguyên và Môi trường", "Nội vụ", "Tư pháp", "An ninh, trật tự",
           "Quốc phòng, quân sự địa phương"]
SENTENCE = ("Tổng thu ngân sách nhà nước trên địa bàn tháng 10 đạt 395,3 tỷ đồng; lũy kế 10 tháng "
            "đạt 3.432,9 tỷ đồng, bằng 81,7% kế hoạch năm, giảm 1,4% so với cùng kỳ.")
PASSWORD = "Bench-2026"


def sections(scale: int) -> list[dict]:
    out = [{"heading": "I. Kết quả thực hiện nhiệm vụ", "level": 1,
            "html": "<p>Nhìn chung, tình hình kinh tế - xã hội tháng 10 tiếp tục ổn định và có "
                    "bước phát triển.</p>"}]
    for sector in SECTORS:
        out.append({"heading": sector, "level": 2, "html": f"<p><strong>{sector}</strong></p>"
                    + "".join(f"<p>{SENTENCE}</p>" for _ in range(scale))})
    out.append({"heading": "II. Tồn tại, hạn chế", "level": 1, "html": "<ul>" + "".join(
        f"<li>Hạn chế thứ {i}: thủ tục còn phức tạp, nhân lực còn thiếu.</li>"
        for i in range(1, 6)) + "</ul>"})
    for sector in SECTORS:
        rows = "".join(
            f"<tr><td>Chỉ tiêu {i} của {sector.lower()}</td><td>tỷ đồng</td><td class=\"num\">"
            f"1.234,5</td><td class=\"num\">12.345,6</td><td class=\"num\">15.000,0</td>"
            f"<td class=\"num\">82,3</td><td class=\"num\">104,1</td></tr>"
            for i in range(1, scale + 3))
        out.append({"heading": f"Phụ lục: {sector}", "level": 1, "kind": "appendix",
                    "html": "<table><thead><tr><th>Chỉ tiêu</th><th>Đơn vị tính</th>"
                            "<th>Thực hiện kỳ</th><th>Lũy kế</th><th>Kế hoạch năm</th>"
                            "<th>% kế hoạch</th><th>% cùng kỳ</th></tr></thead>"
                            f"<tbody>{rows}</tbody></table>"})
    return out


def report(scale: int):
    from baocao.documents.structure import Report, Section

    return Report(
        issuer_lines=["ỦY BAN NHÂN DÂN", "QUẬN TÂY HỒ"], number_line="Số: 125/BC-UBND",
        date_line="Tây Hồ, ngày 05 tháng 11 năm 2026", title="BÁO CÁO",
        summary="Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng - "
                "an ninh tháng 10 năm 2026",
        sections=[Section(s["heading"], s["level"], s["html"], s.get("kind", "text"))
                  for s in sections(scale)],
        signature_lines=["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"], signer_name="Vũ Thị Lan",
        recipients=["Thường trực Quận ủy", "Thường trực HĐND quận", "UBND thành phố Hà Nội"],
        filing_line="Lưu: VT, VP.", is_draft=False, version=7, reference="125/BC-UBND",
        verification_code="ABCDEFGHJK", symbol="BC-UBND", place="Tây Hồ",
        issuer="Ủy ban nhân dân quận Tây Hồ")


def pages(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def median_of(function, runs: int) -> tuple[float, object]:
    function()  # warm-up: fonts, templates
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def calibration() -> float:
    """Seconds for a fixed pure-Python workload (best of 3)."""
    def work():
        total = 0
        for i in range(3_000_000):
            total += i % 7
        return total

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def libreoffice(docx: bytes, profile: str) -> float:
    """Seconds LibreOffice takes to turn the DOCX into a PDF (its start included)."""
    folder = tempfile.mkdtemp()
    source = Path(folder) / "bao-cao.docx"
    source.write_bytes(docx)
    start = time.perf_counter()
    subprocess.run(["libreoffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", folder, str(source)],
                   check=True, capture_output=True, timeout=300)
    seconds = time.perf_counter() - start
    made = Path(folder) / "bao-cao.pdf"
    count = pages(made.read_bytes())
    shutil.rmtree(folder, ignore_errors=True)
    return seconds, count


def side_by_side(the_report, runs: int):
    """The PDF render and LibreOffice's conversion of the same DOCX, interleaved."""
    from baocao.documents import render

    source = render.html(the_report)
    docx = render.docx(the_report)
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    render._pdf_of(source, render.ARCHIVAL)
    libreoffice(docx, profile)  # its first start makes the profile
    ours, theirs, lo_pages = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        data, _boxes = render._pdf_of(source, render.ARCHIVAL)
        ours.append(time.perf_counter() - start)
        seconds, lo_pages = libreoffice(docx, profile)
        theirs.append(seconds)
    shutil.rmtree(profile, ignore_errors=True)
    return statistics.median(ours), statistics.median(theirs), data, lo_pages


# --- signing and issuing through the domain functions ---------------------------------------

def signing_setup():
    """A committee, its office, a signer, a clerk and a compiler, their keys and images, in a
    database of the bench's own."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from baocao.documents import images, keys
    from baocao.documents.models import Recipient
    from baocao.organisation.models import Kind, Membership, OrgUnit, Role, User

    committee = OrgUnit(code="BENCH", name="Quận Tây Hồ", kind=Kind.DISTRICT)
    committee.save()
    office = OrgUnit(code="BENCH-VP", name="Văn phòng HĐND và UBND quận", kind=Kind.OFFICE,
                     parent=committee)
    office.save()
    people = {}
    for username, name, role, position in (
            ("tonghop", "Nguyễn Thu Hà", Role.COMPILER, "Chuyên viên tổng hợp"),
            ("chanhvanphong", "Vũ Thị Lan", Role.HEAD, "Chánh Văn phòng"),
            ("vanthu", "Trần Văn Bình", Role.CLERK, "Văn thư")):
        user = User.objects.create_user(username, password=PASSWORD, full_name=name)
        Membership.objects.create(user=user, unit=office, role=role, position=position)
        people[username] = user
    keys.new_demo_key(user=people["chanhvanphong"], common_name="Vũ Thị Lan",
                      organisation="UBND quận Tây Hồ", password=PASSWORD.encode(),
                      title="Chánh Văn phòng")
    keys.new_demo_key(committee=committee, common_name="UBND QUẬN TÂY HỒ",
                      organisation="UBND quận Tây Hồ", password=keys.seal_password(committee))
    images.set_signature_image(people["chanhvanphong"], images.demo_signature("Vũ Thị Lan"),
                               actor=None, via="bench")
    images.set_seal_image(committee, images.demo_seal("Ủy ban nhân dân quận Tây Hồ",
                                                      "TP. Hà Nội"), actor=None, via="bench")
    for order, name in enumerate(("Thường trực Quận ủy", "Thường trực HĐND quận"), start=1):
        Recipient.objects.create(committee=committee, name=name, sort_order=order)
    return people, office


def sign_and_issue(people, office, scale: int, runs: int):
    from django.test.utils import override_settings

    from baocao.catalogue.models import Regime
    from baocao.drafting import editing, prerender, workflow
    from baocao.drafting.models import Draft

    regime = Regime.objects.get(code="monthly")
    sign_step = regime.steps.get(code="sign")
    background, signing, issuing, total, page_count = [], [], [], [], 0
    with override_settings(BAOCAO_DIGITAL_SIGNATURES=True, BAOCAO_COMMITTEE_CODE="BENCH"):
        for run in range(runs + 1):
            draft = editing.create_draft(
                regime=regime, lead_unit=office, title=f"Báo cáo tháng 10 năm 2026 ({run})",
                summary="Kết quả thực hiện nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc "
                        "phòng - an ninh tháng 10 năm 2026", sections=sections(scale),
                actor=people["tonghop"])
            Draft.objects.filter(pk=draft.pk).update(step=sign_step)
            start = time.perf_counter()
            prerender.prerender(draft.pk)  # what the background job does on saving
            rendered = time.perf_counter() - start
            draft.refresh_from_db()
            start = time.perf_counter()
            workflow.sign(draft, people["chanhvanphong"], password=PASSWORD)
            signed = time.perf_counter() - start
            workflow.issue(draft, people["vanthu"])
            done = time.perf_counter() - start
            if run == 0:
                continue  # warm-up: pyHanko's imports, the fonts
            draft.refresh_from_db()
            page_count = pages(bytes(draft.document.pdf))
            background.append(rendered)
            signing.append(signed)
            issuing.append(done - signed)
            total.append(done)
    return (statistics.median(background), statistics.median(signing),
            statistics.median(issuing), statistics.median(total), page_count)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="baocao-bench-render-")
    os.environ["BAOCAO_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    os.environ["BAOCAO_PRERENDER"] = "false"  # the bench runs the background job itself
    import django

    django.setup()
    from baocao.documents import render

    scale = 2
    while True:
        count = pages(render.pdf(report(scale)))
        if count >= args.pages:
            break
        scale += max(1, scale * (args.pages - count) // max(count, 1))
    the_report = report(scale)
    print(f"machine: {calibration():.2f} s for the reference loop (lower is faster)")
    ours, theirs, data, lo_pages = side_by_side(the_report, args.runs)
    print(f"report: {pages(data)} pages A4 PDF/A-2b ({len(data) // 1024} KB); LibreOffice's "
          f"PDF of its DOCX: {lo_pages} pages")
    print(f"PDF  (WeasyPrint, PDF/A-2b): {ours:.2f} s median of {args.runs}")
    print(f"PDF  (LibreOffice from the DOCX): {theirs:.2f} s median of {args.runs}, "
          f"same run, interleaved")
    print(f"ratio WeasyPrint / LibreOffice: {ours / theirs:.2f}  (goal ≤ 1)")
    docx_seconds, docx = median_of(lambda: render.docx(the_report), args.runs)
    xlsx_seconds, _x = median_of(lambda: render.xlsx(the_report), args.runs)
    print(f"DOCX (docxtpl): {docx_seconds:.2f} s ({len(docx) // 1024} KB)   "
          f"XLSX (openpyxl): {xlsx_seconds:.2f} s")
    people, office = signing_setup()
    background, signing, issuing, total, page_count = sign_and_issue(people, office, scale,
                                                                     args.runs)
    print(f"background render of the final PDF (on saving, drafting.prerender): "
          f"{background:.2f} s")
    print(f"sign (workflow.sign, PAdES with the signature image): {signing:.2f} s")
    print(f"issue (workflow.issue: number, date, seal): {issuing:.2f} s")
    print(f"sign + issue of the {page_count}-page report: {total:.2f} s median of "
          f"{args.runs}  (goal < 1 s)")
    shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
