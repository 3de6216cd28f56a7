import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from baocao.lib import listing, params
from baocao.lib.listing import ListFilterForm

from .models import SignatureImage, SigningKey

KEY_FILE_LIMIT = 100 * 1024


def read_certificate(data: bytes):
    """A certificate from a .cer/.crt/.pem file, PEM or DER."""
    from cryptography import x509

    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise ValidationError({"certificate_file": _("This file is not a certificate (.cer, "
                                                     ".crt or .pem).")}) from None


class SignatureImageForm(forms.Form):
    """The image of a signer's handwritten signature: checked and made transparent by
    documents.images."""

    image = forms.FileField(
        label=_("Image of your signature (PNG or JPEG)"),
        help_text=_("Sign on white paper and scan or photograph it; the white is made "
                    "transparent and the ink blue."))

    def clean_image(self):
        from django.conf import settings

        upload = self.cleaned_data["image"]
        if upload.size > settings.BAOCAO_MAX_IMAGE_BYTES:
            raise ValidationError(_("The image is larger than %(kb)d KB.")
                                  % {"kb": settings.BAOCAO_MAX_IMAGE_BYTES // 1024})
        return upload


class SealImageAddForm(forms.ModelForm):
    """The committee's seal image, added by the administrator: printed at its real size."""

    image = forms.FileField(label=_("Image of the seal (PNG or JPEG)"),
                            help_text=_("A scan of the seal stamped on white paper; the white "
                                        "is made transparent and the ink red."))

    class Meta:
        model = SignatureImage
        fields = ["committee", "width_mm"]
        labels = {"width_mm": _("Real diameter of the seal (mm)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].required = True
        self.fields["width_mm"].initial = 35

    def clean(self):
        from . import images

        data = super().clean()
        upload = data.get("image")
        if upload is not None and data.get("committee") is not None and \
                data.get("width_mm") is not None:
            try:
                self.raw = upload.read()
                images.clean(self.raw, images.SEAL_INK)
                low, high = images.SEAL_MM_RANGE
                if not low <= data["width_mm"] <= high:
                    raise ValidationError({"width_mm": _(
                        "A seal is %(low)d to %(high)d mm across.") % {"low": low,
                                                                      "high": high}})
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    raise
                raise ValidationError({"image": error.messages}) from None
        return data


class SigningKeyAddForm(forms.ModelForm):
    """A signing key added by the administrator: a PKCS#12 file with its password (checked,
    never kept), or the certificate of a USB token (with the signer, or on the server)."""

    key_file = forms.FileField(label=_("Key file (.p12, .pfx)"), required=False,
                               help_text=_("For a key file: the signer's PKCS#12 file."))
    password = forms.CharField(label=_("Key file password"), required=False, strip=False,
                               widget=forms.PasswordInput,
                               help_text=_("Checked to open the file, never stored. The signer "
                                           "types it again at each signature."))
    certificate_file = forms.FileField(
        label=_("Certificate (.cer, .crt, .pem)"), required=False,
        help_text=_("For a USB token: the certificate of the key on the token, as the "
                    "provider issued it."))

    class Meta:
        model = SigningKey
        fields = ["user", "committee", "backend", "token_label", "key_label"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].empty_label = _("— choose the signer —")
        self.fields["committee"].empty_label = _("— or the committee, for its seal —")
        self.fields["token_label"].help_text = _("Only for a token on the server.")

    def clean(self):
        data = super().clean()
        user, committee = data.get("user"), data.get("committee")
        if bool(user) == bool(committee):
            raise ValidationError({"user": _("Choose either the signer or the committee (for "
                                             "its seal), not both.")})
        backend = data.get("backend")
        from . import keys

        if backend == SigningKey.Backend.PKCS12:
            upload = data.get("key_file")
            if upload is None:
                raise ValidationError({"key_file": _("Choose the key file.")})
            if upload.size > KEY_FILE_LIMIT:
                raise ValidationError({"key_file": _("A key file is a few kilobytes; this one "
                                                     "is too large.")})
            if not data.get("password"):
                raise ValidationError({"password": _("Type the key file's password.")})
            key = keys.pkcs12_key(upload.read(), data["password"].encode(), user=user,
                                     committee=committee)
        else:
            upload = data.get("certificate_file")
            if upload is None:
                raise ValidationError({"certificate_file": _("Choose the token's certificate.")})
            if upload.size > KEY_FILE_LIMIT:
                raise ValidationError({"certificate_file": _("The file is too large.")})
            if backend == SigningKey.Backend.PKCS11 and not data.get("token_label"):
                raise ValidationError({"token_label": _("Type the label of the token the "
                                                        "server opens.")})
            if backend == SigningKey.Backend.AGENT and committee is not None:
                raise ValidationError({"backend": _("A committee's seal is signed at issue by "
                                                    "the server: a key file or a token on the "
                                                    "server.")})
            try:
                key = keys.certificate_key(read_certificate(upload.read()), user=user,
                                              committee=committee)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    raise
                raise ValidationError({"certificate_file": error.messages}) from None
        self.built = key
        return data

    def save(self, commit=True):
        key = self.built
        key.backend = self.cleaned_data["backend"]
        key.token_label = self.cleaned_data.get("token_label") or ""
        key.key_label = self.cleaned_data.get("key_label") or ""
        self.instance = key
        self.save_m2m = lambda: None
        if commit:
            key.save()
        return key


class DocumentFilterForm(ListFilterForm):
    """The outgoing register's search (summary, title, symbol, signer; a number finds its
    document) and filters (year, kind)."""

    search_fields = ("summary", "title", "symbol", "signer_name")
    placeholder = _("Number, summary, signer…")

    def __init__(self, *args, years=(), **kwargs):
        from .models import DocumentKind

        super().__init__(*args, **kwargs)
        # Any year may be asked (a malformed one is refused by the view, 400); the years
        # with documents are offered.
        self.fields["year"] = forms.CharField(
            label=_("Year"), required=False, widget=forms.Select(
                attrs=listing.SELECT, choices=[("", _("Every year"))] + [
                    (str(y), str(y)) for y in years]))
        self.fields["kind"] = listing.choice(_("Kind"), DocumentKind.choices, _("Every kind"))

    def filter(self, documents):
        """"94" or "94/BC-UBND" finds that number (a bare number its summary's too)."""
        from django.db.models import Q

        found = re.fullmatch(r"0*(\d{1,9})(?:/(\S*[^\W\d_]\S*))?",
                             self.data.get("q", "").strip()) if self.is_valid() else None
        if found is None:
            return super().filter(documents)
        wanted = Q(number=int(found[1]))
        if found[2]:
            wanted &= Q(symbol__iexact=found[2])
        else:
            wanted |= Q(summary__icontains=found[0]) | Q(title__icontains=found[0])
        return self.narrow(documents.filter(wanted), self.cleaned_data)

    def narrow(self, documents, data):
        year = params.year(data)
        if year:
            documents = documents.filter(register__year=year)
        if data.get("kind"):
            documents = documents.filter(kind=data["kind"])
        return documents
