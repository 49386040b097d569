"""insert_rows(): many rows in one statement, each as save() would have written it."""

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liaison.bulk import insert_rows
from liaison.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return get_user_model().objects.create_user("clerk", email="clerk@example.cn")


def test_rows_take_their_own_columns_and_the_rest_from_the_template(clerk):
    before = timezone.now()
    template = Notification(recipient=clerk, body="请于三日内答复。")
    rows = [
        ("新交办建议：关于加装电梯的建议", "/suggestions/1/"),
        ("新交办建议：关于河道治理的建议", "/suggestions/2/"),
    ]
    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(template, ("title", "link"), rows) == 2
    assert len(queries) == 1
    written = Notification.objects.order_by("link")
    assert [(n.title, n.link) for n in written] == rows
    assert {(n.recipient, n.body, n.read_at) for n in written} == {(clerk, "请于三日内答复。", None)}
    assert all(n.created_at >= before for n in written)  # auto_now_add, as save() sets it


def test_json_columns_take_python_values_and_defaults_come_from_the_field(clerk):
    content_type = ContentType.objects.get_for_model(Notification)
    changes = [{"status": ["submitted", "assigned"]}, {"due_on": ["None", "2027-02-21"], "标题": ["旧", "新"]}]
    template = LogEntry(content_type=content_type, action=LogEntry.Action.UPDATE, actor=clerk)
    insert_rows(
        template,
        ("object_pk", "object_id", "object_repr", "changes"),
        [("1", 1, "一", changes[0]), ("2", 2, "二", changes[1])],
    )
    entries = LogEntry.objects.filter(content_type=content_type).order_by("object_id")
    assert [e.changes for e in entries] == changes
    assert {(e.actor, e.action, e.timestamp) for e in entries} == {(clerk, LogEntry.Action.UPDATE, template.timestamp)}


def test_no_rows_write_nothing(clerk):
    with CaptureQueriesContext(connection) as queries:
        assert insert_rows(Notification(recipient=clerk), ("title",), []) == 0
    assert len(queries) == 0


def test_a_row_of_the_wrong_length_writes_nothing(clerk):
    with pytest.raises(ValueError):
        insert_rows(Notification(recipient=clerk), ("title", "link"), [("甲", "/a/"), ("乙",)])
    assert not Notification.objects.exists()
