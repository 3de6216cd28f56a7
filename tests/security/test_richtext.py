"""One sanitiser for every rich text, keeping only the editor's own class.  The issue's probe:
draft HTML kept `class` attributes, so text could borrow the print styles."""

import pytest

from baocao.collection import submissions
from baocao.drafting import editing
from baocao.lib import richtext

PAYLOADS = [
    "<script>alert(1)</script>", '<img src=x onerror="alert(1)">', '<a href="javascript:x()">a</a>',
    '<svg onload="alert(1)"></svg>', '<p style="background:url(javascript:x)">p</p>',
    '<iframe src="//evil"></iframe>', '<math><mtext><img src=x onerror=alert(1)>',
    '<p onclick="x()">p</p>', '<form action="//evil"><input name="a"></form>',
    '<table><tr><td onmouseover="x()">1</td></tr></table>', '<object data="x.swf"></object>',
    "<style>body{display:none}</style>", '<base href="//evil/">',
    '<meta http-equiv="refresh" content="0;url=//evil">', "<noscript><p title=\"</noscript>"
    "<img src=x onerror=alert(1)>\">", '<link rel="stylesheet" href="//evil.css">',
    '<div data-vega-spec="{}">chart</div>',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_script_survives(payload):
    cleaned = richtext.clean(payload).lower()
    for bad in ("<script", "onerror", "onclick", "onload", "onmouseover", "javascript:",
                "<iframe", "<style", "<base", "<meta", "<link", "<form", "<img", "<svg",
                "style=", "data-vega", "<object"):
        assert bad not in cleaned, (payload, cleaned)


def test_only_the_editors_own_class_is_kept():
    html = ('<p class="nd30-title">Tiêu đề giả</p><table class="nd30-head"><tr>'
            '<td class="num nd30-draft text-danger">1.234</td><th class="nd30-h">A</th></tr>'
            '</table>')
    cleaned = richtext.clean(html)
    assert 'class="num"' in cleaned
    assert "nd30" not in cleaned and "text-danger" not in cleaned
    assert "<p>Tiêu đề giả</p>" in cleaned


def test_spans_are_small_numbers():
    cleaned = richtext.clean('<table><tr><td colspan="2" rowspan="99999">1</td></tr></table>')
    assert 'colspan="2"' in cleaned and "rowspan" not in cleaned


def test_every_rich_text_goes_through_the_same_sanitiser(monkeypatch):
    calls = []
    monkeypatch.setattr(richtext, "clean", lambda html: calls.append(html) or "ok")
    assert submissions.clean_html("<p>a</p>") == "ok"
    assert editing.clean_html("<p>b</p>") == "ok"
    assert calls == ["<p>a</p>", "<p>b</p>"]


def test_a_saved_draft_section_loses_foreign_classes(monthly_draft, users):
    section = monthly_draft.sections.first()
    result = editing.save_section(section, '<p class="nd30-draft">DỰ THẢO giả</p>',
                                  users["compiler"], revision=section.revision)
    section.refresh_from_db()
    assert result is not None and section.html == "<p>DỰ THẢO giả</p>"


def test_a_units_text_loses_them_too(collection, users):
    text, _conflict = submissions.save_text(
        collection["submission"], collection["results"],
        '<p class="nd30-signature">Ký thay</p>', users["reporter"])
    assert text.html == "<p>Ký thay</p>"
