"""A term with an upload window, a student's sections and helpers for the course-outcome tests.

The clock stands at noon on 15 January 2025 (Taipei), inside term 113-1 and
its course-outcome upload window 113/09/01–114/02/07 (all grades).
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portfolio import roc
from portfolio.roc import TAIPEI
from records.models import Enrolment, ScheduleWindow, Section, Term
from records.services.outcomes import OutcomeContent
from records.uploads import DOCUMENT, prepare_upload
from tests.factories import StaffFactory
from tests.uploads_samples import UPLOADS

NOON = datetime.datetime(2025, 1, 15, 12, 0, tzinfo=TAIPEI)
BEFORE_WINDOW = datetime.datetime(2024, 8, 20, 12, 0, tzinfo=TAIPEI)
AFTER_WINDOW = datetime.datetime(2025, 2, 8, 0, 0, 1, tzinfo=TAIPEI)


@pytest.fixture
def term(db):
    term = Term.objects.create(academic_year=113, semester=1)
    ScheduleWindow.objects.create(
        term=term,
        kind=ScheduleWindow.Kind.OUTCOME_UPLOAD,
        starts_on=datetime.date(2024, 9, 1),
        ends_on=datetime.date(2025, 2, 7),
        self_check_on=datetime.date(2025, 1, 20),
    )
    return term


@pytest.fixture
def course_teacher(db):
    return StaffFactory(staff_code="T9301", name="張老師", job_title="專任教師")


def make_section(term, school_class, teacher, code="PHY1", name="物理", credits=2):
    return Section.objects.create(
        term=term,
        course_code=code,
        name=name,
        category=Section.Category.NATIONAL_REQUIRED,
        credits=credits,
        school_class=school_class,
        teacher=teacher,
    )


@pytest.fixture
def section(term, school_class, course_teacher, student):
    section = make_section(term, school_class, course_teacher)
    Enrolment.objects.create(section=section, student=student)
    return section


def report_pdf(name="report.pdf"):
    data = (UPLOADS / "report.pdf").read_bytes()
    return prepare_upload(SimpleUploadedFile(name, data, "application/pdf"), DOCUMENT)


def content_for(section, title="熱傳導實驗報告", summary="比較三種材料的導熱係數。", **files):
    files.setdefault("document", report_pdf())
    return OutcomeContent(section=section, title=title, summary=summary, **files)


def open_upload_window_today(term):
    """Move `term` and its upload window around today, for tests that run on the real clock."""
    today = roc.today()
    term.starts_on = today - datetime.timedelta(days=30)
    term.ends_on = today + datetime.timedelta(days=30)
    term.save()
    ScheduleWindow.objects.filter(term=term).update(
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=10),
        self_check_on=today,
    )
