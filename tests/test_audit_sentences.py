"""Histories in sentences (baocao/audit/sentences.py): every action the code writes has its
words, and a history names people by their name, position and unit."""

import ast
from pathlib import Path

from django.utils import translation

from baocao.audit import sentences
from baocao.audit.log import record
from baocao.audit.models import Event
from baocao.catalogue.models import Action
from baocao.drafting.models import RemoteSignature

ROOT = Path(__file__).resolve().parent.parent / "baocao"

# The actions written with a variable part, and the values that part takes.
TEMPLATES = {
    "f'draft.{action}'": [f"draft.{a}" for a in [*Action.values, "close"]],
    "f'suggestion.{action}'": [f"suggestion.{a}" for a in
                               ["submit", "forward", "assign", "decline", "report", "inform"]],
    "f'draft.remote_sign_{state}'": [f"draft.remote_sign_{s}"
                                     for s in RemoteSignature.State.values],
    # save_and_record / delete_and_record / the administration pages: <model>.create …
    "f'{label}.delete'": ["indicator.delete"],
    "f'{obj._meta.model_name}.update'": ["indicator.update"],
    "action": ["indicator.create", "orgunit.update"],
    "f'round.{result.action}_selected'": [f"round.{a}_selected"
                                          for a in ("receive", "remind", "extend")],
}


def written_actions() -> tuple[set[str], set[str]]:
    """(the actions given as text to record(), the expressions that make one)."""
    literal, other = set(), set()
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and node.args and getattr(
                    node.func, "id", getattr(node.func, "attr", None)) == "record"):
                continue
            first = node.args[0]
            for part in [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]:
                if isinstance(part, ast.Constant):
                    literal.add(part.value)
                else:
                    other.add(ast.unparse(part))
    return literal, other


def test_every_action_the_code_writes_has_its_words():
    literal, other = written_actions()
    assert len(literal) > 80  # the walk finds the record() calls
    assert other <= set(TEMPLATES), f"an action made in a new way: {other - set(TEMPLATES)}"
    actions = literal | {a for t in other for a in TEMPLATES[t]}
    missing = sorted(a for a in actions if not sentences.known(a))
    assert missing == []


def test_every_sentence_is_vietnamese_and_none_is_the_code():
    with translation.override("en"):
        english = {a: str(words) for a, words in sentences.DONE.items()}
    with translation.override("vi"):
        assert [a for a, words in sentences.DONE.items() if str(words) == english[a]] == []
        assert sentences.done("submission.send") == "đã gửi báo cáo"
        assert sentences.done("indicator.create") == "đã tạo chỉ tiêu"


def test_a_history_names_the_person_with_position_and_unit(users, tree):
    record("submission.send", tree["ward"], actor=users["reporter"])
    record("demo.values", tree["ward"], actor=None, ip=None)
    with translation.override("vi"):
        sent, system = sentences.in_sentences(Event.objects.order_by("seq").filter(
            action__in=["submission.send", "demo.values"]))
    assert sent.sentence == "Người reporter (Công chức, Phường Bưởi) đã gửi báo cáo"
    assert "reporter." not in sent.sentence and "submission" not in sent.sentence
    assert system.sentence == "Hệ thống đã nạp số liệu của bản trình diễn"


def test_the_submission_page_shows_its_history_in_sentences(client_for, collection, users):
    from tests.conftest import sent

    sent(collection["submission"])
    record("submission.send", collection["submission"], actor=users["reporter"])
    page = client_for("reporter").get(f"/rounds/submissions/{collection['submission'].pk}/")
    text = page.content.decode()
    assert "Người reporter (Công chức, Phường Bưởi) đã gửi báo cáo" in text
    assert "<code>submission.send</code>" not in text
