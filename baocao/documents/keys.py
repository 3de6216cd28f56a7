"""Signing keys: where a signer's or a committee's key is found and how one is registered
(`key_for`, `seal_for`, `pkcs12_key`, `certificate_key`); PKCS#12 files (a key and its
certificate, encrypted with the key's own password), the demo certificate authority that
`make run` creates, and the trust roots that verification accepts.

Passwords are never stored: a signer types their key's password (or a token's PIN) when signing;
the committee's seal opens with BAOCAO_SEAL_PASSWORD, or in a demo installation without it, with
a password derived from SECRET_KEY (not stored either).
"""

import datetime
import hashlib
import hmac
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from baocao.audit.log import save_and_record

from .models import SigningKey


def keys_dir() -> Path:
    path = Path(settings.DATA_DIR) / "keys"
    path.mkdir(parents=True, exist_ok=True)
    return path


def ca_paths() -> tuple[Path, Path]:
    return keys_dir() / "demo-ca.pem", keys_dir() / "demo-ca.p12"


def trust_roots() -> list[x509.Certificate]:
    """The certificate authorities whose certificates verification trusts: BAOCAO_TRUST_ROOTS
    (PEM files, separated by commas), or the demo authority."""
    paths = [Path(p) for p in settings.BAOCAO_TRUST_ROOTS] or [ca_paths()[0]]
    roots = []
    for path in paths:
        if path.exists():
            roots += x509.load_pem_x509_certificates(path.read_bytes())
    return roots


def seal_password(committee) -> bytes:
    if settings.BAOCAO_SEAL_PASSWORD:
        return settings.BAOCAO_SEAL_PASSWORD.encode()
    return hmac.new(settings.SECRET_KEY.encode(), f"seal:{committee.code}".encode(),
                    hashlib.sha256).hexdigest().encode()


def _name(common_name: str, organisation: str, title: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
             x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)]
    if title:
        parts.append(x509.NameAttribute(NameOID.TITLE, title))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def _ca_password() -> bytes:
    return hmac.new(settings.SECRET_KEY.encode(), b"demo-ca", hashlib.sha256).hexdigest().encode()


def demo_authority(organisation: str = "baocao"):
    """The demo certificate authority (created once under DATA_DIR/keys): (key, certificate)."""
    pem, p12 = ca_paths()
    if pem.exists() and p12.exists():
        key, cert, _extra = pkcs12.load_key_and_certificates(p12.read_bytes(), _ca_password())
        return key, cert
    now = datetime.datetime.now(datetime.UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name("baocao - Tổ chức chứng thực thử nghiệm (demo CA)", organisation)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=False, content_commitment=False, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                           critical=False)
            .sign(key, hashes.SHA256()))
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"demo-ca", key, cert, None, serialization.BestAvailableEncryption(_ca_password())))
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    p12.chmod(0o600)
    return key, cert


def certify(public_key, common_name: str, organisation: str, authority=None,
            years: int = 2, title: str = "") -> x509.Certificate:
    """A signing certificate for `public_key`, issued by `authority` (key, cert); `title`: the
    holder's position, as Vietnamese signing certificates name it."""
    ca_key, ca_cert = authority or demo_authority()
    now = datetime.datetime.now(datetime.UTC)
    return (x509.CertificateBuilder().subject_name(_name(common_name, organisation, title))
            .issuer_name(ca_cert.subject).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=365 * years))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(
                digital_signature=True, content_commitment=True, key_encipherment=False,
                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))


def new_pkcs12(common_name: str, organisation: str, password: bytes,
               authority=None, title: str = "") -> tuple[bytes, x509.Certificate]:
    """A new key and certificate as a PKCS#12 file encrypted with `password`."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    authority = authority or demo_authority()
    cert = certify(key.public_key(), common_name, organisation, authority, title=title)
    data = pkcs12.serialize_key_and_certificates(
        common_name.encode(), key, cert, [authority[1]],
        serialization.BestAvailableEncryption(password))
    return data, cert


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


# --- the keys of signers and committees -----------------------------------------------------

def key_for(user):
    """The signer's newest active key, or None."""
    return SigningKey.objects.filter(user=user, active=True).order_by("-created_at").first()


def seal_for(committee):
    """The committee's newest active seal key, or None."""
    return SigningKey.objects.filter(committee=committee, active=True).order_by(
        "-created_at").first()


def pkcs12_key(data: bytes, password: bytes, *, user=None, committee=None):
    """A signing key (not saved) from a PKCS#12 file and its password, which is checked and not
    kept.  A committee's seal is stored encrypted with the seal password of the server
    (BAOCAO_SEAL_PASSWORD), which opens it at issue."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    try:
        private, cert, chain = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        raise ValidationError({"password": _("The password does not open this key file.")}) \
            from None
    if private is None or cert is None:
        raise ValidationError({"key_file": _("This file holds no private key with its "
                                             "certificate.")})
    if committee is not None:
        data = pkcs12.serialize_key_and_certificates(
            b"seal", private, cert, chain or None,
            BestAvailableEncryption(seal_password(committee)))
    return certificate_key(cert, user=user, committee=committee, pkcs12=data)


def certificate_key(cert, **fields):
    """A signing key (not saved) for a certificate: its subject, fingerprint and validity.
    A certificate past its date is refused."""
    from cryptography.hazmat.primitives import serialization
    from django.utils import timezone

    if cert.not_valid_after_utc <= timezone.now():
        raise ValidationError(_("This certificate expired on %(day)s.") % {
            "day": cert.not_valid_after_utc.strftime("%d/%m/%Y")})
    return SigningKey(certificate=cert.public_bytes(serialization.Encoding.PEM).decode(),
                      subject=cert.subject.rfc4514_string()[:300],
                      fingerprint=fingerprint(cert), not_after=cert.not_valid_after_utc,
                      **fields)


def _saved(key):
    save_and_record(key, via="keys")
    return key


def new_demo_key(*, user=None, committee=None, common_name: str, organisation: str,
                 password: bytes, title: str = ""):
    data, cert = new_pkcs12(common_name, organisation, password, title=title)
    return _saved(certificate_key(cert, user=user, committee=committee, pkcs12=data))
