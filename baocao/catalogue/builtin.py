"""What every installation starts with: the sectors and the built-in regimes with the workflows of
the seeds (DESIGN §2).  Loaded by a data migration; an administrator may change them afterwards.
Loading creates what is missing and never overwrites a committee's changes."""

SECTORS = [
    ("budget", "Tài chính - Ngân sách", "socio_economic"),
    ("economy", "Kinh tế, thương mại, dịch vụ", "socio_economic"),
    ("urban_order", "Quản lý đô thị, trật tự xây dựng", "socio_economic"),
    ("culture_information", "Văn hóa và Thông tin", "socio_economic"),
    ("education", "Giáo dục và Đào tạo", "socio_economic"),
    ("health", "Y tế", "socio_economic"),
    ("labour_social", "Lao động - Thương binh và Xã hội", "socio_economic"),
    ("natural_resources", "Tài nguyên và Môi trường", "socio_economic"),
    ("internal_affairs", "Nội vụ, cải cách hành chính", "socio_economic"),
    ("justice", "Tư pháp", "socio_economic"),
    ("quality", "Thống kê chất lượng (ISO 9001)", "socio_economic"),
    ("security", "An ninh, trật tự", "security_defence"),
    ("defence", "Quốc phòng, quân sự địa phương", "security_defence"),
]

# step: (code, name, role, actor_unit, procedure step, [(action, to step)], final)
_MONTHLY = [
    ("draft", "Chuyên viên tổng hợp xây dựng dự thảo báo cáo tháng", "compiler", "lead",
     "5.1.2", [("submit", "review")], False),
    ("review", "Lãnh đạo Văn phòng xem xét, sửa trực tiếp vào dự thảo", "head", "lead",
     "5.1.3", [("edit", "review"), ("return", "draft"), ("approve", "consult")], False),
    ("consult", "Trình xin ý kiến Lãnh đạo UBND và thành viên Ủy ban", "compiler", "lead",
     "5.1.3", [("consult", "comment")], False),
    ("comment", "Lãnh đạo UBND, thành viên Ủy ban cho ý kiến", "committee_member", "consulted",
     "5.1.3", [("comment", "take_in")], False),
    ("take_in", "Tiếp thu ý kiến chỉ đạo, chỉnh sửa dự thảo", "compiler", "lead",
     "5.1.4", [("resolve", "sign")], False),
    ("sign", "Lãnh đạo Văn phòng ký ban hành", "head", "lead",
     "5.1.4", [("sign", "issue"), ("return", "take_in")], False),
    ("issue", "Văn thư phát hành, sao gửi theo nơi nhận", "clerk", "office",
     "5.1.5", [("issue", "file")], False),
    ("file", "Lưu hồ sơ (Văn phòng lưu 01 bản)", "clerk", "office", "5.1.5", [], True),
]


def _periodic(prefix: str):
    return [
        ("outline", "Chuyên viên tổng hợp lập đề cương, dự thảo công văn yêu cầu báo cáo",
         "compiler", "lead", f"{prefix}.2", [("submit", "draft")], False),
        ("draft", "Tổng hợp báo cáo các đơn vị, xây dựng dự thảo", "compiler", "lead",
         f"{prefix}.2", [("submit", "review")], False),
        ("review", "Lãnh đạo phòng xem xét, sửa trực tiếp hoặc ký nháy", "head", "lead",
         f"{prefix}.3", [("edit", "review"), ("return", "draft"), ("initial", "consult")],
         False),
        ("consult", "Xin ý kiến Lãnh đạo UBND, thành viên Ủy ban và các đơn vị (có thời hạn)",
         "compiler", "lead", f"{prefix}.3", [("consult", "comment")], False),
        ("comment", "Lãnh đạo UBND, thành viên Ủy ban, các đơn vị góp ý", "committee_member",
         "consulted", f"{prefix}.4", [("comment", "take_in")], False),
        ("take_in", "Tiếp thu ý kiến chỉ đạo và góp ý", "compiler", "lead", f"{prefix}.5",
         [("resolve", "leader_review")], False),
        ("leader_review", "Lãnh đạo UBND cho ý kiến", "leader", "committee", f"{prefix}.6",
         [("approve", "final_revision"), ("return", "take_in")], False),
        ("final_revision", "Hoàn chỉnh dự thảo lần cuối", "compiler", "lead", f"{prefix}.7",
         [("submit", "final_check")], False),
        ("final_check", "Lãnh đạo phòng rà soát lần cuối, ký nháy", "head", "lead",
         f"{prefix}.8", [("initial", "sign"), ("return", "final_revision")], False),
        ("sign", "Lãnh đạo UBND ký ban hành", "leader", "committee", f"{prefix}.8",
         [("sign", "issue"), ("return", "final_revision")], False),
        ("issue", "Văn thư phát hành", "clerk", "office", f"{prefix}.9",
         [("issue", "distribute")], False),
        ("distribute", "Sao gửi theo nơi nhận", "clerk", "office", f"{prefix}.9",
         [("distribute", "file")], False),
        ("file", "Lưu hồ sơ (Văn phòng 01 bản, cơ quan kế hoạch 01 bản)", "clerk", "office",
         f"{prefix}.9", [], True),
    ]


# The seed's QT.07 is a district's ("Trưởng phòng", "các phòng ban"); its steps are named here
# for any level: a province's sở and a commune's phòng are both "cơ quan chuyên môn".
def _ad_hoc(first_step: str, first_role: str):
    return [
        ("assign", first_step, first_role, "committee", "QT.07 5.1.2d",
         [("consult", "contribute")], False),
        ("contribute", "Các cơ quan, đơn vị cung cấp thông tin, số liệu", "reporter", "consulted",
         "QT.07 5.1.1", [("comment", "draft1")], False),
        ("draft1", "Cơ quan được giao xây dựng báo cáo dự thảo lần 1", "compiler", "lead",
         "QT.07 5.1.1", [("consult", "comment")], False),
        ("comment", "Lãnh đạo Ủy ban, lãnh đạo các cơ quan, đơn vị góp ý", "head", "consulted",
         "QT.07 5.1.1", [("comment", "draft2")], False),
        ("draft2", "Hoàn chỉnh báo cáo dự thảo lần 2", "compiler", "lead", "QT.07 5.1.1",
         [("submit", "sign")], False),
        ("sign", "Lãnh đạo Ủy ban phê duyệt, ký", "leader", "committee", "QT.07 5.1.2d",
         [("sign", "issue"), ("return", "draft2")], False),
        ("issue", "Văn thư đăng ký, phát hành, lưu trữ", "clerk", "office", "QT.07 5.1.2d",
         [("issue", "file")], False),
        ("file", "Lưu hồ sơ (3 năm tại đơn vị)", "clerk", "office", "QT.07 7", [], True),
    ]


# The request letter (công văn yêu cầu báo cáo, seed 1 §5.2.2 and §5.3.2): the compiler drafts
# it when the round opens; the leading unit's head signs it (or sends it up to a leader); the
# clerk numbers it from the letters' register and issues it to the units.
_REQUEST_LETTER = [
    ("draft", "Chuyên viên tổng hợp dự thảo công văn yêu cầu báo cáo", "compiler", "lead",
     "5.2.2", [("submit", "sign")], False),
    ("sign", "Lãnh đạo Văn phòng (phòng) ký công văn hoặc trình Lãnh đạo UBND ký", "head",
     "lead", "5.2.2", [("sign", "issue"), ("submit", "leader_sign"), ("return", "draft")],
     False),
    ("leader_sign", "Lãnh đạo UBND ký công văn", "leader", "committee", "5.2.2",
     [("sign", "issue"), ("return", "draft")], False),
    ("issue", "Văn thư cấp số, phát hành công văn đến các đơn vị", "clerk", "office", "5.2.2",
     [("issue", "file")], False),
    ("file", "Lưu hồ sơ (công văn đi)", "clerk", "office", "6", [], True),
]

# regime: code, name, period kinds, cut-off day, due day, due working days, paper days, lead,
# next year, description, workflow
REGIMES = [
    ("monthly", "Báo cáo định kỳ hàng tháng", ["month"], 15, 20, None, 2, "office", False,
     "Quy trình 5.1: các đơn vị, UBND phường gửi báo cáo tháng vào ngày 20; bản giấy chậm "
     "nhất 2 ngày sau.", _MONTHLY),
    ("periodic", "Báo cáo định kỳ 3 tháng, 6 tháng, 9 tháng",
     ["quarter", "half_year", "nine_months"], 15, None, 5, 2, "planning_department", False,
     "Quy trình 5.2: phòng Kế hoạch chủ trì; thời hạn theo công văn yêu cầu báo cáo.",
     _periodic("5.2")),
    ("plan", "Báo cáo dự kiến thực hiện kế hoạch năm và kế hoạch năm tiếp theo",
     ["half_year", "year"], 15, None, 5, 2, "planning_department", True,
     "Quy trình 5.3: báo cáo 6 tháng - kế hoạch năm sau; báo cáo năm - kế hoạch năm sau.",
     _periodic("5.3")),
    ("ad_hoc", "Báo cáo đột xuất", ["ad_hoc"], 1, None, 3, 2, "assigned", False,
     "QT.07 5.1.2d: Lãnh đạo UBND giao phòng chuyên môn lập báo cáo đột xuất.",
     _ad_hoc("Lãnh đạo UBND giao nhiệm vụ lập báo cáo đột xuất", "leader")),
    ("quality", "Báo cáo thống kê chất lượng (BM.07.01)",
     ["month", "quarter", "half_year", "year"], 1, 25, None, 2, "each_department", False,
     "QT.07 5.1.2c: mỗi phòng báo cáo tháng/quý/6 tháng/năm theo BM.07.01; Văn phòng tổng hợp "
     "toàn UBND. Ngày báo cáo do đơn vị tự xác định.",
     _ad_hoc("Thủ trưởng cơ quan giao cán bộ lập báo cáo BM.07.01", "head")),
    ("request_letter", "Công văn yêu cầu báo cáo",
     ["month", "quarter", "half_year", "nine_months", "year", "ad_hoc"], 15, None, 5, 2,
     "office", False,
     "Quy trình 5.2.2, 5.3.2: chuyên viên tổng hợp dự thảo công văn của UBND gửi các đơn vị "
     "yêu cầu báo cáo theo đề cương và biểu mẫu; lãnh đạo ký; văn thư cấp số (sổ công văn đi) "
     "và phát hành cùng đợt báo cáo.", _REQUEST_LETTER),
]
# Regimes whose drafts are letters, not reports: no form uses them.
LETTER_REGIMES = frozenset({"request_letter"})


def load(Sector, Regime, WorkflowStep, WorkflowTransition):
    """Create the built-in sectors and regimes that are missing.  Takes the model classes so that
    a migration can pass its historical models."""
    for order, (code, name, family) in enumerate(SECTORS, start=1):
        Sector.objects.get_or_create(code=code, defaults={"name": name, "family": family,
                                                          "sort_order": order * 10})
    for (code, name, kinds, cutoff_day, due_day, due_days, paper_days, lead, next_year,
         description, steps) in REGIMES:
        regime, created = Regime.objects.get_or_create(code=code, defaults={
            "name": name, "period_kinds": kinds, "cutoff_start_day": cutoff_day,
            "due_day_of_month": due_day, "due_working_days": due_days,
            "paper_due_days": paper_days, "lead": lead, "includes_next_year": next_year,
            "description": description})
        if not created:
            continue
        by_code = {}
        for order, (step_code, step_name, role, actor_unit, ref, _t, final) in enumerate(steps):
            by_code[step_code] = WorkflowStep.objects.create(
                regime=regime, code=step_code, name=step_name, role=role,
                actor_unit=actor_unit, order=(order + 1) * 10, seed_reference=ref,
                is_final=final)
        for step_code, *_rest, transitions, _final in steps:
            for action, to_code in transitions:
                WorkflowTransition.objects.create(step=by_code[step_code], action=action,
                                                  to_step=by_code[to_code])
