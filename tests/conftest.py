"""Shared fixtures: demo-like users per role, API clients, and the real-service switches.

Tests that need PostgreSQL, Redis or Chromium skip on a machine without them, unless
REQUIRE_SERVICES=1 (as in CI), where a missing service is a failure.
"""

import os

import pytest
from django.db import connection
from rest_framework.test import APIClient

from liaison.celery import app as celery_app

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def need(condition: bool, reason: str) -> None:
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture
def postgres_only():
    need(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")


@pytest.fixture(autouse=True)
def eager_celery(settings):
    """Unit tests run tasks in-process; the worker tests turn this off."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # tests only


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    """`api_as(user)` → an API client authenticated as that user."""

    def login(user):
        api.force_authenticate(user=user)
        return api

    return login
