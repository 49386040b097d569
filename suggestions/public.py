"""What the public may see of a suggestion by its tracking code: status and dates only."""

from django.http import Http404
from django.utils import timezone

from suggestions.models import EVENT_LABELS, Status, Suggestion

# Steps shown to the public; who did them and what was said stays inside.
PUBLIC_ACTIONS = ("submit", "assign", "accept", "return", "reply", "rehandle", "close", "merge", "withdraw", "decline")


def _day(moment):
    return timezone.localdate(moment) if moment else None


def tracking_view(code: str) -> dict:
    suggestion = Suggestion.objects.select_related("lead_unit").filter(tracking_code=code.strip().upper()).first()
    if suggestion is None:
        raise Http404
    events = suggestion.events.filter(action__in=PUBLIC_ACTIONS).values_list("action", "created_at")
    return {
        "tracking_code": suggestion.tracking_code,
        "kind": suggestion.get_kind_display(),
        "status": suggestion.status,
        "status_label": Status(suggestion.status).label,
        "submitted_on": _day(suggestion.submitted_at),
        "assigned_on": _day(suggestion.assigned_at),
        "lead_unit": suggestion.lead_unit.name if suggestion.lead_unit else None,
        "due_on": suggestion.due_on,
        "replied_on": _day(suggestion.replied_at),
        "result": suggestion.get_result_display() if suggestion.result else "",
        "closed_on": _day(suggestion.closed_at),
        "steps": [{"action_label": EVENT_LABELS[action], "date": _day(at)} for action, at in events],
    }
