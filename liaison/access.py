"""Record every unmasked view of personal data.

Wherever the code decides to show a phone or name whole (`visitor_shown`, the serializers, the
admin), it calls `note(subject, ids)`. The middleware collects the notes of one request and, once
the response is ready, writes one `PersonalDataAccess` row per subject: who, when, where, which
records. Outside a request (tasks, commands) nothing is collected.
"""

import contextvars
import logging

logger = logging.getLogger(__name__)

_seen: contextvars.ContextVar[dict | None] = contextvars.ContextVar("personal_data_seen", default=None)


def note(subject: str, *object_ids) -> None:
    """This request shows the personal data of these records of `subject` unmasked."""
    seen = _seen.get()
    if seen is not None:
        seen.setdefault(subject, set()).update(i for i in object_ids if i is not None)


class PersonalDataAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _seen.set({})
        try:
            response = self.get_response(request)
            seen = _seen.get()
        finally:
            _seen.reset(token)
        if seen and response.status_code < 400:
            from liaison.services import personal_data_access_record

            try:
                personal_data_access_record(user=request.user, path=request.get_full_path()[:500], seen=seen)
            except Exception:  # the page was shown; losing the record must be loud, not a 500
                logger.exception("personal data access on %s not recorded", request.path)
        return response


class AccessLoggedAdmin:
    """Admin mixin: opening a record's change page shows its personal data whole; record it."""

    access_subject = ""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if response.status_code == 200 and str(object_id).isdigit():
            note(self.access_subject, int(object_id))
        return response
