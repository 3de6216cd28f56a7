"""How fast and how small are the refusals of issue 19's probes?  Prints, for each probe, the
time and the memory allocated in this process, and the time as a ratio to a baseline measured
in the same run: checking a small unsigned PDF through pyHanko's child process (what every real
verification costs).

    .venv/bin/python bench/limits.py [--runs 3]

Probes: the anonymous 19.8 MB PDF whose signature /Contents holds 9.9 M hex digits (refused by
its size), the same shape under the size limit (refused by the /Contents cap before pyHanko),
a PDF declaring 50,000 objects in an object stream, and a small xlsx whose shared strings
expand to 58 MB (refused by the real size of that part, counted while decompressing).
No database is needed.
"""

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")


def pdf_with_contents(hex_digits: int, padding: int = 0) -> bytes:
    return (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
            b"3 0 obj\n<< /Type /Sig /Contents <" + b"0" * hex_digits + b"> >>\nendobj\n"
            + b"%" + b"x" * padding + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def small_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bloated_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", b"<sst><si><t>" + "Hà Nội ".encode() * (
            58 * 1024 * 1024 // 9) + b"</t></si></sst>")
    return out.getvalue()


def measure(call, runs: int) -> tuple[float, int]:
    times, peak = [], 0
    for _run in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from baocao.collection import excel
    from baocao.documents.verification import verification_refusal
    from baocao.lib import pdfcheck

    small = small_pdf()
    probe = pdf_with_contents(9_900_000, padding=9_900_000)
    under = pdf_with_contents(9_800_000)
    packed = b"%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 50000 /First 10 >>\nstream\n"
    xlsx = bloated_xlsx()

    def refused_xlsx():
        try:
            excel.check_zip(xlsx)
        except ValidationError:
            return
        raise AssertionError("the xlsx was not refused")

    baseline, base_mem = measure(
        lambda: pdfcheck.validate_signatures(small, [], seconds=10), runs)
    print(f"baseline: a small PDF checked in pyHanko's child process: {baseline * 1000:.0f} ms, "
          f"{base_mem / 1e6:.1f} MB allocated here")
    for name, call, size in [
            ("19.8 MB probe, refused by its size", lambda: verification_refusal(probe),
             len(probe)),
            ("9.8 M-digit /Contents under the size limit", lambda: verification_refusal(under),
             len(under)),
            ("50,000 objects declared in an object stream", lambda: verification_refusal(packed),
             len(packed)),
            ("xlsx with 58 MB of shared strings", refused_xlsx, len(xlsx))]:
        seconds, peak = measure(call, runs)
        print(f"{name} ({size / 1e6:.1f} MB): {seconds * 1000:.1f} ms "
              f"({seconds / baseline:.3f} × baseline), {peak / 1e6:.1f} MB allocated")


if __name__ == "__main__":
    main()
