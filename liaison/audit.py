"""The audit trail (django-auditlog): every change to suggestions, visits and deputies, field by
field, with who made it. Phones are masked in the trail itself.

django-auditlog sees `save()` and `delete()`, not `queryset.update()` or `bulk_create`. The services
save these three models through the instance (`save(update_fields=…)`), except assignment, which
updates suggestions in bulk and writes their entries with `log_updates()`; the other rows changed
in bulk are assignments and notifications, whose history the suggestion's event log already keeps.
"""


def register_audited_models() -> None:
    from auditlog.registry import auditlog

    from liaison.models import Deputy
    from stations.models import Visit
    from suggestions.models import Suggestion

    auditlog.register(
        Suggestion, exclude_fields=["keywords"], mask_fields=["submitter_phone"], m2m_fields={"co_signers"}
    )
    # `suggestion` is the reverse side of Suggestion.source_visit, logged on the suggestion; django-auditlog
    # would otherwise read it (one query) on every visit saved.
    auditlog.register(Visit, exclude_fields=["suggestion"], mask_fields=["visitor_phone"], m2m_fields={"deputies"})
    auditlog.register(Deputy, mask_fields=["phone"])


def log_updates(originals: list, instances: list, *, fields: list[str]) -> None:
    """The audit entries django-auditlog's `save()` hook writes, for rows of an audited model changed
    in bulk (`originals` are copies taken before the change), in one INSERT. They get the actor of
    the current request or task the way django-auditlog gives it: through LogEntry's pre_save."""
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_disabled
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import pre_save

    if not instances or auditlog_disabled.get():
        return
    content_type = ContentType.objects.get_for_model(instances[0])
    entries = []
    for original, instance in zip(originals, instances, strict=True):
        changes = model_instance_diff(
            original, instance, fields_to_check=fields, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
        )
        if changes:
            entry = LogEntry(
                content_type=content_type,
                object_pk=str(instance.pk),
                object_id=instance.pk,
                object_repr=str(instance),
                action=LogEntry.Action.UPDATE,
                changes=changes,
                cid=get_cid(),
            )
            pre_save.send(sender=LogEntry, instance=entry, raw=False, using=entry._state.db, update_fields=None)
            entries.append(entry)
    LogEntry.objects.bulk_create(entries)
