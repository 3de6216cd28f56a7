"""The documents demo: the committee's list of recipients, a demo certificate authority and the
signing keys of the people who sign (their key password is the demo password) and of the
committee's seal; a plausible handwritten signature image for each signer and a red round seal
image with the committee's name.  Loading twice changes nothing."""

from baocao.organisation import access
from baocao.organisation.models import Membership, User

from . import images, keys
from .models import Recipient, SignatureImage, SigningKey

RECIPIENTS = [
    ("Thường trực Quận ủy", "quanuy@tayho.demo.baocao.vn", True),
    ("Thường trực HĐND quận", "hdnd@tayho.demo.baocao.vn", True),
    ("Chủ tịch, các Phó Chủ tịch UBND quận", "lanhdao@tayho.demo.baocao.vn", True),
    ("Văn phòng UBND thành phố Hà Nội", "vpub@hanoi.demo.baocao.vn", True),
    ("Sở Kế hoạch và Đầu tư", "sokhdt@hanoi.demo.baocao.vn", False),
    ("Lãnh đạo Văn phòng HĐND và UBND quận", "", True),
    ("Các phòng, ban, đơn vị thuộc quận", "", False),
    ("UBND các phường", "", False),
]
SIGNERS = ["chanhvanphong", "chutich", "phochutich1", "phochutich2", "truongphong.tckh"]


def load_documents() -> list:
    """Recipients, a demo certificate authority and signing keys."""
    from baocao.organisation.demo import DEMO_PASSWORD

    committee = access.committee()
    if committee is None:
        return []
    for order, (name, email, by_default) in enumerate(RECIPIENTS, start=1):
        Recipient.objects.get_or_create(committee=committee, name=name, defaults={
            "email": email, "sort_order": order * 10, "by_default": by_default})
    organisation = f"UBND {committee.name}"
    keys.demo_authority(organisation)
    for user in User.objects.filter(username__in=SIGNERS):
        if not SigningKey.objects.filter(user=user).exists():
            membership = Membership.objects.filter(user=user).exclude(position="").first()
            keys.new_demo_key(user=user, common_name=user.display_name,
                              organisation=organisation, password=DEMO_PASSWORD.encode(),
                              title=membership.position if membership else "")
        if not SignatureImage.objects.filter(user=user).exists():
            images.set_signature_image(user, images.demo_signature(user.display_name),
                                       actor=None, via="demo")
    if not SigningKey.objects.filter(committee=committee).exists():
        keys.new_demo_key(committee=committee, common_name=organisation.upper(),
                          organisation=organisation,
                          password=keys.seal_password(committee))
    if not SignatureImage.objects.filter(committee=committee).exists():
        from .structure import issuer_full

        seal = images.demo_seal(issuer_full(committee.name), DEMO_PROVINCE)
        images.set_seal_image(committee, seal, actor=None, diameter_mm=35, via="demo")
    return []


DEMO_PROVINCE = "TP. Hà Nội"  # the city the demo's district is in, along the seal's rim
