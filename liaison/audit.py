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
    from auditlog.diff import get_field_value, is_primitive
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import pre_save
    from django.utils.encoding import smart_str

    from liaison.bulk import insert_rows

    if not instances or auditlog_disabled.get():
        return
    model = type(instances[0])
    if set(fields) & set(auditlog.get_model_fields(model)["mask_fields"]):
        raise ValueError("log_updates writes unmasked values: save masked fields through the instance")
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(model), action=LogEntry.Action.UPDATE, cid=get_cid()
    )
    pre_save.send(sender=LogEntry, instance=entry, raw=False, using=entry._state.db, update_fields=None)
    # What model_instance_diff() compares and stores, field by field (it would build the sets of all
    # the model's fields again for each row: a third of a routing batch's Python time).
    json_changes = settings.AUDITLOG_STORE_JSON_CHANGES
    checked = [model._meta.get_field(name) for name in fields]
    rows = []
    for original, instance in zip(originals, instances, strict=True):
        changes = {}
        for field in checked:
            old, new = get_field_value(original, field, json_changes), get_field_value(instance, field, json_changes)
            if old != new:
                changes[field.name] = [v if json_changes and is_primitive(v) else smart_str(v) for v in (old, new)]
        if changes:
            rows.append((str(instance.pk), instance.pk, str(instance), changes))
    insert_rows(entry, ("object_pk", "object_id", "object_repr", "changes"), rows)
