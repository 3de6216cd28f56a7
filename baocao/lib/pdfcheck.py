"""Looking at a PDF that anyone may send, with bounded memory and time.

Two steps, both usable without Django:

- `scan(data, limits)` reads the raw bytes only (no PDF parser): the size, the number of
  indirect objects (`N 0 obj`, and the objects packed in object streams as they declare them),
  and the length of every signature's `/Contents`.  What is over a limit is refused before any
  parser spends memory on it.
- `validate_signatures(data, roots, seconds, memory_mb)` runs pyHanko's validation in a child
  process (`python -m baocao.lib.pdfcheck`) with a CPU-time and address-space limit and a wall
  clock timeout: whatever the file makes pyHanko do (a compressed object stream that expands to
  gigabytes, a signature that takes minutes), the server's own process never holds it, and the
  answer comes within the time limit.  The child answers in JSON (never pickle: it has read a
  hostile file).
"""

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass

OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
DECLARED_N = re.compile(rb"/N\s+(\d{1,12})")
CONTENTS = re.compile(rb"/Contents\s*<")


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_objects: int
    max_contents: int


class Refused(Exception):
    """The file is over a limit; `code` says which ("size", "objects", "contents", "pdf")."""

    def __init__(self, code: str, value: int = 0):
        super().__init__(code)
        self.code, self.value = code, value


def scan(data: bytes, limits: Limits) -> None:
    """Refuse what is over the limits, reading the raw bytes only (linear time, no copies)."""
    if len(data) > limits.max_bytes:
        raise Refused("size", len(data))
    if not data.startswith(b"%PDF-"):
        raise Refused("pdf")
    # Every indirect object is "N G obj … endobj": counted with bytes.count (C speed; a
    # regular expression over a run of digits would take seconds).
    objects = max(data.count(b"obj") - data.count(b"endobj"), data.count(b"endobj"))
    if objects > limits.max_objects:
        raise Refused("objects", objects)
    # Objects inside object streams are compressed: count what each stream declares.
    for match in OBJECT_STREAM.finditer(data):
        window = data[max(0, match.start() - 512): match.end() + 512]
        declared = DECLARED_N.search(window)
        if declared:
            objects += int(declared.group(1))
            if objects > limits.max_objects:
                raise Refused("objects", objects)
    for match in CONTENTS.finditer(data):
        if data.find(b">", match.end(), match.end() + limits.max_contents + 2) < 0:
            raise Refused("contents", limits.max_contents + 1)


# --- an attachment's PDF: parsed, and refused if it carries active or embedded content -----

ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/Launch",
                         "/RichMedia", "/XFA"})
ACTIVE_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/RichMediaExecute"})
MAX_WALK = 200_000


class NotPdf(Exception):
    """The bytes do not open as a PDF."""


def inspect(data: bytes) -> tuple[int, list[str]]:
    """(pages, active content found) of a PDF, opened with pypdf.  Every object reachable from
    the trailer is walked (object streams included, streams not decoded), up to MAX_WALK
    objects; raises NotPdf when pypdf cannot read it."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    found: set[str] = set()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        pages = len(reader.pages)
        stack = [reader.trailer]
        seen: set = set()
        walked = 0
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                key = (obj.idnum, obj.generation)
                if key in seen:
                    continue
                seen.add(key)
                obj = obj.get_object()
            walked += 1
            if walked > MAX_WALK:
                found.add("too many objects")
                break
            if isinstance(obj, DictionaryObject):
                for name, value in obj.items():
                    if name in ACTIVE_KEYS:
                        found.add(name.lstrip("/"))
                    if name == "/S" and isinstance(value, NameObject) and value in ACTIVE_ACTIONS:
                        found.add(value.lstrip("/"))
                    if name == "/Subtype" and value == "/FileAttachment":
                        found.add("FileAttachment")
                    if name != "/Parent":
                        stack.append(value)
            elif isinstance(obj, ArrayObject):
                stack.extend(obj)
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError,
            IndexError, OSError) as error:
        raise NotPdf(error.__class__.__name__) from None
    if pages < 1:
        raise NotPdf("no pages")
    return pages, sorted(found)


# --- pyHanko in a child process --------------------------------------------------------------

class Failed(Exception):
    """The child did not answer: over its time or memory, or it crashed."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def validate_signatures(data: bytes, roots: list[bytes], *, seconds: int,
                        memory_mb: int = 512) -> dict:
    """{"readable": bool, "error": str, "signatures": [...], "entire_file": bool} for the PDF
    `data`, checked against the DER certificates `roots`; raises Failed("time" | "memory" |
    "crash")."""
    payload = json.dumps({"roots": [r.hex() for r in roots], "seconds": seconds,
                          "memory_mb": memory_mb}).encode() + b"\n" + data
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    try:
        done = subprocess.run([sys.executable, "-m", "baocao.lib.pdfcheck"], input=payload,
                              capture_output=True, timeout=seconds + 2, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise Failed("time") from None
    if done.returncode != 0:
        err = done.stderr.decode(errors="replace")
        if "MemoryError" in err:
            raise Failed("memory")
        if done.returncode in (-9, -24, 137, 152) or "CPU" in err:
            raise Failed("time")
        raise Failed("crash")
    try:
        return json.loads(done.stdout)
    except ValueError:
        raise Failed("crash") from None


def _child() -> None:
    """Read the request from standard input, limit ourselves, validate, answer in JSON."""
    import resource

    raw = sys.stdin.buffer.read()
    head, _sep, data = raw.partition(b"\n")
    request = json.loads(head)
    seconds = int(request["seconds"])
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    with open("/proc/self/status") as status:
        vm = next((int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize")),
                  0)
    limit = vm + int(request["memory_mb"]) * 1024 * 1024 + len(data) * 4
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    roots = [bytes.fromhex(r) for r in request["roots"]]
    sys.stdout.write(json.dumps(_validate(data, roots)))


def _validate(data: bytes, root_ders: list[bytes]) -> dict:
    import asyncio
    import io

    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    answer = {"readable": True, "error": "", "signatures": [], "entire_file": True}
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except MemoryError:
        raise
    except Exception as error:  # noqa: BLE001 - any unreadable file is simply not valid
        answer.update(readable=False, error=error.__class__.__name__)
        return answer
    roots = [asn1_x509.Certificate.load(der) for der in root_ders]
    context = ValidationContext(trust_roots=roots, allow_fetching=False,
                                revocation_mode="soft-fail")
    for embedded in signatures:
        try:
            status = asyncio.run(async_validate_pdf_signature(
                embedded_sig=embedded, signer_validation_context=context))
        except MemoryError:
            raise
        except Exception as error:  # noqa: BLE001 - a damaged signature is a failed check
            answer["signatures"].append({"field": embedded.field_name, "signer": "?",
                                         "signed_at": None, "intact": False, "valid": False,
                                         "trusted": False, "modification": str(error)[:200],
                                         "level": None, "docmdp_ok": None})
            continue
        level = status.modification_level
        signed_at = status.signer_reported_dt
        cert = status.signing_cert
        validity = cert["tbs_certificate"]["validity"]
        answer["signatures"].append({
            "names": {"common_name": _name_part(cert.subject, "common_name"),
                      "organisation": _name_part(cert.subject, "organization_name"),
                      "title": _name_part(cert.subject, "title"),
                      "authority": _name_part(cert.issuer, "common_name")
                      or _name_part(cert.issuer, "organization_name"),
                      "valid_from": validity["not_before"].native.isoformat(),
                      "valid_until": validity["not_after"].native.isoformat()},
            "field": embedded.field_name, "signer": status.signing_cert.subject.human_friendly,
            "signed_at": signed_at.isoformat() if signed_at else None,
            "intact": bool(status.intact), "valid": bool(status.valid),
            "trusted": bool(status.trusted),
            "modification": level.name if level is not None else "NONE",
            "level": level.value if level is not None else None,
            "docmdp_ok": status.docmdp_ok})
    if signatures:
        answer["entire_file"] = (signatures[-1].coverage
                                 == SignatureCoverageLevel.ENTIRE_FILE)
    return answer


def _name_part(name, key: str) -> str:
    """One part of a certificate's name (its holder, organisation, title), for people."""
    try:
        value = name.native.get(key, "")
    except (AttributeError, ValueError):
        return ""
    return ", ".join(value) if isinstance(value, list) else str(value or "")


if __name__ == "__main__":
    _child()
