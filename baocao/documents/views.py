from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baocao.organisation import access

from .models import Distribution, Document


@login_required
def register(request):
    """The outgoing register: every issued document, newest first."""
    access.require(access.can_view_register(request.user))
    year = request.GET.get("year")
    documents = Document.objects.select_related("register", "corrects", "draft__regime") \
        .annotate(copies=Count("distributions"))
    years = sorted({d.year for d in Document.objects.dates("issued_on", "year")}, reverse=True)
    if year and year.isdigit():
        documents = documents.filter(register__year=int(year))
    return render(request, "documents/register.html", {
        "documents": documents.order_by("-register__year", "-number")[:500], "years": years,
        "year": year})


@login_required
def document(request, document_id):
    doc = get_object_or_404(Document.objects.select_related("draft", "corrects"),
                            pk=document_id)
    access.require(access.can_view_document(request.user, doc))
    return render(request, "documents/document.html", {
        "doc": doc, "copies": doc.distributions.all(),
        "corrected_by": Document.objects.filter(corrects=doc),
        "can_correct": access.can_correct_document(request.user, doc)})


@login_required
@require_POST
def correct(request, document_id):
    doc = get_object_or_404(Document.objects.select_related("draft"), pk=document_id)
    access.require(access.can_correct_document(request.user, doc))
    from baocao.drafting.building import correction_of

    try:
        draft = correction_of(doc, request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("documents:document", doc.pk)
    messages.success(request, _("A correcting draft is open; once issued, it names %(ref)s.")
                     % {"ref": doc.reference})
    return redirect("drafting:draft", draft.pk)


def copy(request, token):
    """A recipient's read-only copy, opened from the e-mail's link (no sign-in)."""
    found = get_object_or_404(Distribution.objects.select_related("document"), token=token)
    if found.opened_at is None:
        Distribution.objects.filter(pk=found.pk, opened_at=None).update(
            opened_at=timezone.now())
    return render(request, "documents/copy.html", {"doc": found.document, "copy": found})
