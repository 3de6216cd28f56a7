"""schemathesis over /api/v1/openapi.json: generated requests to every operation, as a
compiler (who sees the whole committee) with a write token, never get a 5xx, an undocumented
status, or an answer that breaks the schema.  Bounded: a few examples per operation."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def keep_connection():
    """As Django's test client does: the WSGI handler must not close the test's connection at
    the end of each request (on PostgreSQL that would drop the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(monthly_draft, users, settings_limits, keep_connection):
    from baocao.organisation import tokens

    return tokens.create(users["compiler"], "schemathesis", "write", 7)[1]


@pytest.fixture
def settings_limits(settings):
    settings.BAOCAO_API_PER_MINUTE = 100_000


@schema.parametrize()
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_v1_keeps_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"ApiToken {token}"}, checks=CHECKS)
