"""Shared setup for reminder, sealing and purge tests."""

import datetime
import hashlib

from django.core.files.base import ContentFile

from portfolio.roc import TAIPEI
from records.models import ScheduleWindow, StoredFile, Term


def taipei(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TAIPEI)


def term_1131() -> Term:
    term, _created = Term.objects.get_or_create(academic_year=113, semester=1)
    return term


def window(kind, starts_on, ends_on, grade=None) -> ScheduleWindow:
    return ScheduleWindow.objects.create(
        term=term_1131(),
        kind=kind,
        grade=grade,
        starts_on=starts_on,
        ends_on=ends_on,
        self_check_on=starts_on,
    )


def stored_file(student, name="work.pdf", content=b"%PDF-1.4 test\n%%EOF\n") -> StoredFile:
    stored = StoredFile(
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        md5=hashlib.md5(content).hexdigest(),
        sha256=hashlib.sha256(content).hexdigest(),
        owner=student,
    )
    stored.file.save(name, ContentFile(content), save=False)
    stored.save()
    return stored
