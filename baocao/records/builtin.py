"""The retention schedule as shipped (loaded by a migration; the committee changes it in the
administration pages).  Each default names the rule it comes from."""

CIRCULAR = "Thông tư 10/2022/TT-BNV, Phụ lục (thời hạn bảo quản tài liệu), nhóm kế hoạch, " \
    "báo cáo công tác"
TRANSFER = "Luật Lưu trữ 2011, Điều 11: nộp lưu vào Lưu trữ cơ quan trong 01 năm kể từ năm " \
    "công việc kết thúc"

# kind, years at the unit, years in all (None: permanent), the rule
DEFAULT_RULES = [
    ("periodic_report", 1, 5, f"{CIRCULAR}: báo cáo tháng, quý 05 năm; {TRANSFER}; QT báo cáo "
                              "định kỳ §6: lưu theo quy định của lưu trữ"),
    ("half_year_report", 1, 20, f"{CIRCULAR}: báo cáo 6 tháng, 9 tháng 20 năm; {TRANSFER}"),
    ("annual_report", 1, None, f"{CIRCULAR}: báo cáo năm, nhiều năm vĩnh viễn; {TRANSFER}; QT "
                               "báo cáo định kỳ §6: lưu lâu dài"),
    ("ad_hoc_report", 1, 10, f"{CIRCULAR}: báo cáo chuyên đề, đột xuất 10 năm; {TRANSFER}"),
    ("quality_record", 3, 5, "QT.07 §7: lưu tại đơn vị xử lý chính 3 năm, sau đó chuyển xuống "
                             f"đơn vị lưu trữ của UBND; {CIRCULAR}: báo cáo tháng, quý 05 năm"),
]


def load(RetentionRule):
    for kind, at_unit, total, source in DEFAULT_RULES:
        RetentionRule.objects.get_or_create(kind=kind, regime=None, defaults={
            "years_at_unit": at_unit, "total_years": total, "source": source})
