"""The two committees the demo can load, as data: everything that differs between them (the
tree, the people's units and positions, the place's words in running text, the size of its
figures) is here, and every demo step reads it from `current()`.

- `TODAY` (`baocao demo`): Ủy ban nhân dân thành phố Hà Nội in the two-tier local government
  that began on 1 July 2025 — a province-level committee with its departments (sở) and a
  selection of eight of its 126 wards and communes.  The planning department is Sở Tài chính
  (Sở Kế hoạch và Đầu tư merged into it in 2025), and labour now belongs to Sở Nội vụ.
- `SEED` (`baocao demo --seed-example`): Quận Tây Hồ as the seed procedures describe it, a
  district with its wards and its phòng (districts were abolished on 1 July 2025).

Unit roles (`Example.units`) name what a unit does, so that the demo's stories (which
department reports the budget, where a complaint was made) are told once for both trees.
"""

from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent

# What a unit does in the demo's stories → the unit's code, per example.
ROLES = ("committee", "office", "planning", "home_affairs", "justice", "economy",
         "construction", "culture", "education", "health", "labour", "environment", "police",
         "military")


@dataclass(frozen=True)
class Example:
    key: str
    option: str  # how `baocao demo` is asked for it
    description: str  # one line, for the command's output and the README
    units_csv: Path
    units: dict[str, str]  # role → unit code (several roles may share one unit)
    # Each ward, commune and department has a reporter (<slug>.baocao) and a head
    # (<slug>.truong); wards and communes in the order of the demo's stories.
    reporting_units: dict[str, str]
    wards: tuple[str, ...]
    ward_shares: dict[str, float]
    level: str  # the committee's level in running text: "quận", "thành phố"
    party_committee: str  # "Quận ủy", "Thành ủy"
    ranked_among: str  # where its reform index is ranked: "thành phố", "cả nước"
    email_domain: str
    department_head: str  # a department head's position
    department_staff: str
    scale: float  # the size of its figures, to Tây Hồ's
    seal_rim: str  # along the lower part of the seal: the city the committee is in, or none
    wards_words: str  # its wards in running text: "các phường", "các phường, xã"
    # The committee's list of recipients: (as written under "Nơi nhận", e-mail, by default).
    recipients: tuple[tuple[str, str, bool], ...]
    people: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    head_positions: dict[str, str] = field(default_factory=dict)  # per unit code

    def code(self, role: str) -> str:
        return self.units[role]

    @property
    def root(self) -> str:
        return self.units["committee"]

    @property
    def planning_head(self) -> str:
        return next(p[0] for p in self.people
                    if p[3] == self.units["planning"] and p[2] == "head")

    @property
    def planning_compiler(self) -> str:
        return next(p[0] for p in self.people
                    if p[3] == self.units["planning"] and p[2] == "compiler")


def _people(root, office, planning, *, police, military, planning_head, planning_head_position,
            planning_slug):
    """The committee's own people: the same user names and persons in both examples, their
    positions in the committee's words."""
    return [
        ("admin", "Quản trị hệ thống", "admin", root, "Quản trị viên"),
        ("chutich", "Nguyễn Quang Hiếu", "leader", root, "Chủ tịch"),
        ("phochutich1", "Lê Thị Thu Hằng", "leader", root, "Phó Chủ tịch"),
        ("phochutich2", "Trần Anh Tuấn", "leader", root, "Phó Chủ tịch"),
        ("uyvien.congan", "Đỗ Văn Khánh", "committee_member", root, f"Ủy viên UBND, {police}"),
        ("uyvien.quansu", "Phạm Minh Đức", "committee_member", root,
         f"Ủy viên UBND, {military}"),
        ("chanhvanphong", "Vũ Thị Lan", "head", office, "Chánh Văn phòng"),
        ("tonghop", "Ngô Thanh Hương", "compiler", office, "Chuyên viên tổng hợp"),
        ("vanthu", "Bùi Thị Mai", "clerk", office, "Văn thư"),
        (planning_head, "Hoàng Văn Nam", "head", planning, planning_head_position),
        (f"tonghop.{planning_slug}", "Đinh Thị Yến", "compiler", planning,
         "Chuyên viên tổng hợp"),
        ("qmr", "Lê Thị Thu Hằng (QMR)", "qmr", root,
         "Phó Chủ tịch, Đại diện lãnh đạo về chất lượng"),
        ("thuky.iso", "Phan Thị Ngọc", "iso_secretary", office, "Thư ký ban ISO"),
    ]


SEED = Example(
    key="tayho", option="--seed-example",
    description="Quận Tây Hồ (Hà Nội) của quy trình mẫu: quận, các phòng và 8 phường "
                "(trước ngày 01/7/2025)",
    units_csv=HERE / "units.csv",
    units={"committee": "TAYHO", "office": "TAYHO-VP", "planning": "TAYHO-TCKH",
           "home_affairs": "TAYHO-NV", "justice": "TAYHO-TP", "economy": "TAYHO-KT",
           "construction": "TAYHO-QLDT", "culture": "TAYHO-VHTT", "education": "TAYHO-GDDT",
           "health": "TAYHO-YT", "labour": "TAYHO-LDTBXH", "environment": "TAYHO-TNMT",
           "police": "TAYHO-CA", "military": "TAYHO-QS"},
    reporting_units={
        "TAYHO-BUOI": "buoi", "TAYHO-NHATTAN": "nhattan", "TAYHO-PHUTHUONG": "phuthuong",
        "TAYHO-QUANGAN": "quangan", "TAYHO-THUYKHUE": "thuykhue", "TAYHO-TULIEN": "tulien",
        "TAYHO-XUANLA": "xuanla", "TAYHO-YENPHU": "yenphu",
        "TAYHO-NV": "noivu", "TAYHO-TP": "tuphap", "TAYHO-KT": "kinhte", "TAYHO-QLDT": "qldt",
        "TAYHO-VHTT": "vhtt", "TAYHO-GDDT": "gddt", "TAYHO-YT": "yte",
        "TAYHO-LDTBXH": "ldtbxh", "TAYHO-TNMT": "tnmt", "TAYHO-CA": "congan",
        "TAYHO-QS": "quansu"},
    wards=("TAYHO-BUOI", "TAYHO-NHATTAN", "TAYHO-PHUTHUONG", "TAYHO-QUANGAN",
           "TAYHO-THUYKHUE", "TAYHO-TULIEN", "TAYHO-XUANLA", "TAYHO-YENPHU"),
    ward_shares={
        "TAYHO-BUOI": 0.13, "TAYHO-NHATTAN": 0.10, "TAYHO-PHUTHUONG": 0.09,
        "TAYHO-QUANGAN": 0.12, "TAYHO-THUYKHUE": 0.12, "TAYHO-TULIEN": 0.08,
        "TAYHO-XUANLA": 0.14, "TAYHO-YENPHU": 0.12},
    level="quận", party_committee="Quận ủy", ranked_among="thành phố",
    email_domain="tayho.demo.baocao.vn",
    department_head="Trưởng phòng", department_staff="Chuyên viên", scale=1.0,
    seal_rim="TP. Hà Nội", wards_words="các phường",
    recipients=(
        ("Thường trực Quận ủy", "quanuy@tayho.demo.baocao.vn", True),
        ("Thường trực HĐND quận", "hdnd@tayho.demo.baocao.vn", True),
        ("Chủ tịch, các Phó Chủ tịch UBND quận", "lanhdao@tayho.demo.baocao.vn", True),
        ("Văn phòng UBND thành phố Hà Nội", "vpub@hanoi.demo.baocao.vn", True),
        ("Sở Kế hoạch và Đầu tư", "sokhdt@hanoi.demo.baocao.vn", False),
        ("Lãnh đạo Văn phòng HĐND và UBND quận", "", True),
        ("Các phòng, ban, đơn vị thuộc quận", "", False),
        ("UBND các phường", "", False),
    ),
    people=_people("TAYHO", "TAYHO-VP", "TAYHO-TCKH", police="Trưởng Công an quận",
                   military="Chỉ huy trưởng Ban Chỉ huy Quân sự quận",
                   planning_head="truongphong.tckh", planning_head_position="Trưởng phòng",
                   planning_slug="tckh"),
)

TODAY = Example(
    key="hanoi", option="",
    description="Thành phố Hà Nội trong chính quyền địa phương hai cấp (từ 01/7/2025): "
                "UBND thành phố, các sở và 8 trong 126 phường, xã",
    units_csv=HERE / "hanoi-units.csv",
    units={"committee": "HANOI", "office": "HANOI-VP", "planning": "HANOI-STC",
           "home_affairs": "HANOI-SNV", "justice": "HANOI-STP", "economy": "HANOI-SCT",
           "construction": "HANOI-SXD", "culture": "HANOI-SVHTT", "education": "HANOI-SGDDT",
           "health": "HANOI-SYT", "labour": "HANOI-SNV", "environment": "HANOI-SNNMT",
           "police": "HANOI-CA", "military": "HANOI-BTL"},
    reporting_units={
        "HANOI-TAYHO": "tayho", "HANOI-BADINH": "badinh", "HANOI-HOANKIEM": "hoankiem",
        "HANOI-CAUGIAY": "caugiay", "HANOI-PHUTHUONG": "phuthuong", "HANOI-SOCSON": "socson",
        "HANOI-DONGANH": "donganh", "HANOI-BAVI": "bavi",
        "HANOI-SNV": "noivu", "HANOI-STP": "tuphap", "HANOI-SCT": "congthuong",
        "HANOI-SXD": "xaydung", "HANOI-SVHTT": "vhtt", "HANOI-SGDDT": "gddt",
        "HANOI-SYT": "yte", "HANOI-SNNMT": "nnmt", "HANOI-CA": "congan", "HANOI-BTL": "quansu"},
    wards=("HANOI-TAYHO", "HANOI-BADINH", "HANOI-HOANKIEM", "HANOI-CAUGIAY",
           "HANOI-PHUTHUONG", "HANOI-SOCSON", "HANOI-DONGANH", "HANOI-BAVI"),
    ward_shares={
        "HANOI-TAYHO": 0.13, "HANOI-BADINH": 0.12, "HANOI-HOANKIEM": 0.14,
        "HANOI-CAUGIAY": 0.15, "HANOI-PHUTHUONG": 0.10, "HANOI-SOCSON": 0.11,
        "HANOI-DONGANH": 0.15, "HANOI-BAVI": 0.10},
    level="thành phố", party_committee="Thành ủy", ranked_among="cả nước",
    email_domain="hanoi.demo.baocao.vn",
    department_head="Giám đốc Sở", department_staff="Chuyên viên", scale=4.0,
    seal_rim="", wards_words="các phường, xã",
    recipients=(
        ("Văn phòng Chính phủ", "vpcp@chinhphu.demo.baocao.vn", True),
        ("Bộ Tài chính", "btc@chinhphu.demo.baocao.vn", True),
        ("Thường trực Thành ủy", "thanhuy@hanoi.demo.baocao.vn", True),
        ("Thường trực HĐND thành phố", "hdnd@hanoi.demo.baocao.vn", True),
        ("Chủ tịch, các Phó Chủ tịch UBND thành phố", "lanhdao@hanoi.demo.baocao.vn", True),
        ("Lãnh đạo Văn phòng UBND thành phố", "", True),
        ("Các sở, ban, ngành thành phố", "", False),
        ("UBND các phường, xã", "", False),
    ),
    people=_people("HANOI", "HANOI-VP", "HANOI-STC", police="Giám đốc Công an thành phố",
                   military="Tư lệnh Bộ Tư lệnh Thủ đô Hà Nội",
                   planning_head="giamdoc.stc", planning_head_position="Giám đốc Sở",
                   planning_slug="stc"),
    head_positions={"HANOI-CA": "Giám đốc Công an thành phố",
                    "HANOI-BTL": "Tư lệnh Bộ Tư lệnh Thủ đô Hà Nội"},
)

EXAMPLES = (TODAY, SEED)
_chosen: Example | None = None


def choose(example: Example) -> None:
    """The example `baocao demo` was asked for (until the database holds one)."""
    global _chosen
    _chosen = example


def loaded() -> Example | None:
    """The example whose tree this database holds, if any."""
    from ..models import OrgUnit

    roots = set(OrgUnit.objects.filter(code__in=[e.root for e in EXAMPLES])
                .values_list("code", flat=True))
    return next((e for e in EXAMPLES if e.root in roots), None)


def current() -> Example:
    """The example the demo steps work on: the one in the database, else the one chosen,
    else today's."""
    return loaded() or _chosen or TODAY
