from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Each app that has demo data exposes demo.load_demo_data(); the order follows dependencies.
DEMO_MODULES = ["partners.demo", "consultations.demo", "observers.demo"]


class Command(BaseCommand):
    help = "Loads the demo data of every app. Idempotent: a second run changes nothing."

    def handle(self, *args, **options):
        for module_name in DEMO_MODULES:
            try:
                module = import_module(module_name)
            except ModuleNotFoundError:
                continue
            with transaction.atomic():
                summary = module.load_demo_data()
            self.stdout.write(f"{module_name}: {summary or 'done'}")
