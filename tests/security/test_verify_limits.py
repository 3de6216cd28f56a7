"""/documents/verify/ is open to anyone: bounded in size, objects, signature length, time and
memory, and limited per address.  The issue's probe: a 19.8 MB PDF whose signature /Contents
holds 9.9 M hex digits took 18 s and 1.7 GB; now it is answered at once."""

import subprocess
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from baocao.documents import verification
from baocao.lib import limits, pdfcheck

BOUNDARY = "baocaoProbeBoundary"


def pdf_with_contents(hex_digits: int, padding: int = 0) -> bytes:
    """A PDF shaped like the probe: one signature dictionary with a huge /Contents."""
    return (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
            b"3 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached "
            b"/ByteRange [0 10 20 30] /Contents <" + b"0" * hex_digits + b"> >>\nendobj\n"
            + b"%" + b"x" * padding + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def multipart(data: bytes) -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"probe.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode() \
        + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def post_measured(body: bytes):
    """POST a ready multipart body anonymously, once timed and once with tracemalloc on;
    (response, seconds, peak bytes allocated while the server answered).  The site is warmed
    up first (URLs, templates), as a running server is."""
    client = Client()
    client.get("/documents/verify/")

    def post():
        return client.generic("POST", "/documents/verify/", body,
                              content_type=f"multipart/form-data; boundary={BOUNDARY}")

    started = time.monotonic()
    response = post()
    seconds = time.monotonic() - started
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        post()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    return response, seconds, peak


@pytest.mark.django_db
def test_the_20_mb_probe_is_answered_within_2_s_and_100_mb():
    body = multipart(pdf_with_contents(9_900_000, padding=9_900_000))
    assert len(body) > 19_800_000
    response, seconds, peak = post_measured(body)
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.content.decode()
    assert seconds < 2, seconds
    # The test client copies the 20 MB body once into its fake socket; the server adds little.
    assert peak < 100 * 1024 * 1024, peak


@pytest.mark.django_db
def test_a_long_signature_under_the_size_limit_is_refused_before_pyhanko(monkeypatch):
    def no_pyhanko(*args, **kwargs):
        raise AssertionError("pyHanko must not read this file")

    monkeypatch.setattr(pdfcheck, "validate_signatures", no_pyhanko)
    body = multipart(pdf_with_contents(9_800_000))
    response, seconds, peak = post_measured(body)
    assert response.status_code == 200
    assert "chữ ký dài hơn 64 KB" in response.content.decode()
    assert seconds < 2, seconds
    assert peak < 100 * 1024 * 1024, peak


def test_too_many_objects_are_refused_before_pyhanko():
    objects = b"".join(b"%d 0 obj\n<< >>\nendobj\n" % n for n in range(1, 20_100))
    refusal = verification.verification_refusal(b"%PDF-1.7\n" + objects)
    assert "hơn 20.000 đối tượng" in refusal


def test_objects_packed_in_object_streams_count_too():
    packed = b"%PDF-1.7\n1 0 obj\n<< /Type /ObjStm /N 50000 /First 10 >>\nstream\n"
    assert "đối tượng" in verification.verification_refusal(packed)


def test_a_body_over_the_limit_is_refused_by_its_length_before_it_is_read(settings, rf):
    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body must not be read")

        readline = read

    request = rf.post("/documents/verify/", data=b"", content_type="application/pdf")
    request.META["CONTENT_LENGTH"] = str(300 * 1024 * 1024)
    request.META["wsgi.input"] = Unreadable()
    middleware = limits.RequestBodyLimitMiddleware(lambda r: pytest.fail("went on"))
    assert middleware(request).status_code == 413


def test_the_verify_view_takes_a_smaller_limit(settings, client):
    settings.BAOCAO_VERIFY_MAX_BYTES = 1024
    big = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 200_000, "application/pdf")
    assert client.post("/documents/verify/", {"file": big}).status_code == 413


def test_an_upload_is_stopped_while_it_streams_in(rf):
    handler = limits.LimitedUploadHandler(rf.post("/"))
    handler.request._baocao_body_limit = 10
    handler.new_file("file", "a.pdf", "application/pdf", 100)
    assert handler.receive_data_chunk(b"12345", 0) == b"12345"
    with pytest.raises(limits.BodyTooLarge):
        handler.receive_data_chunk(b"678901", 5)


@pytest.mark.django_db
def test_checks_are_limited_per_address(settings):
    settings.BAOCAO_VERIFY_PER_MINUTE = 3
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _i in range(3):
        upload = SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")
        assert client.post("/documents/verify/", {"file": upload}).status_code == 400
    upload = SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")
    refused = client.post("/documents/verify/", {"file": upload})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "quá nhiều tệp" in refused.content.decode()
    other = Client(REMOTE_ADDR="203.0.113.8")
    upload = SimpleUploadedFile("x.pdf", b"not a pdf", "application/pdf")
    assert other.post("/documents/verify/", {"file": upload}).status_code == 400
    assert client.get("/documents/verify/").status_code == 200  # the form itself is not counted


@pytest.mark.django_db
def test_a_check_over_its_time_is_refused(monkeypatch, settings):
    def too_slow(*args, **kwargs):
        raise subprocess.TimeoutExpired("python", 12)

    monkeypatch.setattr(subprocess, "run", too_slow)
    verdict = verification.verify(pdf_with_contents(100))
    assert not verdict.ok
    assert "trong 10 giây" in verdict.problems[0]


def test_the_child_process_is_limited_in_time_and_memory():
    """A file that makes the child spin is stopped by its CPU limit, not the server's."""
    started = time.monotonic()
    with pytest.raises(pdfcheck.Failed):
        pdfcheck.validate_signatures(b"%PDF-1.7\n", [], seconds=1, memory_mb=1)
    assert time.monotonic() - started < 10


def test_the_child_reads_a_damaged_file_as_unreadable():
    answer = pdfcheck.validate_signatures(b"%PDF-1.7\nrubbish", [], seconds=10)
    assert answer["readable"] is False or answer["signatures"] == []
