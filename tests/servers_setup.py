"""Data for the tests that run real servers (tests/test_two_servers.py): a committee, its office
with two clerks (each with an authenticator: who issues passes a second factor), a head and a
compiler, two recipients with addresses, and two monthly drafts signed
and waiting at the issue step.  Run in the servers' environment:

    python tests/servers_setup.py    → prints {"drafts": [id, id], "issue_step": id} as JSON
"""

import hashlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
PASSWORD = "Mat-khau-thu-2026"


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao.settings")
    import django

    django.setup()
    from baocao.catalogue.models import Regime
    from baocao.documents.models import Recipient
    from baocao.drafting import editing, workflow
    from baocao.drafting.models import Draft
    from baocao.organisation.models import Kind, Membership, OrgUnit, Role, User

    committee = OrgUnit(code="TAYHO", name="Quận Tây Hồ", kind=Kind.DISTRICT)
    committee.save()
    office = OrgUnit(code="TAYHO-VP", name="Văn phòng HĐND và UBND", kind=Kind.OFFICE,
                     parent=committee)
    office.save()
    people = {}
    keys = {}
    for username, role, position in [("clerk", Role.CLERK, "Văn thư"),
                                     ("clerk2", Role.CLERK, "Văn thư"),
                                     ("office_head", Role.HEAD, "Chánh Văn phòng"),
                                     ("compiler", Role.COMPILER, "Chuyên viên tổng hợp")]:
        user = User.objects.create_user(username, password=PASSWORD, email=f"{username}@vp.vn",
                                        full_name=f"Người {username}")
        Membership.objects.create(user=user, unit=office, role=role, position=position)
        people[username] = user
        if role == Role.CLERK:  # who issues passes a second factor: an authenticator each
            from django_otp.plugins.otp_totp.models import TOTPDevice

            keys[username] = hashlib.sha256(f"two-servers:{username}".encode()).hexdigest()[:40]
            TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True,
                                      key=keys[username])
    for i, (name, address) in enumerate([("Quận ủy", "quanuy@example.vn"),
                                         ("Thường trực HĐND quận", "hdnd@example.vn")]):
        Recipient.objects.create(committee=committee, name=name, email=address, sort_order=i)
    regime = Regime.objects.get(code="monthly")
    drafts = []
    for title in ("Báo cáo tháng 10", "Báo cáo tháng 11"):
        draft = editing.create_draft(regime=regime, lead_unit=office, title=title,
                                     summary=f"về {title.lower()}", actor=people["compiler"],
                                     sections=[{"heading": "I. Kết quả", "html": "<p>x</p>"}])
        draft.step = regime.steps.get(code="sign")
        draft.save()
        workflow.act(draft, "sign", people["office_head"])
        drafts.append(Draft.objects.get(pk=draft.pk))
    print(json.dumps({"drafts": [d.pk for d in drafts], "issue_step": drafts[0].step_id,
                      "totp_keys": keys,
                      "recipients": list(Recipient.objects.values_list("pk", flat=True))}))


if __name__ == "__main__":
    main()
