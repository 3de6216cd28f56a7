from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from baocao.lib import limits, listing, params, ratelimit
from baocao.lib.net import client_ip
from baocao.organisation import access

from . import render as renderers
from . import structure, verification
from .forms import DocumentFilterForm
from .models import Distribution, Document, SigningKey


def file_response(report, fmt: str) -> HttpResponse:
    """A report rendered as html, pdf, docx or xlsx: shown in the browser (html, pdf) or
    downloaded."""
    if fmt not in renderers.FORMATS:
        raise Http404
    response = HttpResponse(renderers.render(report, fmt),
                            content_type=renderers.CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in ("html", "pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{report.filename}.{fmt}"'
    return response


def document_response(doc, fmt: str, *, unsigned: bool = False) -> HttpResponse:
    """An issued document: its signed PDF as issued (the one that verifies), or any format
    rendered from it (`unsigned`: the PDF rendered anew from its text, without signatures)."""
    if fmt == "pdf" and doc.pdf and not unsigned:
        response = HttpResponse(bytes(doc.pdf), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{doc.number:02d}-{doc.symbol}.pdf"'
        return response
    return file_response(structure.of_document(doc), fmt)


@login_required
def register(request):
    """The outgoing register: every issued document, newest first, searched and filtered."""
    access.require(access.can_view_register(request.user))
    params.year(request.GET)  # a malformed year: 400, said in words
    years = sorted({d.year for d in Document.objects.dates("issued_on", "year")}, reverse=True)
    filters = DocumentFilterForm(request.GET, years=years)
    documents = Document.objects.select_related("register", "corrects", "draft__regime") \
        .defer("pdf", "content").annotate(copies=Count("distributions"))
    page, query = listing.page_of(request, filters.filter(documents).order_by(  # numbers run
        "-issued_on", "-issued_at", "-pk"), 50)  # on per kind: the date orders across kinds
    return render(request, "documents/register.html", {"page": page, "query": query,
                                                       "filters": filters})


@login_required
def document(request, document_id):
    doc = get_object_or_404(Document.objects.select_related("draft", "corrects"),
                            pk=document_id)
    access.require(access.can_view_document(request.user, doc))
    return render(request, "documents/document.html", {
        "doc": doc, "copies": doc.distributions.select_related("message"),
        "corrected_by": Document.objects.filter(corrects=doc),
        "can_correct": access.can_correct_document(request.user, doc)})


@login_required
@require_POST
def correct(request, document_id):
    from baocao.drafting.building import correction_of

    doc = get_object_or_404(Document.objects.select_related("draft"), pk=document_id)

    try:
        draft = correction_of(doc, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("documents:document", doc.pk)
    messages.success(request, _("A correcting draft is open; once issued, it names %(ref)s.")
                     % {"ref": doc.reference})
    return redirect("drafting:draft", draft.pk)


@login_required
@xframe_options_sameorigin
def document_file(request, document_id, fmt):
    doc = get_object_or_404(Document.objects.select_related("corrects"), pk=document_id)
    access.require(access.can_view_document(request.user, doc))
    return document_response(doc, fmt, unsigned=request.GET.get("unsigned") == "1")


@xframe_options_sameorigin
def copy_file(request, token, fmt):
    found = get_object_or_404(Distribution.objects.select_related("document"), token=token)
    return document_response(found.document, fmt)


def copy(request, token):
    """A recipient's read-only copy, opened from the e-mail's link (no sign-in)."""
    found = get_object_or_404(Distribution.objects.select_related("document"), token=token)
    if found.opened_at is None:
        Distribution.objects.filter(pk=found.pk, opened_at=None).update(
            opened_at=timezone.now())
    return render(request, "documents/copy.html", {"doc": found.document, "copy": found})


def verify_code(request, code):
    """The public page a document's QR code opens: its number, date, signer and hash."""
    doc = Document.objects.filter(code=code.strip().upper()).exclude(code="").first()
    if doc is None:
        raise Http404
    return render(request, "documents/verify_code.html", {
        "doc": doc, "corrected_by": Document.objects.filter(corrects=doc)})


@limits.body_limit("BAOCAO_VERIFY_MAX_BYTES")
def verify(request):
    """Anyone uploads a PDF and sees who signed it, when, whether it is unchanged since, and
    whether it is the document in the register.  Limited per address (BAOCAO_VERIFY_PER_MINUTE),
    in size, and in the time and memory its check may take (verification.verify)."""
    verdict, error = None, ""
    if request.method == "POST":
        wait = ratelimit.hit("verify", client_ip(request) or "?",
                             limit=settings.BAOCAO_VERIFY_PER_MINUTE)
        if wait:
            response = render(request, "documents/verify.html", {"error": _(
                "Too many files checked from your address; try again in %(s)d seconds.")
                % {"s": wait}}, status=429)
            response["Retry-After"] = str(wait)
            return response
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a PDF file.")
        elif upload.size > settings.BAOCAO_VERIFY_MAX_BYTES:
            error = _("The file is larger than %(mb)d MB.") % {
                "mb": settings.BAOCAO_VERIFY_MAX_BYTES // (1024 * 1024)}
        else:
            data = upload.read()
            if not data.startswith(b"%PDF"):
                error = _("This is not a PDF file.")
            else:
                verdict = verification.verify(data)
    return render(request, "documents/verify.html", {"verdict": verdict, "error": error},
                  status=400 if error else 200)


@login_required
def my_keys(request):
    """The signer's own keys (what they sign with, its kind, and until when) and the image of
    their handwritten signature that their signatures show."""
    from .forms import SignatureImageForm

    return render(request, "documents/my_keys.html", _my_keys(request.user,
                                                              SignatureImageForm()))


def _my_keys(user, form) -> dict:
    from . import images
    from .todo import NOTICE

    keys = SigningKey.objects.filter(user=user).order_by("-active", "-created_at")
    now = timezone.now()
    image = images.signature_image_for(user)
    return {"keys": keys, "soon": now + NOTICE, "now": now, "form": form,
            "image": image, "image_uri": images.data_uri(image),
            "can_upload": access.can_upload_signature(user, has_key=bool(keys))}


@login_required
@require_POST
def my_signature(request):
    """The signer uploads the image of their handwritten signature (PNG or JPEG)."""
    from . import images
    from .forms import SignatureImageForm

    has_key = SigningKey.objects.filter(user=request.user).exists()
    access.require(access.can_upload_signature(request.user, has_key=has_key))
    form = SignatureImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            images.set_signature_image(request.user, form.cleaned_data["image"].read(),
                                       actor=request.user)
        except ValidationError as error:
            form.add_error("image", error)
        else:
            messages.success(request, _("Your signature image is saved: your next signatures "
                                        "show it."))
            return redirect("documents:my_keys")
    return render(request, "documents/my_keys.html", _my_keys(request.user, form), status=400)
