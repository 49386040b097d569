from liaison.apps_ui import nav_templates
from liaison.scoping import ROLE_LABELS, scope_for


def scope(request):
    """`scope`, `role_labels` and the apps' navigation fragments, for the layout of every page."""
    user = getattr(request, "user", None)
    user_scope = scope_for(user)
    signed_in = bool(user and user.is_authenticated)
    return {
        "scope": user_scope,
        "role_labels": [ROLE_LABELS[r] for r in user_scope.roles],
        "nav_templates": nav_templates(public=not signed_in),
        "unread_count": user.notifications.filter(read_at__isnull=True).count() if signed_in else 0,
    }
