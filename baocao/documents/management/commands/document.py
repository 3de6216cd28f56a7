"""baocao document list [--json] · baocao document render ID --format F --output FILE ·
baocao document verify FILE.pdf [FILE.pdf …]

`list`: every issued document (id, number, date, title, state), then the drafts not yet issued.
`render`: an issued document (or, with --draft, a draft's latest version) as pdf, docx, xlsx or
html.  The PDF of an issued document is the signed one, as issued (it verifies with `verify`);
`--unsigned` renders a copy anew from its text, without the signatures.
`verify`: each file's signatures and its place in the register (several files: each under its
name, and a non-zero exit naming those that fail, after checking them all).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from baocao.documents import render, structure
from baocao.documents.models import Document
from baocao.drafting.models import Draft


class Command(BaseCommand):
    help = "Issued documents: list them, or render one as pdf, docx, xlsx or html."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="every document: id, number, date, title, state")
        listing.add_argument("--json", action="store_true", help="one JSON array")
        rendering = sub.add_parser("render", help="render one document to a file")
        rendering.add_argument("id", type=int, help="the document's id (see `list`)")
        rendering.add_argument("--format", choices=render.FORMATS, required=True)
        rendering.add_argument("--output", required=True, help="the file to write ('-': stdout)")
        rendering.add_argument("--draft", action="store_true",
                               help="the id is a draft's: render its latest version")
        rendering.add_argument("--unsigned", action="store_true",
                               help="an issued document's PDF rendered anew from its text, "
                                    "without the signatures (by default: the signed PDF as "
                                    "issued)")
        verifying = sub.add_parser("verify", help="check a PDF's signatures and the register")
        verifying.add_argument("file", nargs="+", help="the PDF(s) to check")

    def handle(self, action, **options):
        if action == "list":
            return self.list(options["json"])
        if action == "verify":
            return self.verify_all(options["file"])
        return self.render(options["id"], options["format"], options["output"],
                           options["draft"], options["unsigned"])

    def rows(self):
        rows = []
        for doc in Document.objects.select_related("corrects").order_by("issued_at"):
            state = "corrected" if doc.corrected_by.exists() else "issued"
            rows.append({"id": doc.pk, "number": doc.reference, "date": doc.issued_on.isoformat(),
                         "title": doc.title, "summary": doc.summary, "state": state,
                         "corrects": doc.corrects.reference if doc.corrects else None})
        for draft in Draft.objects.exclude(state=Draft.State.ISSUED).order_by("created_at"):
            rows.append({"id": None, "draft": draft.pk, "number": None, "date": None,
                         "title": draft.title, "summary": draft.summary,
                         "state": f"draft:{draft.step.code}", "corrects": None})
        return rows

    def list(self, as_json: bool):
        rows = self.rows()
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for row in rows:
            ident = row["id"] if row["id"] is not None else f"(dự thảo {row['draft']})"
            self.stdout.write(f"{ident!s:>14}  {row['number'] or '—':<16} {row['date'] or '—':<10}"
                              f"  {row['state']:<22} {row['title']}")

    def verify_all(self, paths):
        if len(paths) == 1:
            return self.verify(paths[0])
        failed = []
        for path in paths:
            self.stdout.write(f"== {path}")
            try:
                self.verify(path)
            except CommandError as error:
                self.stdout.write(self.style.ERROR(str(error)))
                failed.append(path)
        if failed:
            raise CommandError(_("%(n)d of %(total)d files are NOT VALID: %(files)s") % {
                "n": len(failed), "total": len(paths), "files": ", ".join(failed)})
        self.stdout.write(self.style.SUCCESS(_("All %(n)d files are valid.") % {
            "n": len(paths)}))

    def verify(self, path: str):
        """Prints who signed, when, unchanged or not, in the register or not; exits non-zero on
        any failure."""
        from baocao.documents import verification

        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(path)s: %(error)s")
                               % {"path": path, "error": error.strerror}) from None
        verdict = verification.verify(data)
        from django.utils import timezone

        for s in verdict.signatures:
            mark = "OK " if s.ok else "LỖI"
            when = timezone.localtime(s.signed_at).isoformat(timespec="seconds") \
                if s.signed_at else "?"
            who = ", ".join(p for p in (s.signer, s.position, s.organisation) if p)
            trusted = _("trusted") if s.trusted else _("NOT TRUSTED")
            intact = s.changes if s.intact and s.valid else _("CHANGED")
            issued_by = _("certificate issued by")
            self.stdout.write(f"[{mark}] {s.role_label}: {who} · {when} · {intact} · "
                              f"{issued_by} {s.authority} ({trusted}) · "
                              f"PAdES {s.field}: {s.modification}")
        self.stdout.write(f"SHA-256: {verdict.sha256}")
        if verdict.document is not None:
            doc = verdict.document
            self.stdout.write(_("In the register: %(ref)s of %(day)s — %(summary)s") % {
                "ref": doc.reference, "day": doc.issued_on.strftime("%d/%m/%Y"),
                "summary": doc.summary})
        if not verdict.ok:
            raise CommandError(_("NOT VALID: %(problems)s") % {
                "problems": "; ".join(str(p) for p in verdict.problems) or _("see above")})
        self.stdout.write(self.style.SUCCESS(_("VALID: the signatures are intact and trusted, "
                                               "and the file is the one in the register.")))

    def render(self, ident: int, fmt: str, output: str, draft: bool, unsigned: bool = False):
        if draft:
            found = Draft.objects.filter(pk=ident).first()
            if found is None:
                raise CommandError(_("No draft has the id %(id)d.") % {"id": ident})
            data = render.render(structure.of_draft(found), fmt)
        else:
            found = Document.objects.filter(pk=ident).first()
            if found is None:
                raise CommandError(_("No issued document has the id %(id)d; `baocao document "
                                     "list` shows them.") % {"id": ident})
            if fmt == "pdf" and found.pdf and not unsigned:
                data = bytes(found.pdf)  # the signed PDF, as issued
            else:
                data = render.render(structure.of_document(found), fmt)
        if output == "-":
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else \
                self.stdout.write(data.decode("utf-8", "replace"))
            return
        Path(output).write_bytes(data)
        self.stderr.write(_("Wrote %(path)s (%(size)d bytes).") % {"path": output,
                                                                  "size": len(data)})
