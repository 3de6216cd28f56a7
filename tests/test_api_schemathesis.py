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
def token(monthly_draft, users, settings_limits):
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
