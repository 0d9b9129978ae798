"""Build the fictional demo school: each app adds its part through `<app>.demo.build`."""

import importlib

from django.core.management.base import BaseCommand

# Apps that may ship a demo module, in the order their data builds on each other.
DEMO_APPS = ["accounts", "records", "submissions", "notifications"]


class Command(BaseCommand):
    help = (
        "Create or update the fictional demo school (staff, classes, students and "
        "whatever records and submissions add). Safe to run again."
    )

    def handle(self, *args, **options):
        for app in DEMO_APPS:
            module_name = f"{app}.demo"
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            module.build(self.stdout)
