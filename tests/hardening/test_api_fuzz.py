"""schemathesis against the project's own OpenAPI schema, in-process (WSGI), with a token.

Every operation of /api/v1/schema/ gets a handful of generated requests (derandomized, so a run is
reproducible) against the demo data, as the admin, so ids in paths exist and every branch is
reachable. A request that answers 5xx, or a response that does not match the schema (body or
content type), fails the test with the operation and the reproducing call. Each request runs in a
savepoint rolled back afterwards, so generated writes do not pile up.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from liaison.wsgi import application

EXAMPLES_PER_OPERATION = 8
CHECKS = [checks.not_a_server_error, checks.response_schema_conformance, checks.content_type_conformance]


def _describe(error: BaseException) -> str:
    if isinstance(error, BaseExceptionGroup):
        return "\n".join(_describe(inner) for inner in error.exceptions)
    return str(error)[:1200]


@pytest.fixture
def connection_kept_across_requests():
    """Like Django's test client: the WSGI app must not close the test's connection (and with it the
    test transaction) at the end of each request."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("connection_kept_across_requests")
def test_no_operation_answers_5xx_and_every_response_matches_the_schema(settings, monkeypatch):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "public": "100000/min", "login": "100000/min"},
    }
    from rest_framework import throttling

    monkeypatch.setattr(
        throttling.SimpleRateThrottle, "THROTTLE_RATES", settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    )
    call_command("seed_demo", verbosity=0)
    from django.contrib.auth.models import User

    token = Token.objects.get_or_create(user=User.objects.get(username="admin"))[0].key
    headers = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)

    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case):
            with transaction.atomic():
                try:
                    case.call_and_validate(headers=headers, checks=CHECKS)
                finally:
                    transaction.set_rollback(True)

        try:
            run()
        except (Exception, BaseExceptionGroup) as error:  # failed checks, with the reproducing request
            failures.append(f"{operation.label}: {_describe(error)}")
    assert operations > 50, "the whole schema was loaded"
    assert not failures, "\n\n".join(failures)
