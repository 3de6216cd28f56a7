"""Quiet, Vietnamese output (issue 21, item 9): a favicon, the preview's fonts, one line and no
traceback for an ordinary 403/404, the demo's steps in Vietnamese."""

import logging

from baocao.core import registry
from baocao.documents import render
from baocao.lib.logfilters import QuietClientErrors


def test_the_favicon_is_served_at_its_usual_address(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an .ico


def test_every_page_links_the_favicon(client_for):
    html = client_for("compiler").get("/").content.decode()
    assert 'rel="icon" href="/static/baocao/favicon.svg"' in html
    # both static: served before the session is read, no database work beside every page
    # (and no two requests racing on one SQLite connection in the browser tests)
    assert 'rel="icon" href="/static/baocao/favicon.ico"' in html


def test_the_preview_takes_its_fonts_from_the_static_files(monthly_draft):
    from baocao.documents import structure

    report = structure.of_draft(monthly_draft)
    source = render.render(report, "html").decode()  # what the browser's preview is given
    assert 'url("/static/vendor/fonts/tinos/Tinos-Regular.ttf")' in source
    printed = render.html(report)  # what WeasyPrint lays out, beside the vendored files
    assert 'url("fonts/tinos/Tinos-Regular.ttf")' in printed


def test_the_fonts_the_preview_asks_for_exist(client):
    for face in ("Regular", "Bold", "Italic", "BoldItalic"):
        assert (render.VENDOR / "fonts" / "tinos" / f"Tinos-{face}.ttf").exists()


def _record(name, status, message="Forbidden (Permission denied): /x/"):
    try:
        raise PermissionError("no")
    except PermissionError:
        import sys

        record = logging.LogRecord(name, logging.WARNING, __file__, 1, message, (),
                                   sys.exc_info())
    record.status_code = status
    return record


def test_an_ordinary_refusal_is_logged_in_one_line_without_a_traceback():
    quiet = QuietClientErrors()
    for status in (403, 404):
        record = _record("django.request", status)
        assert quiet.filter(record) and record.exc_info is None
        assert "Traceback" not in logging.Formatter().format(record)
    server_error = _record("django.request", 500)
    assert quiet.filter(server_error) and server_error.exc_info is not None


def test_the_log_of_a_forbidden_page_has_no_traceback(client_for, collection, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    handler = logging.getLogger().handlers[0]
    assert any(isinstance(f, QuietClientErrors) for f in handler.filters)
    response = client_for("outsider").get(
        f"/rounds/submissions/{collection['submission'].pk}/")
    assert response.status_code == 403
    lines = [handler.format(r) for r in caplog.records if r.name == "django.request"
             and all(f.filter(r) for f in handler.filters)]
    assert lines and all("Traceback" not in line for line in lines)


def test_the_demo_says_its_steps_in_vietnamese():
    from django.utils import translation

    with translation.override("vi"):
        titles = [str(registry.demo_titles[step]) for _order, step in registry.demo_steps]
    assert len(titles) == len(registry.demo_steps) >= 6
    assert titles[0] == "Cây đơn vị và những người dùng của bản trình diễn"
    assert all(any(c in t for c in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")
               for t in titles)
