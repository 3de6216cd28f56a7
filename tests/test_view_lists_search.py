"""The lists searched and filtered (issue 21, item 2): units by name, code and kind; drafts by
text, state and regime; the outgoing register by number, text, year and kind.  A bad value lists
nothing and never answers 500; each list keeps to what its reader may see."""

import pytest

from .records_helpers import issue_monthly


def test_the_units_are_searched_by_name_code_and_kind(client_for, tree):
    client = client_for("compiler")
    html = client.get("/units/", {"q": "bưởi"}).content.decode()
    assert "Phường Bưởi" in html and "Phường Nhật Tân" not in html
    assert "1 kết quả" in html
    # typed without the marks, or in capitals: the same search
    for typed in ("buoi", "BƯỞI", "phuong buoi"):
        html = client.get("/units/", {"q": typed}).content.decode()
        assert "Phường Bưởi" in html and "Phường Nhật Tân" not in html, typed
    html = client.get("/units/", {"q": "TAYHO-YT"}).content.decode()
    assert "Phòng Y tế" in html and "Phường Bưởi" not in html
    html = client.get("/units/", {"kind": "ward"}).content.decode()
    assert "Phường Bưởi" in html and "Phường Nhật Tân" in html and "Phòng Y tế" not in html
    html = client.get("/units/", {"q": "không có"}).content.decode()
    assert "Không có đơn vị nào khớp bộ lọc." in html
    # Only the kinds the tree has are offered (a province of today has no district).
    html = client.get("/units/").content.decode()
    assert '<option value="ward"' in html and '<option value="township"' not in html
    assert "Cơ quan chuyên môn" in html
    # A ward's reporter searching for the other ward finds nothing of it.
    html = client_for("reporter").get("/units/", {"q": "Nhật Tân"}).content.decode()
    assert "Phường Nhật Tân" not in html


def test_the_drafts_are_searched_and_filtered(client_for, monthly_draft):
    client = client_for("compiler")
    link = f'href="/drafts/{monthly_draft.pk}/"'
    assert link in client.get("/drafts/").content.decode()
    assert link in client.get("/drafts/", {"q": monthly_draft.title[:8].lower()}).content.decode()
    assert link in client.get("/drafts/", {"state": monthly_draft.state}).content.decode()
    assert link in client.get("/drafts/", {"regime": monthly_draft.regime.code}).content.decode()
    other = client.get("/drafts/", {"state": "issued"}).content.decode()
    assert link not in other and "Không có dự thảo nào khớp bộ lọc." in other
    assert link not in client.get("/drafts/", {"q": "không có gì"}).content.decode()


def test_the_register_finds_a_number_a_text_a_year_and_a_kind(client_for, monthly_draft, users,
                                                              recipients):
    draft = issue_monthly(monthly_draft, users, recipients)
    document = draft.document
    client = client_for("clerk")
    link = f'href="/documents/{document.pk}/"'
    for query in ({"q": str(document.number)}, {"q": document.reference},
                  {"q": document.summary[:12]}, {"year": str(document.issued_on.year)},
                  {"kind": document.kind}, {}):
        assert link in client.get("/documents/", query).content.decode(), query
    for query in ({"q": f"{document.number + 1}/{document.symbol}"}, {"q": "không có gì"},
                  {"year": "1999"}):
        assert link not in client.get("/documents/", query).content.decode(), query


@pytest.mark.parametrize("url", ["/units/", "/drafts/", "/documents/", "/rounds/"])
def test_a_bad_filter_lists_nothing_and_never_fails(client_for, monthly_draft, url):
    client = client_for("clerk")
    for query in ({"kind": "x" * 50}, {"state": "<script>"},
                  {"q": "a" * 500}, {"regime": "'; DROP TABLE"}, {"page": "-1"},
                  {"ended": "maybe"}):
        response = client.get(url, query)
        assert response.status_code == 200, (url, query)
        assert "<script>" not in response.content.decode()
    # a malformed year is said in words, 400 (the register's contract)
    assert client.get("/documents/", {"year": "abc"}).status_code == 400


def test_the_lists_refuse_who_may_not_see_them(client_for, tree):
    assert client_for("outsider").get("/drafts/", {"q": "x"}).status_code == 403
    assert client_for("reporter").get("/documents/", {"q": "1"}).status_code == 403


def test_the_register_is_newest_first_across_its_kinds(client_for, monthly_draft, users,
                                                       recipients):
    """A letter numbered 120 issued a month before report no. 1 is listed after it (the
    register was ordered by number, which runs on per kind: every letter came first)."""
    from datetime import timedelta

    from baocao.documents.models import Document, OutgoingRegister, new_token

    report = issue_monthly(monthly_draft, users, recipients).document
    other = monthly_draft.__class__.objects.get(pk=monthly_draft.pk)
    other.pk, other.round = None, None
    other.save()
    letter = Document.objects.get(pk=report.pk)
    letter.pk, letter.draft, letter.kind, letter.number = None, other, "letter", 120
    letter.register = OutgoingRegister.objects.create(committee=report.register.committee,
                                                      year=report.register.year, kind="letter",
                                                      last_number=120)
    letter.issued_on = report.issued_on - timedelta(days=30)
    letter.issued_at = report.issued_at - timedelta(days=30)
    letter.token, letter.code, letter.summary = new_token(), "", "Công văn cũ hơn"
    letter._state.adding = True  # a new row made from the issued one
    letter.save()
    html = client_for("clerk").get("/documents/").content.decode()
    assert html.index(f'href="/documents/{report.pk}/"') < \
        html.index(f'href="/documents/{letter.pk}/"')
