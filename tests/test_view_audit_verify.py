from django.db import connection

from baocao.audit.log import record


def test_it_is_forbidden_to_other_roles(client_for):
    assert client_for("reporter").get("/audit/verify/").status_code == 403


def test_it_says_the_chain_is_intact(client_for, users):
    record("test.one", actor=users["admin"])
    html = client_for("leader").get("/audit/verify/").content.decode()
    assert "toàn vẹn" in html


def test_it_names_the_broken_event(client_for, users):
    event = record("test.one", actor=users["admin"])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        cursor.execute("UPDATE audit_event SET action = 'test.two' WHERE id = %s", [event.pk])
    html = client_for("admin").get("/audit/verify/").content.decode()
    assert f"#{event.seq}" in html and "alert-danger" in html
