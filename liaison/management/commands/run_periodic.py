"""Run the beat schedule's tasks once (or every N seconds), for setups without Celery beat."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "执行一次（或循环执行）定时任务：待发任务转发、逾期提醒、自动办结等"

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=int, default=0, help="每隔多少秒重复执行；0 表示只执行一次")

    def handle(self, *args, loop, **options):
        while True:
            for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
                result = import_string(entry["task"])()  # run in this process, as the worker would
                self.stdout.write(f"{name}: {result}")
            if not loop:
                return
            time.sleep(loop)
