"""The records part of the demo school: current term, open windows, sections, enrolments."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from portfolio import roc
from records import demo
from records.models import Enrolment, ScheduleWindow, Section, SectionCover
from records.services.schedule import window_status, window_warnings
from records.services.terms import current_term

Kind = ScheduleWindow.Kind


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_school(db):
    return seed()


def test_records_demo_opens_upload_windows_today(demo_school):
    term = current_term(roc.today())
    assert term is not None
    now = timezone.now()
    for kind in (Kind.OUTCOME_UPLOAD, Kind.CERTIFICATION, Kind.PERFORMANCE_UPLOAD):
        assert window_status(term, kind, now).is_open, kind


def test_records_demo_windows_follow_rules(demo_school):
    for window in ScheduleWindow.objects.select_related("term"):
        window.full_clean()
        assert window_warnings(window) == []


def test_records_demo_sections_and_enrolments(demo_school):
    term = current_term(roc.today())
    sections = Section.objects.filter(term=term)
    # Four classes, five subject teachers and a class meeting each.
    assert sections.count() == 24
    assert sections.filter(credits=0).count() == 4
    assert Enrolment.objects.count() == 24 * 8
    assert SectionCover.objects.count() == 1


def test_records_demo_runs_twice_without_duplicates(demo_school):
    before = (Section.objects.count(), Enrolment.objects.count(), ScheduleWindow.objects.count())
    seed()
    after = (Section.objects.count(), Enrolment.objects.count(), ScheduleWindow.objects.count())
    assert after == before


def test_records_demo_without_people(db):
    out = io.StringIO()
    demo.build(out)
    assert "skipped" in out.getvalue()
    assert ScheduleWindow.objects.count() == 6
    assert Section.objects.count() == 0


@pytest.mark.parametrize("day", ["2024-08-01", "2025-01-30", "2025-02-01", "2025-07-31"])
def test_records_demo_windows_open_any_day(db, day):
    moment = datetime.datetime.fromisoformat(f"{day}T09:00:00+08:00")
    with time_machine.travel(moment, tick=False):
        demo.build(io.StringIO())
        term = current_term(roc.today())
        assert term.contains(moment.date())
        for window in ScheduleWindow.objects.filter(term=term).select_related("term"):
            window.full_clean()
            assert window_warnings(window) == []
        for kind in (Kind.OUTCOME_UPLOAD, Kind.CERTIFICATION, Kind.PERFORMANCE_UPLOAD):
            assert window_status(term, kind, moment).is_open, kind
