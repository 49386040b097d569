"""The Celery app, configured from Django settings (keys prefixed CELERY_)."""

import gc
import os

from celery import Celery
from celery.signals import task_postrun, task_prerun, worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")

app = Celery("liaison")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def close_old_connections(task=None, **kwargs):
    """At each task's start and end, what Django does at each request's: drop a connection that
    failed or is older than CONN_MAX_AGE, and keep the others (see CELERY_DB_REUSE_MAX)."""
    if task is not None and task.request.is_eager:
        return  # in-process: the caller's connection and transaction are not ours to close
    from django.db import close_old_connections

    close_old_connections()


@worker_ready.connect
@worker_process_init.connect
def freeze_startup_objects(**kwargs):
    """Leave what the worker loaded at start (Django, the models, Celery) out of the garbage collector's
    full passes: a routing batch creates enough objects to start several, each of which would walk all
    of them again (bench/README.md, "Celery routing")."""
    gc.freeze()


@app.task(name="liaison.ping", ignore_result=False)
def ping():
    """Answers "pong": proves a worker is wired to the broker and to Django."""
    from liaison.models import Region

    return f"pong:{Region.objects.count()}"
