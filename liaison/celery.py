"""The Celery app, configured from Django settings (keys prefixed CELERY_)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")

app = Celery("liaison")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="liaison.ping", ignore_result=False)
def ping():
    """Answers "pong": proves a worker is wired to the broker and to Django."""
    from liaison.models import Region

    return f"pong:{Region.objects.count()}"
