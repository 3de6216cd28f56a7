"""The entry page's rows, written in Python (collection/rowhtml.py): escaped, in Vietnamese,
the same markup the page's script and htmx expect."""

from datetime import UTC, datetime
from types import SimpleNamespace

from baocao.collection.rowhtml import row_html
from baocao.collection.validation import ERROR, WARNING, Problem


def _row(**extra):
    indicator = SimpleNamespace(code="YT01", formula="", unit_of_measure="người <b>")
    row = SimpleNamespace(label='Số ca "mắc" <script>alert(1)</script>', required=True)
    r = {"indicator": indicator, "row": row, "id": "7", "derived": False, "has_error": False,
         "problems": [], "conflict": None, "needs_comment": False, "comment": "",
         "editable": True, "saved": None, "beside": {},
         "cells": [{"column": "actual", "entered": True, "input": True, "text": "1.234,5",
                    "revision": 3, "vals": '{"indicator": "7", "column": "actual", '
                                           '"revision": "3"}'},
                   {"column": "year_to_date", "entered": False, "text": ""}]}
    r.update(extra)
    return r


def test_every_text_is_escaped():
    html = row_html(_row(comment='a" onfocus="x'), "/cell/", "/comment/")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "người &lt;b&gt;" in html
    assert 'Số ca &quot;mắc&quot;' in html


def test_the_inputs_post_to_the_cell_with_their_revision():
    html = row_html(_row(), "/rounds/submissions/5/cell/", "/c/")
    assert '<tr id="row-7" class="entry-row">' in html
    assert 'id="cell-7-actual" name="value" value="1.234,5"' in html
    assert 'hx-post="/rounds/submissions/5/cell/"' in html
    assert "hx-vals='{\"indicator\": \"7\", \"column\": \"actual\", \"revision\": \"3\"}'" in html
    assert 'hx-target="#row-7"' in html and 'aria-labelledby="label-7 head-actual"' in html
    assert '<td class="computed text-end small" data-label="Lũy kế">—</td>' in html  # none yet
    assert '<td class="entered" data-label="Thực hiện">' in html  # named on a phone
    assert 'class="text-danger" aria-hidden="true">*</span>' in html  # required


def test_problems_conflicts_and_comments_are_shown_in_vietnamese():
    conflict = {"column": "actual", "label": "Thực hiện", "theirs": "1.200", "mine": "9<b>",
                "by": "Trần Văn Bưởi", "revision": 4,
                "at": datetime(2026, 10, 5, 2, 1, 0, tzinfo=UTC)}
    html = row_html(_row(has_error=True, conflict=conflict, needs_comment=True,
                         problems=[Problem(ERROR, "YT01", "actual", "không được âm."),
                                   Problem(WARNING, "YT01", "actual", "khác thường")],
                         beside={"last_year": "1.000", "target": "5.000"}, saved=True),
                    "/cell/", "/comment/", now=datetime(2026, 10, 5, 9, 8, 7))
    assert 'class="entry-row has-error"' in html
    assert 'role="alert">⛔ không được âm.</div>' in html
    assert 'role="status">⚠ khác thường</div>' in html
    assert "Trần Văn Bưởi vừa lưu ô “Thực hiện” (lúc 09:01:00)" in html  # Hà Nội time
    assert '<dd class="merge-theirs">1.200</dd>' in html
    assert '<dd class="merge-mine">9&lt;b&gt;</dd>' in html
    assert '<input type="hidden" name="value" value="9&lt;b&gt;">' in html
    assert '<input type="hidden" name="revision" value="4">' in html
    assert "Giữ của tôi" in html and "data-keep-theirs" in html
    assert 'placeholder="Giải trình số liệu này"' in html and 'id="comment-7"' in html
    assert 'hx-post="/comment/"' in html
    assert "cùng kỳ 1.000 · KH 5.000</div>" in html
    assert "09:08:07" in html


def test_a_derived_row_shows_its_formula_in_words_and_no_input():
    r = _row(derived=True, cells=[{"column": "actual", "entered": False, "text": "59,8"}],
             formula_words="Chi đầu tư ÷ Tổng chi × 100")
    r["indicator"].formula = "100 * NS05 / NS04"
    html = row_html(r, "/cell/", "/comment/", oob=True)
    assert 'hx-swap-oob="true"' in html
    assert "= Chi đầu tư ÷ Tổng chi × 100</div>" in html and "NS05" not in html
    assert "<input" not in html and ">59,8</td>" in html
    assert "aria-hidden" not in html  # a derived row is never typed, so never required
