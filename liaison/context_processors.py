from liaison.scoping import ROLE_LABELS, scope_for


def scope(request):
    """`scope` and `role_labels` for the navigation of every page."""
    user_scope = scope_for(getattr(request, "user", None))
    return {"scope": user_scope, "role_labels": [ROLE_LABELS[r] for r in user_scope.roles]}
