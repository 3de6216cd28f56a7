"""The records' printed pages in Decree 30 style (the documents app's fonts and renderer): the
dossier's index (Mục lục hồ sơ), the transfer record (biên bản giao nhận tài liệu) and the record
of disposal (biên bản hủy tài liệu)."""

from django.template.loader import render_to_string
from django.utils import timezone

from baocao.documents import render
from baocao.documents.structure import date_line, issuer_of, place_of
from baocao.organisation import access


def _head(day=None) -> dict:
    committee = access.committee()
    return {"issuer_lines": issuer_of(committee).split("\n") if committee else [],
            "date_line": date_line(place_of(committee), day or timezone.localdate())
            if committee else "",
            "committee": committee}


def pdf(template: str, day=None, **context) -> bytes:
    source = render_to_string(template, {**_head(day), **context})
    return render.laid_out(source).write_pdf()


def index_pdf(dossier) -> bytes:
    items = list(dossier.items.select_related("who").order_by("at", "pk"))
    return pdf("records/print_index.html", dossier=dossier, items=items)


def transfer_pdf(transfer, dossiers) -> bytes:
    return pdf("records/print_transfer.html", transfer.transferred_on, transfer=transfer,
               dossiers=dossiers)


def disposal_pdf(disposal, dossiers) -> bytes:
    return pdf("records/print_disposal.html", disposal.carried_out_on, disposal=disposal,
               decision=disposal.decision, dossiers=dossiers)
