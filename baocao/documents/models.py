"""What leaves the committee: the outgoing register (sổ đăng ký văn bản đi), the issued documents
it numbers, the committee's list of recipients and each recipient's copy.  An issued document
never changes; an error is corrected by a new document that names the old one."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from baocao.organisation.models import OrgUnit


def new_token() -> str:
    return secrets.token_urlsafe(24)


class DocumentKind(models.TextChoices):
    """What an issued document is: a report (báo cáo, "125/BC-UBND") or a letter (công văn,
    "123/UBND-VP"), each numbered from its own register."""

    REPORT = "report", _("Report")
    LETTER = "letter", _("Letter")


class Recipient(models.Model):
    """An entry of the committee's list of recipients (nơi nhận): Quận ủy, Thường trực HĐND, the
    chair and vice chairs, the departments…"""

    committee = models.ForeignKey(OrgUnit, models.CASCADE, related_name="recipients",
                                  verbose_name=_("committee"))
    name = models.CharField(_("name"), max_length=200,
                            help_text=_("As written under \"Nơi nhận\", e.g. \"Quận ủy\"."))
    email = models.EmailField(_("e-mail"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    by_default = models.BooleanField(_("chosen by default"), default=True)
    active = models.BooleanField(_("active"), default=True)

    audit_fields = ["committee", "name", "email", "sort_order", "by_default", "active"]

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["committee", "sort_order", "pk"]

    def __str__(self):
        return self.name


class OutgoingRegister(models.Model):
    """One year's outgoing register of a committee for one kind of document (its reports, its
    letters): numbers run 1, 2, 3… and restart on 1 January.  The row is locked while a number
    is taken, so two issues never share one."""

    committee = models.ForeignKey(OrgUnit, models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices,
                            default=DocumentKind.REPORT)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("outgoing register")
        verbose_name_plural = _("outgoing registers")
        constraints = [models.UniqueConstraint(fields=["committee", "year", "kind"],
                                               name="register_per_year_and_kind")]

    def __str__(self):
        return f"{self.committee.code} · {self.year} · {self.kind}"


class Document(models.Model):
    """An issued document (văn bản đi): numbered, dated, signed, frozen."""

    draft = models.OneToOneField("drafting.Draft", models.PROTECT, related_name="document")
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices,
                            default=DocumentKind.REPORT)
    register = models.ForeignKey(OutgoingRegister, models.PROTECT, related_name="documents")
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=50)
    issued_on = models.DateField(_("date"))
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                  verbose_name=_("issued by"))
    issuer_name = models.CharField(max_length=200)  # ỦY BAN NHÂN DÂN / QUẬN TÂY HỒ
    place = models.CharField(_("place"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    summary = models.CharField(_("summary line"), max_length=500)
    content = models.JSONField(default=list)
    signer_name = models.CharField(_("signer"), max_length=150)
    signer_position = models.CharField(_("signer's position"), max_length=150, blank=True)
    signed_at = models.DateTimeField()
    signature_lines = models.JSONField(default=list)
    recipients = models.JSONField(_("recipients"), default=list)
    # Kính gửi: whom a letter (or a report sent upward) is addressed to, one line each.
    addressed_to = models.JSONField(_("addressed to"), default=list, blank=True)
    filing_line = models.CharField(max_length=200)
    corrects = models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                                 related_name="corrected_by",
                                 verbose_name=_("corrects the document"))
    version_number = models.PositiveIntegerField()
    token = models.CharField(max_length=64, unique=True, default=new_token)
    # The short code printed on the document (with its QR code) that opens its verification page.
    code = models.CharField(_("verification code"), max_length=16, blank=True, db_index=True)
    # The signed PDF as issued (the signer's signature and the committee's seal), and its hash.
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at"]
        constraints = [models.UniqueConstraint(fields=["register", "number"],
                                               name="document_number_unique")]

    def __str__(self):
        return f"{self.reference} · {self.title}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("An issued document never changes; issue a new document "
                                    "that corrects it."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("An issued document is never deleted."))

    @property
    def reference(self) -> str:
        """Số, ký hiệu: 125/BC-UBND; a number under 10 is written with a leading zero (05/…),
        as Decree 30/2020, Appendix I, writes it."""
        return reference(self.number, self.symbol)


def reference(number: int, symbol: str) -> str:
    return f"{number:02d}/{symbol}"


class Distribution(models.Model):
    """A recipient's copy: the e-mail sent and the read-only link it carries."""

    document = models.ForeignKey(Document, models.PROTECT, related_name="distributions")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    # The e-mail that carries the link, in the outbox: queued with the issue, sent by the worker.
    message = models.ForeignKey("outbox.Email", models.SET_NULL, null=True, blank=True,
                                related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"{self.document.reference} → {self.name}"

    @property
    def sent_at(self):
        """When the mail server accepted the copy's e-mail (None while queued or failed)."""
        return self.message.sent_at if self.message_id else None


class SigningKey(models.Model):
    """A signer's key (or the committee's seal): a PKCS#12 file encrypted with its own password,
    or a key on a USB token reached through PKCS#11.  Its password is never stored."""

    class Backend(models.TextChoices):
        PKCS12 = "pkcs12", _("PKCS#12 file")
        PKCS11 = "pkcs11", _("USB token on the server (PKCS#11)")
        AGENT = "agent", _("USB token with the signer (signing agent)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True,
                             related_name="signing_keys", verbose_name=_("signer"))
    committee = models.ForeignKey(OrgUnit, models.CASCADE, null=True, blank=True,
                                  related_name="seals", verbose_name=_("committee (its seal)"))
    backend = models.CharField(_("kind"), max_length=10, choices=Backend.choices,
                               default=Backend.PKCS12)
    pkcs12 = models.BinaryField(null=True, blank=True, editable=False)
    token_label = models.CharField(_("token label"), max_length=100, blank=True)
    key_label = models.CharField(_("key label"), max_length=100, blank=True)
    certificate = models.TextField(_("certificate (PEM)"))
    subject = models.CharField(_("subject"), max_length=300)
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    not_after = models.DateTimeField(_("valid until"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    audit_fields = ["user", "committee", "backend", "token_label", "key_label", "subject",
                    "fingerprint", "not_after", "active"]

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @cached_property
    def certificate_names(self) -> dict:
        """The certificate's holder, position, organisation and issuing authority, read from
        it (for people: never the raw distinguished name)."""
        from cryptography import x509
        from cryptography.x509.oid import NameOID

        def part(name, oid):
            found = name.get_attributes_for_oid(oid)
            return str(found[0].value) if found else ""

        try:
            cert = x509.load_pem_x509_certificate(self.certificate.encode())
        except ValueError:
            return {"holder": self.subject, "title": "", "organisation": "", "authority": ""}
        subject, issuer = cert.subject, cert.issuer
        return {"holder": part(subject, NameOID.COMMON_NAME) or self.subject,
                "title": part(subject, NameOID.TITLE),
                "organisation": part(subject, NameOID.ORGANIZATION_NAME),
                "authority": part(issuer, NameOID.COMMON_NAME)
                or part(issuer, NameOID.ORGANIZATION_NAME)}

    @property
    def holder(self) -> str:
        return self.certificate_names["holder"]

    @property
    def organisation(self) -> str:
        return self.certificate_names["organisation"]

    @property
    def title(self) -> str:
        return self.certificate_names["title"]

    @property
    def authority(self) -> str:
        return self.certificate_names["authority"]


class SignatureImage(models.Model):
    """The image a digital signature shows (Decree 30/2020, Appendix I): a signer's handwritten
    signature (blue, on a transparent background) or a committee's seal (red, at its real size).
    Stored as the PNG made from the upload (white made transparent); a newer image replaces
    the older, which is kept (never deleted) but no longer used."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, null=True, blank=True,
                             related_name="signature_images", verbose_name=_("signer"))
    committee = models.ForeignKey(OrgUnit, models.CASCADE, null=True, blank=True,
                                  related_name="seal_images",
                                  verbose_name=_("committee (its seal)"))
    png = models.BinaryField(editable=False)
    width_px = models.PositiveIntegerField(editable=False)
    height_px = models.PositiveIntegerField(editable=False)
    # The width it is printed at: a seal's real diameter; a signature's natural width.
    width_mm = models.FloatField(_("width in millimetres"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True,
                                    related_name="+", editable=False)
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)
    active = models.BooleanField(_("in use"), default=True)

    audit_fields = ["user", "committee", "width_px", "height_px", "width_mm", "sha256",
                    "active"]

    class Meta:
        verbose_name = _("signature or seal image")
        verbose_name_plural = _("signature and seal images")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        owner = self.user.display_name if self.user_id else self.committee.name
        return f"{owner} · {self.uploaded_at:%d/%m/%Y}"

    @property
    def height_mm(self) -> float:
        return self.width_mm * self.height_px / max(1, self.width_px)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("An image a document may have been signed with is kept; "
                                "upload a new one instead."))


class RenderedPdf(models.Model):
    """A PDF rendered once for a given text (the key is the SHA-256 of the HTML it is made
    from), with where the signature, the number and the date go on it: rendered in the
    background as soon as a draft's version is saved, so that signing and issuing find it
    ready.  Shared by every application server and worker (a row, not a process's memory)."""

    key = models.CharField(max_length=64, unique=True)
    pdf = models.BinaryField()
    boxes = models.JSONField(default=dict)
    pages = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("rendered PDF")
        verbose_name_plural = _("rendered PDFs")

    def __str__(self):
        return f"{self.key[:12]} · {self.pages} pages"
