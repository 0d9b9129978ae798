"""Selection (勾選): what a student sends to the central database each academic year.

A student selects at most SELECTED_OUTCOMES_PER_YEAR certified course outcomes
and at most SELECTED_PERFORMANCES_PER_YEAR diverse performances of one academic
year, while that year's selection window is open; afterwards the selection is
read-only. Each Selection row takes a slot from 1 to the cap, unique per
student, year and type, so the database rejects a selection over the cap even
when two tabs or two fast clicks submit at once.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Student
from audit.services import log_action
from portfolio import roc
from records.models import CourseOutcome, DiversePerformance, ScheduleWindow, Term
from records.services.schedule import WindowStatus, status_of, window_for
from submissions.models import Selection
from submissions.services.sealing import ensure_not_sealed

logger = logging.getLogger(__name__)

OUTCOME = Selection.ItemType.OUTCOME
PERFORMANCE = Selection.ItemType.PERFORMANCE


class SelectionError(Exception):
    """A selection or unselection that the rules reject; the message is for the student."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def cap_of(item_type: str) -> int:
    """Return how many items of a type a student may select per academic year."""
    if item_type == OUTCOME:
        return settings.PORTFOLIO["SELECTED_OUTCOMES_PER_YEAR"]
    return settings.PORTFOLIO["SELECTED_PERFORMANCES_PER_YEAR"]


def student_grade(student: Student) -> int | None:
    school_class = student.school_class
    return school_class.grade if school_class is not None else None


def selection_status(student: Student, academic_year: int, at: datetime.datetime) -> WindowStatus:
    """Return whether the selection window of an academic year is open for the student.

    A year has up to two terms, each of which may carry a selection window; an
    open one wins, otherwise the window of the latest term is reported.
    """
    grade = student_grade(student)
    statuses = [
        status_of(window_for(term, ScheduleWindow.Kind.SELECTION, grade), at)
        for term in Term.objects.filter(academic_year=academic_year).order_by("-semester")
    ]
    for status in statuses:
        if status.is_open:
            return status
    scheduled = [status for status in statuses if status.state != WindowStatus.UNSCHEDULED]
    return scheduled[0] if scheduled else WindowStatus(WindowStatus.UNSCHEDULED)


def default_year(student: Student, at: datetime.datetime) -> int:
    """Return the academic year whose selection window is open now, else the current year."""
    current = roc.academic_year_of(roc.to_taipei(at).date())
    for year in (current, current - 1):
        if selection_status(student, year, at).is_open:
            return year
    return current


@dataclass
class Candidate:
    """One of the student's items on the selection page, with why it cannot be selected."""

    item_type: str
    item: CourseOutcome | DiversePerformance
    academic_year: int
    selected: bool = False
    reason: str = ""

    @property
    def selectable(self) -> bool:
        return not self.reason


@dataclass
class SelectionPage:
    """Everything the selection page shows for one student and academic year."""

    student: Student
    academic_year: int
    status: WindowStatus
    outcomes: list[Candidate] = field(default_factory=list)
    performances: list[Candidate] = field(default_factory=list)
    outcome_count: int = 0
    performance_count: int = 0
    outcome_cap: int = 0
    performance_cap: int = 0

    @property
    def read_only(self) -> bool:
        return not self.status.is_open


def _outcome_reason(outcome: CourseOutcome, academic_year: int) -> str:
    if outcome.term.academic_year != academic_year:
        return _(
            "Made in the %(year)s academic year; select it during that year's selection window."
        ) % {"year": outcome.term.academic_year}
    if outcome.status != CourseOutcome.Status.CERTIFIED:
        return _("Not certified (%(status)s): only certified course outcomes can be selected.") % {
            "status": outcome.get_status_display()
        }
    return ""


def _performance_reason(performance: DiversePerformance, academic_year: int) -> str:
    if performance.academic_year != academic_year:
        return _(
            "Recorded for the %(year)s academic year; select it during that year's "
            "selection window."
        ) % {"year": performance.academic_year}
    return ""


def _full_reason(item_type: str, cap: int) -> str:
    if item_type == OUTCOME:
        return _(
            "You already selected %(cap)s course outcomes this year; unselect one to choose this."
        ) % {"cap": cap}
    return _(
        "You already selected %(cap)s diverse performances this year; unselect one to choose this."
    ) % {"cap": cap}


def selection_page(student: Student, academic_year: int, at: datetime.datetime) -> SelectionPage:
    """Build the selection page of a student's academic year in a constant number of queries."""
    status = selection_status(student, academic_year, at)
    chosen = set(
        Selection.objects.filter(student=student, academic_year=academic_year).values_list(
            "item_type", "outcome_id", "performance_id"
        )
    )
    chosen_outcomes = {outcome_id for kind, outcome_id, _p in chosen if kind == OUTCOME}
    chosen_performances = {perf_id for kind, _o, perf_id in chosen if kind == PERFORMANCE}
    page = SelectionPage(
        student=student,
        academic_year=academic_year,
        status=status,
        outcome_count=len(chosen_outcomes),
        performance_count=len(chosen_performances),
        outcome_cap=cap_of(OUTCOME),
        performance_cap=cap_of(PERFORMANCE),
    )
    outcomes = (
        CourseOutcome.objects.filter(student=student)
        .select_related("term", "section")
        .order_by("-term__academic_year", "term__semester", "slot")
    )
    for outcome in outcomes:
        selected = outcome.pk in chosen_outcomes
        reason = "" if selected else _outcome_reason(outcome, academic_year)
        if not reason and not selected and page.outcome_count >= page.outcome_cap:
            reason = _full_reason(OUTCOME, page.outcome_cap)
        page.outcomes.append(
            Candidate(OUTCOME, outcome, outcome.term.academic_year, selected, reason)
        )
    performances = DiversePerformance.objects.filter(student=student).order_by(
        "-academic_year", "kind", "starts_on", "id"
    )
    for performance in performances:
        selected = performance.pk in chosen_performances
        reason = "" if selected else _performance_reason(performance, academic_year)
        if not reason and not selected and page.performance_count >= page.performance_cap:
            reason = _full_reason(PERFORMANCE, page.performance_cap)
        page.performances.append(
            Candidate(PERFORMANCE, performance, performance.academic_year, selected, reason)
        )
    return page


def _item_of(student: Student, item_type: str, item_id: int):
    """Return the student's own outcome or performance; Http404 for anyone else's."""
    if item_type == OUTCOME:
        item = CourseOutcome.objects.select_related("term").filter(pk=item_id, student=student)
    elif item_type == PERFORMANCE:
        item = DiversePerformance.objects.filter(pk=item_id, student=student)
    else:
        raise Http404("Unknown item type.")
    found = item.first()
    if found is None:
        raise Http404("No such item.")
    return found


def _check_open(student: Student, academic_year: int, at: datetime.datetime) -> None:
    ensure_not_sealed(student)
    status = selection_status(student, academic_year, at)
    if not status.is_open:
        raise SelectionError(
            _("The selection for the %(year)s academic year is not open: %(status)s")
            % {"year": academic_year, "status": status.message}
        )


def _year_of(item_type: str, item) -> int:
    return item.term.academic_year if item_type == OUTCOME else item.academic_year


def _existing(student: Student, item_type: str, item) -> Selection | None:
    lookup = {"outcome": item} if item_type == OUTCOME else {"performance": item}
    return Selection.objects.filter(student=student, **lookup).first()


def select_item(
    student: Student, item_type: str, item_id: int, academic_year: int, at=None
) -> Selection:
    """Select one of the student's items for the central database.

    Raises SelectionError when the window is closed, the item belongs to another
    year, an outcome is not certified or the yearly cap is reached. Selecting an
    item twice returns the first selection, so a double click does no harm.
    """
    at = at or timezone.now()
    item = _item_of(student, item_type, item_id)
    _check_open(student, academic_year, at)
    reason = (
        _outcome_reason(item, academic_year)
        if item_type == OUTCOME
        else _performance_reason(item, academic_year)
    )
    if reason:
        raise SelectionError(reason)
    cap = cap_of(item_type)
    # Each attempt takes the lowest free slot; when another request takes the
    # same slot first, the insert fails and the next attempt sees that slot used.
    for _attempt in range(cap + 1):
        existing = _existing(student, item_type, item)
        if existing is not None:
            return existing
        used = set(
            Selection.objects.filter(
                student=student, academic_year=academic_year, item_type=item_type
            ).values_list("slot", flat=True)
        )
        free = [slot for slot in range(1, cap + 1) if slot not in used]
        if not free:
            raise SelectionError(_full_reason(item_type, cap))
        try:
            with transaction.atomic():
                selection = Selection.objects.create(
                    student=student,
                    academic_year=academic_year,
                    item_type=item_type,
                    outcome=item if item_type == OUTCOME else None,
                    performance=item if item_type == PERFORMANCE else None,
                    slot=free[0],
                )
        except IntegrityError:
            logger.info("selection slot race for student %s; retrying", student.pk)
            continue
        log_action(
            "portfolio.selection.added",
            actor=student.user,
            target=selection,
            data={"type": item_type, "item": item.pk, "year": academic_year, "slot": free[0]},
        )
        return selection
    raise SelectionError(_full_reason(item_type, cap))


def unselect_item(student: Student, item_type: str, item_id: int, at=None) -> None:
    """Remove an item from the student's selection while the window is open."""
    at = at or timezone.now()
    item = _item_of(student, item_type, item_id)
    _check_open(student, _year_of(item_type, item), at)
    existing = _existing(student, item_type, item)
    if existing is None:
        return
    log_action(
        "portfolio.selection.removed",
        actor=student.user,
        target=existing,
        data={"type": item_type, "item": item.pk, "year": existing.academic_year},
    )
    existing.delete()


def selected_outcomes(academic_year: int):
    """Return the selected course outcomes of a year, for the submission batch."""
    return CourseOutcome.objects.filter(
        selections__academic_year=academic_year, status=CourseOutcome.Status.CERTIFIED
    )


def selected_performances(academic_year: int):
    """Return the selected diverse performances of a year, for the submission batch."""
    return DiversePerformance.objects.filter(selections__academic_year=academic_year)
