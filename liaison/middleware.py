"""Answer a lost or refused database connection with a clear 503 instead of a 500.

Services write in one transaction, so a connection lost half way rolls the whole action back:
the person is told to try again, and nothing half-written stays behind.
"""

import logging

from auditlog.middleware import AuditlogMiddleware
from django.db import InterfaceError, OperationalError
from django.utils.functional import SimpleLazyObject

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


def is_database_outage(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, DATABASE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
    return False


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        from liaison.views import service_unavailable

        logger.error("database unavailable during %s %s: %s", request.method, request.path, exception)
        return service_unavailable(request)


class AuditActorMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, reading the user when a change is logged rather than before
    the view: the API authenticates its token inside the view, and DRF then sets `request.user`."""

    @staticmethod
    def _get_actor(request):
        def current_user():
            user = getattr(request, "user", None)
            return user if user is not None and user.is_authenticated else None

        return SimpleLazyObject(current_user)
