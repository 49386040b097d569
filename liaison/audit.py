"""The audit trail (django-auditlog): every change to suggestions, visits and deputies, field by
field, with who made it. Phones are masked in the trail itself.

django-auditlog sees `save()` and `delete()`, not `queryset.update()` or `bulk_create`. The services
save these three models through the instance (`save(update_fields=…)`); the rows they change in
bulk are assignments and notifications, whose history the suggestion's event log already keeps.
"""


def register_audited_models() -> None:
    from auditlog.registry import auditlog

    from liaison.models import Deputy
    from stations.models import Visit
    from suggestions.models import Suggestion

    auditlog.register(
        Suggestion, exclude_fields=["keywords"], mask_fields=["submitter_phone"], m2m_fields={"co_signers"}
    )
    auditlog.register(Visit, mask_fields=["visitor_phone"], m2m_fields={"deputies"})
    auditlog.register(Deputy, mask_fields=["phone"])
