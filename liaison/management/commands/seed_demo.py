"""Create (or bring up to date) the demo data and accounts. Safe to run again."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from liaison.demo import ACCOUNTS, DEMO_PASSWORD, seed_people

# Each app that has demo data exposes `seed(people)` in its demo module; they run in this order.
APP_SEEDERS = ["stations.demo", "suggestions.demo", "legislation.demo"]


class Command(BaseCommand):
    help = "创建演示数据与演示账号（可重复执行）"

    def handle(self, *args, **options):
        with transaction.atomic():
            people = seed_people()
            for module_name in APP_SEEDERS:
                try:
                    module = import_module(module_name)
                except ModuleNotFoundError:
                    continue
                self.stdout.write(f"  {module_name} …")
                module.seed(people)
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）："))
        for username, label in ACCOUNTS:
            self.stdout.write(f"  {username:<18} {label}")
