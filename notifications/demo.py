"""The demo's part of notifications: per-minute reminder and purge runs, and two sealed portfolios.

The demo school's windows close weeks ahead, so a beat entry sends each open
window's first reminder within a minute of starting; a graduate sealed more
than three years ago is purged by the next per-minute purge run, and one
sealed recently shows on the registry's upcoming purges page.
"""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from accounts.demo import demo_national_id
from accounts.models import Student
from portfolio import roc
from records.models import StoredFile
from submissions.models import PortfolioSeal
from submissions.services.sealing import purge_due_date

DEMO_TASKS = [
    ("Demo: send reminders every minute", "notifications.tasks.send_demo_reminders"),
    ("Demo: purge due portfolios every minute", "notifications.tasks.purge_due_portfolios"),
]
# (student number, name, days since sealing, ID seed)
DEMO_SEALED = [
    ("1089901", "封存生甲", 3 * 365 + 10, 9901),
    ("1109902", "封存生乙", 3 * 365 - 30, 9902),
]
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def build_schedule() -> None:
    every_minute, _created = IntervalSchedule.objects.get_or_create(
        every=60, period=IntervalSchedule.SECONDS
    )
    for name, task in DEMO_TASKS:
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "interval": every_minute, "enabled": True}
        )


def _shift_back(days: int) -> datetime.date:
    return roc.today() - datetime.timedelta(days=days)


@transaction.atomic
def build_sealed_student(number: str, name: str, days_sealed: int, seed: int) -> Student:
    """Create a graduate with one file, sealed days_sealed days ago, unless one exists."""
    student = Student.objects.filter(student_number=number).first()
    if student is None:
        student = Student.objects.create(
            student_number=number,
            name=name,
            gender=Student.Gender.FEMALE,
            birth_date=datetime.date(2005, 5, 5),
            national_id=demo_national_id(seed, Student.Gender.FEMALE),
            entry_year=int(number[:3]),
            status=Student.Status.GRADUATED,
        )
        stored = StoredFile(
            original_name="畢業證明.pdf",
            content_type="application/pdf",
            size=len(DEMO_PDF),
            md5=hashlib.md5(DEMO_PDF).hexdigest(),
            sha256=hashlib.sha256(DEMO_PDF).hexdigest(),
            owner=student,
        )
        stored.file.save("demo-certificate.pdf", ContentFile(DEMO_PDF), save=False)
        stored.save()
    sealed_on = _shift_back(days_sealed)
    PortfolioSeal.objects.update_or_create(
        student=student,
        defaults={
            "sealed_on": sealed_on,
            "reason": Student.Status.GRADUATED,
            "purge_due_on": purge_due_date(sealed_on),
        },
    )
    return student


def build(stdout) -> None:
    build_schedule()
    for number, name, days_sealed, seed in DEMO_SEALED:
        build_sealed_student(number, name, days_sealed, seed)
    stdout.write(
        "Reminders and purges run every minute in the Celery worker: log in as a student and "
        "open Notifications, or as the registry clerk and open /tasks/basic-data/purges/."
    )
