"""A real Celery worker on the configured Redis broker, for the integration tests."""

import contextlib
import os
import threading

from celery.contrib.testing.worker import start_worker

from liaison.celery import app
from tests.conftest import need


def redis_broker_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    need(url.startswith("redis://"), "needs Redis (set CELERY_BROKER_URL=redis://…)")
    return url


@contextlib.contextmanager
def real_worker(url: str | None = None, **conf):
    """Start a worker thread against Redis; tasks are sent to the broker, not run in-process."""
    url = url or redis_broker_url()
    previous = {key: app.conf.get(key) for key in conf}
    app.conf.update(**conf)
    try:
        with (
            broker(url),
            worker_connections_closed(),
            start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
        ):
            yield app
    finally:
        app.conf.update(previous)


@contextlib.contextmanager
def worker_connections_closed():
    """A worker keeps its database connections between tasks (as in production); the in-process
    test workers run tasks in threads of their own, whose connections are closed here when the worker
    stops, so that nothing holds the test database when it is dropped."""
    from django.db.backends.signals import connection_created

    opened = []

    def remember(sender, connection, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            opened.append(connection.connection)  # the driver's connection, closable from any thread

    connection_created.connect(remember, weak=False)
    try:
        yield
    finally:
        connection_created.disconnect(remember)
        for raw in opened:
            raw.close()


class SpareRedis:
    """A redis-server of the test's own on a free port, which the test may stop and start again."""

    def __init__(self, tmp_path, durable: bool = False):
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.dir = tmp_path
        self.durable = durable  # append-only file, fsync'd on every write: queued messages survive a restart
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        import shutil
        import subprocess
        import time

        import redis

        binary = shutil.which("redis-server")
        need(binary is not None, "needs redis-server")
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes" if self.durable else "no",
                "--appendfsync",
                "always",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                redis.Redis(port=self.port).ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("spare redis-server did not start")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@contextlib.contextmanager
def broker(url: str):
    """Send tasks to `url` (not in-process) for the duration of the block."""
    # Celery reads the CELERY_BROKER_URL environment variable before its configuration.
    previous = os.environ.get("CELERY_BROKER_URL"), app.conf.broker_url, app.conf.task_always_eager
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.update(broker_url=url, task_always_eager=False)
    _drop_connections()
    try:
        yield app
    finally:
        _drop_connections()
        if previous[0] is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = previous[0]
        app.conf.update(broker_url=previous[1], task_always_eager=previous[2])


def _drop_connections():
    """Forget pooled broker connections so the next publish connects to the configured URL."""
    from kombu import pools

    pools.reset()  # kombu's global producer pools, keyed by broker URL
    app._pool = None
    app.amqp._producer_pool = None
