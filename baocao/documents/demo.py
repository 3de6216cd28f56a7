"""The documents demo: the committee's list of recipients, a demo certificate authority and the
signing keys of the people who sign (their key password is the demo password) and of the
committee's seal; a plausible handwritten signature image for each signer and a red round seal
image with the committee's name.  Loading twice changes nothing."""

from baocao.organisation import access
from baocao.organisation.models import Membership, User

from . import images, keys
from .models import Recipient, SignatureImage, SigningKey

SIGNERS = ["chanhvanphong", "chutich", "phochutich1", "phochutich2"]  # and the planning head


def load_documents() -> list:
    """Recipients, a demo certificate authority and signing keys."""
    from baocao.organisation.demo import DEMO_PASSWORD
    from baocao.organisation.demo.examples import current

    committee = access.committee()
    if committee is None:
        return []
    example = current()
    for order, (name, email, by_default) in enumerate(example.recipients, start=1):
        Recipient.objects.get_or_create(committee=committee, name=name, defaults={
            "email": email, "sort_order": order * 10, "by_default": by_default})
    organisation = f"UBND {committee.name}"
    keys.demo_authority(organisation)
    for user in User.objects.filter(username__in=[*SIGNERS, example.planning_head]):
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

        seal = images.demo_seal(issuer_full(committee.name), example.seal_rim)
        images.set_seal_image(committee, seal, actor=None, diameter_mm=35, via="demo")
    return []

