"""The archival package: a dossier as a BagIt bag (RFC 8493, the `bagit` library), zipped.

data/items/NNN-kind.ext  each item's frozen copy exactly as stored (the issued PDF/A as signed,
                         the scans, the drafts' versions as HTML, the others as JSON): its
                         SHA-256 is the one in the dossier's index;
data/renderings/         the units' reports as PDF and XLSX, rendered from their frozen copy;
data/muc-luc-ho-so.pdf   the printable index;
data/metadata.json       each item: kind, date, author, title, number, SHA-256, retention, with
                         the fields of the electronic-record metadata standard (Circular
                         02/2019/TT-BNV) where they apply.
"""

import json
import tempfile
import zipfile
from pathlib import Path

from baocao.lib.spreadsheet import new_workbook, save_workbook

from . import landing, printing

EXT = {"application/pdf": ".pdf", "text/html": ".html", "image/png": ".png",
       "image/jpeg": ".jpg", "application/json": ".json"}


def _item_bytes(item) -> bytes | None:
    if item.contents_removed_at is not None:
        return None
    if item.file:
        with item.file.open("rb") as handle:
            return handle.read()
    return landing.canonical(item.content)


def _report_xlsx(content: dict) -> bytes:
    book = new_workbook()
    sheet = book.active
    sheet.title = "Báo cáo"
    sheet.append([content.get("unit_name", ""), content.get("round", "")])
    sheet.append(["Mã chỉ tiêu", "Tên chỉ tiêu", "Cột", "Giá trị", "Đơn vị tính", "Ghi chú"])
    for v in content.get("values", []):
        value = v.get("value")
        try:
            value = float(value) if value is not None else None
        except ValueError:
            pass
        sheet.append([v["indicator"], v["name"], v["column"], value,
                      v.get("unit_of_measure", ""), v.get("comment") or v.get("text") or ""])
    return save_workbook(book)


def _report_pdf(content: dict) -> bytes:
    return printing.pdf("records/print_unit_report.html", content=content)


def metadata(dossier, files: dict) -> dict:
    retention = None if dossier.years_at_unit is None else {
        "years_at_unit": dossier.years_at_unit, "total_years": dossier.total_years,
        "permanent": dossier.total_years is None}
    label = "" if retention is None else (
        "Vĩnh viễn" if dossier.total_years is None else f"{dossier.total_years} năm")
    items = []
    for number, item in enumerate(dossier.items.select_related("who").order_by("at", "pk"), 1):
        items.append({
            "seq": number, "kind": item.kind, "kind_label": str(item.get_kind_display()),
            "date": item.at.isoformat(), "author": item.who_name, "title": item.title,
            "number": item.number, "sha256": item.sha256, "size": item.size,
            "media_type": item.media_type, "file": files.get(item.pk),
            "contents_removed": item.contents_removed_at is not None, "retention": retention,
            # Circular 02/2019/TT-BNV, Appendix I (văn bản): the fields that apply.
            "tt02_2019": {"so_cua_van_ban": item.number.split("/")[0] if item.number else "",
                          "ky_hieu_cua_van_ban": item.number.partition("/")[2],
                          "ngay_thang_nam_van_ban": item.at.date().isoformat(),
                          "trich_yeu_noi_dung": item.title, "ngon_ngu": "Tiếng Việt",
                          "nguoi_ky": item.who_name, "che_do_su_dung": "Hạn chế",
                          "ma_hash_sha256": item.sha256}})
    return {
        "dossier": {"id": dossier.pk, "code": dossier.code, "title": dossier.title,
                    "period": dossier.period, "state": dossier.state,
                    "kept_by": dossier.unit.name, "regime": dossier.regime.code,
                    "record_kind": dossier.record_kind, "retention": retention,
                    "transfer_due_on": dossier.transfer_due_on,
                    "retention_ends_on": dossier.retention_ends_on,
                    "retention_rule": dossier.retention_source,
                    "filed_at": dossier.filed_at, "filed_copies": dossier.filed_copies,
                    # Circular 02/2019/TT-BNV, Appendix II (hồ sơ): the fields that apply.
                    "tt02_2019": {"ma_ho_so": dossier.code, "tieu_de_ho_so": dossier.title,
                                  "thoi_han_bao_quan": label,
                                  "che_do_su_dung": "Hạn chế", "ngon_ngu": "Tiếng Việt",
                                  "thoi_gian_bat_dau": dossier.period_start.isoformat(),
                                  "thoi_gian_ket_thuc": dossier.period_end.isoformat(),
                                  "tong_so_van_ban_trong_ho_so": len(items)}},
        "items": items}


def export(dossier, output: str | Path) -> dict:
    """Write the dossier's bag, zipped, to `output`; {"files", "items"}."""
    import bagit

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / dossier.code.replace("/", "-")
        data = root
        (data / "items").mkdir(parents=True)
        (data / "renderings").mkdir()
        files = {}
        for number, item in enumerate(dossier.items.order_by("at", "pk"), 1):
            raw = _item_bytes(item)
            if raw is None:
                continue
            ext = EXT.get(item.media_type, Path(item.file_name).suffix or ".bin")
            name = f"items/{number:03d}-{item.kind}{ext}"
            (data / name).write_bytes(raw)
            files[item.pk] = f"data/{name}"
            if item.kind == item.Kind.UNIT_REPORT:
                (data / f"renderings/{number:03d}-{item.kind}.xlsx").write_bytes(
                    _report_xlsx(item.content))
                (data / f"renderings/{number:03d}-{item.kind}.pdf").write_bytes(
                    _report_pdf(item.content))
        (data / "muc-luc-ho-so.pdf").write_bytes(printing.index_pdf(dossier))
        (data / "metadata.json").write_text(json.dumps(
            metadata(dossier, files), ensure_ascii=False, indent=1, default=str))
        bagit.make_bag(str(root), {"Source-Organization": dossier.unit.name,
                                   "External-Identifier": dossier.code,
                                   "External-Description": dossier.title},
                       checksums=["sha256"])
        count = 0
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(root.parent))
                    count += 1
    return {"files": count, "items": len(files)}


