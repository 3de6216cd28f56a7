"""Officials' USB tokens (PKCS#11): the two paths, both tested with SoftHSM2.

1. A token on the server (a committee's HSM, or a token plugged into the clerk's machine that
   runs the application): `token_signer(key, pin)` opens it with the module of
   BAOCAO_PKCS11_MODULE and signs like any other key (the PIN is typed, never stored).

2. A token that stays with the official (the usual case): the private key never leaves the
   token and the token never reaches the server.  The server prepares the PDF with its
   signature placeholder and sends only the bytes to sign (the CMS signed attributes, whose
   message digest is the document's hash); a signing agent on the official's computer (the
   vendor's "plugin ký số", or any PKCS#11 client) signs them with the token after the PIN, and
   sends back the signature value; the server completes the PDF.  `prepare_external` and
   `complete_external` are those two halves; between them, the state is plain data that can wait
   in the database or the session.  See docs/signatures.md.
"""

import base64
import io
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from baocao.lib import aio


def open_session(token_label: str, pin: str | None, module: str | None = None):
    from pyhanko.sign.pkcs11 import TokenCriteria, open_pkcs11_session

    try:
        return open_pkcs11_session(module or settings.BAOCAO_PKCS11_MODULE,
                                   token_criteria=TokenCriteria(label=token_label),
                                   user_pin=pin)
    except Exception as error:  # noqa: BLE001 - PKCS#11 errors are many; the message says which
        raise ValidationError({"password": _("The USB token could not be opened (%(error)s): "
                                             "check that it is plugged in and the PIN.")
                               % {"error": error.__class__.__name__}}) from None


def token_signer(key, pin: bytes | str):
    """A pyHanko signer for a SigningKey whose backend is PKCS#11."""
    from pyhanko.sign.pkcs11 import PKCS11Signer

    pin = pin.decode() if isinstance(pin, bytes) else pin
    session = open_session(key.token_label, pin)
    return PKCS11Signer(session, key_label=key.key_label or None,
                        signing_cert=_asn1_cert(key.certificate))


def _asn1_cert(pem: str):
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509 as asn1_x509

    _type, _headers, der = asn1_pem.unarmor(pem.encode())
    return asn1_x509.Certificate.load(der)


# --- signing by the document's hash, outside the server -------------------------------------

@dataclass
class PendingSignature:
    """What the server keeps between sending the bytes to sign and receiving the signature."""

    output: str  # base64 of the PDF with its placeholder
    document_digest: str  # hex
    reserved_region_start: int
    reserved_region_end: int
    signed_attrs: str  # base64 DER
    certificate: str  # PEM

    def as_dict(self) -> dict:
        return asdict(self)


def prepare_external(pdf: bytes, certificate_pem: str, *, field_name: str, spec,
                     stamp_style, signer_name: str, location: str, before=None
                     ) -> tuple[PendingSignature, bytes]:
    """(state to keep, bytes the token must sign with SHA256withRSA).  `spec`: the signer's
    signature field (pyHanko SigFieldSpec); `before(writer)` adds to the signer's revision what
    must be in it (the number and date fields, the seal's empty field)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    cert = _asn1_cert(certificate_pem)
    signer = signers.ExternalSigner(signing_cert=cert, cert_registry=None,
                                    signature_value=bytes(256))
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name=field_name, reason="Ký ban hành",
                                     location=location, name=signer_name),
        signer=signer, stamp_style=stamp_style, new_field_spec=spec)

    async def run():
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        if before is not None:
            before(writer)
        prepared, _tbs, output = await pdf_signer.async_digest_doc_for_signing(writer)
        attrs = await signer.signed_attrs(prepared.document_digest, "sha256", use_pades=True)
        return prepared, output, attrs

    prepared, output, attrs = aio.run(run())
    state = PendingSignature(
        output=base64.b64encode(output.getvalue()).decode(),
        document_digest=prepared.document_digest.hex(),
        reserved_region_start=prepared.reserved_region_start,
        reserved_region_end=prepared.reserved_region_end,
        signed_attrs=base64.b64encode(attrs.dump()).decode(), certificate=certificate_pem)
    return state, attrs.dump()


def complete_external(state: PendingSignature, signature_value: bytes) -> bytes:
    """The signed PDF, once the token's signature of the prepared bytes is back."""
    from asn1crypto import cms
    from pyhanko.sign import signers
    from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
    from pyhanko.sign.signers.pdf_signer import PdfTBSDocument

    cert = _asn1_cert(state.certificate)
    attrs = cms.CMSAttributes.load(base64.b64decode(state.signed_attrs))
    signer = signers.ExternalSigner(signing_cert=cert, cert_registry=None,
                                    signature_value=signature_value)

    async def run():
        sig_cms = await signer.async_sign_prescribed_attributes("sha256", signed_attrs=attrs)
        output = io.BytesIO(base64.b64decode(state.output))
        prepared = PreparedByteRangeDigest(bytes.fromhex(state.document_digest),
                                           state.reserved_region_start,
                                           state.reserved_region_end)
        await PdfTBSDocument.async_finish_signing(output, prepared, sig_cms)
        return output.getvalue()

    return aio.run(run())


def check_value(certificate_pem: str, to_sign: bytes, value: bytes) -> bool:
    """Whether `value` is the signature of `to_sign` by the key of the certificate (RSA with
    PKCS#1 v1.5 or ECDSA, SHA-256): what an agent sends back is checked before it is used."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

    public = x509.load_pem_x509_certificate(certificate_pem.encode()).public_key()
    try:
        if isinstance(public, rsa.RSAPublicKey):
            public.verify(value, to_sign, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(value, to_sign, ec.ECDSA(hashes.SHA256()))
        else:
            return False
    except (InvalidSignature, ValueError):
        return False
    return True
