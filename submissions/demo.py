"""Demo selections: the selection window opens today and a few students have selected items.

Run by the seed_demo command after records.demo.build(). Idempotent: the
window is updated in place and existing selections are kept.
"""

import datetime

from django.db import transaction

from portfolio import roc
from records.models import CourseOutcome, DiversePerformance, ScheduleWindow, Term
from submissions.models import Selection
from submissions.services.selection import OUTCOME, PERFORMANCE, SelectionError, select_item

DEMO_STUDENTS = 3


def build_selection_window(term: Term, today: datetime.date) -> ScheduleWindow:
    """Open the term's selection window from today for two weeks, so the page can be tried."""
    window, _created = ScheduleWindow.objects.update_or_create(
        term=term,
        kind=ScheduleWindow.Kind.SELECTION,
        grade=None,
        defaults={
            "starts_on": today,
            "ends_on": today + datetime.timedelta(days=14),
            "self_check_on": today + datetime.timedelta(days=10),
        },
    )
    return window


def build_selections(academic_year: int) -> int:
    """Select the certified outcomes and the performances of the first demo students."""
    items = [
        (OUTCOME, outcome.student, outcome.pk)
        for outcome in CourseOutcome.objects.filter(
            term__academic_year=academic_year, status=CourseOutcome.Status.CERTIFIED
        ).select_related("student__school_class")[: DEMO_STUDENTS * 2]
    ] + [
        (PERFORMANCE, performance.student, performance.pk)
        for performance in DiversePerformance.objects.filter(
            academic_year=academic_year
        ).select_related("student__school_class")[: DEMO_STUDENTS * 2]
    ]
    for item_type, student, item_id in items:
        try:
            select_item(student, item_type, item_id, academic_year)
        except SelectionError:
            continue
    return Selection.objects.filter(academic_year=academic_year).count()


@transaction.atomic
def build(stdout) -> None:
    today = roc.today()
    term = Term.objects.filter(
        academic_year=roc.academic_year_of(today), semester=roc.semester_of(today)
    ).first()
    if term is None:
        stdout.write("No demo term yet: selection window skipped.")
        return
    window = build_selection_window(term, today)
    count = build_selections(term.academic_year)
    stdout.write(
        f"Demo selection window {window.starts_on}–{window.ends_on}, {count} selections; "
        "students select at /selection/."
    )
