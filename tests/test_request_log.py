"""One structured log line per request: time, user, path, status, duration, queries; slow
requests at WARNING."""

import json
import logging

import pytest


@pytest.fixture
def lines(caplog):
    caplog.set_level(logging.INFO, logger="baocao.request")
    logging.getLogger("baocao.request").addHandler(caplog.handler)
    yield lambda: [(r.levelno, json.loads(r.getMessage())) for r in caplog.records
                   if r.name == "baocao.request"]
    logging.getLogger("baocao.request").removeHandler(caplog.handler)


def test_it_logs_one_line_per_request_with_the_user_and_the_queries(client_for, lines):
    client = client_for("reporter")
    response = client.get("/")
    assert response.status_code == 200
    [(level, line)] = lines()
    assert level == logging.INFO
    assert line["user"] == "reporter" and line["ip"] == "127.0.0.1"
    assert line["method"] == "GET" and line["path"] == "/" and line["status"] == 200
    assert line["queries"] > 0
    assert line["ms"] >= 0
    assert line["time"].endswith("+00:00")
    assert "slow" not in line


def test_an_anonymous_request_has_no_user(client, db, lines):
    client.get("/login/")
    [(_level, line)] = lines()
    assert line["user"] == "" and line["status"] == 200


def test_a_refused_request_is_logged_with_its_status(client, db, lines):
    client.get("/rounds/")
    [(_level, line)] = lines()
    assert line["status"] == 302


def test_slow_requests_are_warnings(client_for, lines, settings):
    settings.BAOCAO_SLOW_REQUEST_MS = 0
    client_for("reporter").get("/")
    [(level, line)] = lines()
    assert level == logging.WARNING and line["slow"] is True


def test_it_can_be_turned_off(client, db, lines, settings):
    settings.BAOCAO_REQUEST_LOG = False
    client.get("/login/")
    assert lines() == []


def test_the_address_is_read_through_the_proxies(client, db, lines, settings):
    settings.BAOCAO_PROXY_COUNT = 1
    client.get("/login/", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4",
               REMOTE_ADDR="127.0.0.1")
    [(_level, line)] = lines()
    assert line["ip"] == "198.51.100.4"
