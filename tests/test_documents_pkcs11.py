"""Officials' USB tokens through PKCS#11, with SoftHSM2 standing in for the token: a token the
server opens with its PIN, and a token that signs only the document's hash outside the server.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from baocao.documents import keys, pkcs11, signing, structure, verification
from baocao.documents.models import SigningKey
from baocao.drafting import workflow

MODULE = "/usr/lib/softhsm/libsofthsm2.so"
TOKEN, PIN, KEY = "baocao-test", "123456", "ky-so"

pytestmark = pytest.mark.skipif(
    not Path(MODULE).exists() and os.environ.get("BAOCAO_REQUIRE_BROWSER") != "1",
    reason="SoftHSM2 is not installed (Debian package softhsm2)")


@pytest.fixture(scope="session")
def token(tmp_path_factory):
    """A SoftHSM2 token holding an RSA key made on the token (it never leaves it)."""
    import pkcs11 as p11
    from pkcs11 import Attribute, KeyType

    if shutil.which("softhsm2-util") is None:
        pytest.fail("softhsm2-util is missing (Debian package softhsm2)")
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN,
                    "--so-pin", "654321"], check=True, capture_output=True)
    lib = p11.lib(MODULE)
    with lib.get_token(token_label=TOKEN).open(user_pin=PIN, rw=True) as session:
        public, _private = session.generate_keypair(KeyType.RSA, 2048, store=True, label=KEY)
        numbers = (public[Attribute.PUBLIC_EXPONENT], public[Attribute.MODULUS])
    from cryptography.hazmat.primitives.asymmetric import rsa

    exponent, modulus = (int.from_bytes(n, "big") for n in numbers)
    return rsa.RSAPublicNumbers(exponent, modulus).public_key()


def certificate_for(public_key, name):
    from cryptography.hazmat.primitives import serialization

    cert = keys.certify(public_key, name, "UBND quận Tây Hồ")
    return cert, cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def seal(settings, tree):
    settings.BAOCAO_DIGITAL_SIGNATURES = True
    settings.BAOCAO_PKCS11_MODULE = MODULE
    keys.new_demo_key(committee=tree["committee"], common_name="UBND QUẬN TÂY HỒ",
                         organisation="UBND quận Tây Hồ",
                         password=keys.seal_password(tree["committee"]))


def test_a_token_on_the_server_signs_with_its_pin(token, seal, monthly_draft, users,
                                                   recipients):
    cert, pem = certificate_for(token, "Người office_head")
    SigningKey.objects.create(user=users["office_head"], backend=SigningKey.Backend.PKCS11,
                              token_label=TOKEN, key_label=KEY, certificate=pem,
                              subject="token", fingerprint=keys.fingerprint(cert),
                              not_after=cert.not_valid_after_utc)
    draft = monthly_draft
    draft.step = draft.regime.steps.get(code="sign")
    draft.save()
    with pytest.raises(Exception):  # noqa: B017 - a wrong PIN, whichever error the token gives
        workflow.act(draft, "sign", users["office_head"], password="000000")
    workflow.act(draft, "sign", users["office_head"], password=PIN)
    workflow.act(draft, "issue", users["clerk"])
    verdict = verification.verify(bytes(draft.document.pdf))
    assert verdict.ok, verdict.problems
    assert "Người office_head" in verdict.signatures[0].signer


def test_a_token_away_from_the_server_signs_the_documents_hash(token, seal, monthly_draft):
    import pkcs11 as p11
    from pkcs11 import KeyType, Mechanism, ObjectClass

    cert, pem = certificate_for(token, "Người ký bằng USB")
    monthly_draft.verification_code = "USBTOKEN01"
    report = structure.of_draft(monthly_draft, final=True)
    state, to_sign = signing.prepare_remote(report, SigningKey(certificate=pem),
                                            signer_name="Người ký bằng USB")
    # The official's computer: the token signs the prepared bytes, nothing else leaves it.
    with p11.lib(MODULE).get_token(token_label=TOKEN).open(user_pin=PIN) as session:
        private = session.get_key(object_class=ObjectClass.PRIVATE_KEY, key_type=KeyType.RSA,
                                  label=KEY)
        value = private.sign(to_sign, mechanism=Mechanism.SHA256_RSA_PKCS)
    signed = pkcs11.complete_external(state, value)
    check = verification.verify(signed).signatures[0]
    assert check.intact and check.valid and check.trusted, check
    forged = pkcs11.complete_external(state, bytes(len(value)))
    assert not verification.verify(forged).signatures[0].valid


@pytest.mark.django_db(transaction=True)
def test_the_reference_agent_signs_with_the_token_through_the_server(
        token, seal, monthly_draft, users, live_server, monkeypatch, capsys):
    """scripts/signing_agent.py, as an official runs it: it fetches the request from the
    signing page's address, signs it with the token after the PIN, and answers; the draft is
    signed and its signature verifies."""
    import importlib.util

    from django.urls import reverse

    from baocao.drafting import remote

    cert, pem = certificate_for(token, "Người ký bằng USB")
    SigningKey.objects.create(user=users["office_head"], backend=SigningKey.Backend.AGENT,
                              certificate=pem, subject="token", fingerprint=keys.fingerprint(cert),
                              not_after=cert.not_valid_after_utc)
    monthly_draft.step = monthly_draft.regime.steps.get(code="sign")
    monthly_draft.save()
    found = remote.start(monthly_draft, users["office_head"])
    path = Path(__file__).resolve().parent.parent / "scripts" / "signing_agent.py"
    spec = importlib.util.spec_from_file_location("signing_agent", path)
    agent = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(agent)
    monkeypatch.setenv("TOKEN_PIN", PIN)
    address = live_server.url + reverse("drafting:remote_agent", args=[found.token])
    status = agent.main([address, "--module", MODULE, "--token", TOKEN, "--key", KEY,
                         "--pin-env", "TOKEN_PIN", "--yes"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "Báo cáo tháng 10" in out and "Đã ký" in out
    monthly_draft.refresh_from_db()
    check = verification.verify(bytes(monthly_draft.signed_pdf)).signatures[0]
    assert check.intact and check.valid and check.trusted and "Người ký bằng USB" in check.signer
    # Run again: the request is closed, the agent says so and fails
    assert agent.main([address, "--module", MODULE, "--token", TOKEN, "--pin-env", "TOKEN_PIN",
                       "--yes"]) == 1
