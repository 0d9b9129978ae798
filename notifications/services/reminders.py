"""Who gets a reminder before a schedule window closes, and about what.

A window is due for reminders on the days settings.PORTFOLIO["REMINDER_DAYS_BEFORE"]
names (by default 7, 3 and 1 days before its last day, counted in Taipei
calendar days). A run on a day between two reminder days sends the reminder
of the nearest earlier reminder day that has not gone out yet, so a day on
which no worker ran is caught up once, not skipped.

Each kind of window has one query that finds everybody with something open.
Routing task items through their proxy chains costs a fixed number of queries
per window. Finding a section's certifier costs a few queries per section
with outcomes waiting.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from accounts.models import ProxyRank, Student, TaskItem
from accounts.services.acting import Acting, who_acts_for_items
from portfolio import roc
from records.models import CourseOutcome, DiversePerformance, ScheduleWindow, Section
from records.services.sections import who_certifies
from submissions.models import Objection, Receipt, Selection, SubmissionBatch

Kind = ScheduleWindow.Kind

# Statuses of students who take part in the portfolio work of a term.
ACTIVE_STATUSES = [
    Student.Status.ENROLLED,
    Student.Status.TRANSFERRED_IN,
    Student.Status.RESUMED,
    Student.Status.REPEATING,
    Student.Status.VISITING,
]


@dataclass(frozen=True)
class Item:
    """One open thing a reminder names; rendered in the recipient's language on delivery.

    `code` picks the sentence (see reminder_delivery.ITEM_TEXT) and `params` fills it.
    """

    code: str
    url: str
    params: tuple[tuple[str, object], ...] = ()

    def param_dict(self) -> dict:
        return dict(self.params)


@dataclass
class Reminder:
    """Everything one person is reminded of for one window on one reminder day."""

    user_id: int
    items: list[Item] = field(default_factory=list)

    @property
    def is_notice_only(self) -> bool:
        return all(item.code == "reminded_in_your_place" for item in self.items)


def reminder_days() -> list[int]:
    return sorted({int(day) for day in settings.PORTFOLIO["REMINDER_DAYS_BEFORE"]})


def due_reminder_day(window: ScheduleWindow, today: datetime.date) -> int | None:
    """Return the reminder day (days before closing) due for window today, or None.

    None when the window is not open today or closes further ahead than the
    largest reminder day.
    """
    if not window.starts_on <= today <= window.ends_on:
        return None
    days_left = (window.ends_on - today).days
    later = [day for day in reminder_days() if day >= days_left]
    return min(later) if later else None


def due_windows(at: datetime.datetime) -> list[tuple[ScheduleWindow, int]]:
    """Return the windows due for reminders at the moment at, with their reminder day."""
    today = roc.to_taipei(at).date()
    days = reminder_days()
    if not days:
        return []
    horizon = today + datetime.timedelta(days=max(days))
    windows = ScheduleWindow.objects.filter(
        starts_on__lte=today, ends_on__gte=today, ends_on__lte=horizon
    ).select_related("term")
    due = []
    for window in windows.order_by("ends_on", "id"):
        day = due_reminder_day(window, today)
        if day is not None:
            due.append((window, day))
    return due


def _grades_with_own_window(window: ScheduleWindow) -> list[int]:
    return list(
        ScheduleWindow.objects.filter(
            term_id=window.term_id, kind=window.kind, grade__isnull=False
        ).values_list("grade", flat=True)
    )


def _class_scope(window: ScheduleWindow, prefix: str) -> Q:
    """Return a filter on classes (through prefix) in the window's year and grades."""
    scope = Q(**{f"{prefix}academic_year": window.term.academic_year})
    if window.grade is not None:
        return scope & Q(**{f"{prefix}grade": window.grade})
    own = _grades_with_own_window(window)
    if own:
        scope &= ~Q(**{f"{prefix}grade__in": own})
    return scope


def students_in_scope(window: ScheduleWindow) -> QuerySet[Student]:
    """Return the students the window applies to who can log in."""
    return Student.objects.filter(
        _class_scope(window, "school_class__"),
        status__in=ACTIVE_STATUSES,
        user__isnull=False,
        user__is_active=True,
    )


def _student_reminders(window, rows, make_items) -> dict[int, Reminder]:
    reminders = {}
    for row in rows:
        items = make_items(row)
        if items:
            reminders[row["user_id"]] = Reminder(row["user_id"], items)
    return reminders


def outcome_upload_reminders(window: ScheduleWindow) -> dict[int, Reminder]:
    """Students with no course outcome this term, or with outcomes still in draft."""
    term_outcomes = Q(outcomes__term_id=window.term_id)
    rows = (
        students_in_scope(window)
        .annotate(
            outcome_count=Count("outcomes", filter=term_outcomes),
            draft_count=Count(
                "outcomes", filter=term_outcomes & Q(outcomes__status=CourseOutcome.Status.DRAFT)
            ),
        )
        .filter(Q(outcome_count=0) | Q(draft_count__gt=0))
        .values("user_id", "outcome_count", "draft_count")
    )
    url = reverse("student_home")

    def items(row):
        if row["outcome_count"] == 0:
            return [Item("no_outcomes", url)]
        return [Item("draft_outcomes", url, (("count", row["draft_count"]),))]

    return _student_reminders(window, rows, items)


def performance_upload_reminders(window: ScheduleWindow) -> dict[int, Reminder]:
    """Students who have uploaded no diverse performance this term."""
    uploaded = DiversePerformance.objects.filter(
        student_id=OuterRef("pk"), term_id=window.term_id, entered_under__isnull=True
    )
    rows = (
        students_in_scope(window)
        .annotate(has_uploaded=Exists(uploaded))
        .filter(has_uploaded=False)
        .values("user_id")
    )
    url = reverse("performance_list")
    return _student_reminders(window, rows, lambda row: [Item("no_performances", url)])


def selection_reminders(window: ScheduleWindow) -> dict[int, Reminder]:
    """Students with something selectable this academic year who have selected nothing."""
    year = window.term.academic_year
    selected = Selection.objects.filter(student_id=OuterRef("pk"), academic_year=year)
    certified = CourseOutcome.objects.filter(
        student_id=OuterRef("pk"),
        term__academic_year=year,
        status=CourseOutcome.Status.CERTIFIED,
    )
    performances = DiversePerformance.objects.filter(student_id=OuterRef("pk"), academic_year=year)
    rows = (
        students_in_scope(window)
        .annotate(
            has_selected=Exists(selected),
            has_certified=Exists(certified),
            has_performances=Exists(performances),
        )
        .filter(Q(has_certified=True) | Q(has_performances=True), has_selected=False)
        .values("user_id")
    )
    url = reverse("selection")
    return _student_reminders(
        window, rows, lambda row: [Item("not_selected", url, (("year", year),))]
    )


def receipt_student_reminders(window: ScheduleWindow) -> dict[int, Reminder]:
    """Students whose receipt of this academic year still waits for confirmation."""
    pending = Receipt.objects.filter(
        student_id=OuterRef("pk"),
        status=Receipt.Status.PENDING,
        round__academic_year=window.term.academic_year,
        round__closed_at__isnull=True,
    )
    rows = (
        students_in_scope(window)
        .annotate(has_pending=Exists(pending))
        .filter(has_pending=True)
        .values("user_id")
    )
    url = reverse("student_receipts")
    return _student_reminders(window, rows, lambda row: [Item("receipt_pending", url)])


def _merge(target: dict[int, Reminder], user_id: int, item: Item) -> None:
    reminder = target.setdefault(user_id, Reminder(user_id))
    if item not in reminder.items:
        reminder.items.append(item)


def route_through_chain(
    reminders: dict[int, Reminder], acting: Acting, item: Item, notice_url: str, subject: str
) -> None:
    """Add item to the reminders of the people acting now, and tell absent owners who they are.

    An owner hears who was reminded in their place whenever someone other than
    the owners acts; owners whose login is inactive are not told.
    """
    for person in acting.staff:
        _merge(reminders, person.user_id, item)
    if acting.rank == ProxyRank.OWNER or not acting.staff:
        return
    names = "、".join(person.name for person in acting.staff)
    for owner in acting.owners:
        if owner.user.is_active and all(owner.id != person.id for person in acting.staff):
            notice = Item(
                "reminded_in_your_place",
                notice_url,
                (("people", names), ("subject", subject), ("rank", acting.rank_label)),
            )
            _merge(reminders, owner.user_id, notice)


def _task_item_reminders(
    at: datetime.datetime, items_by_code: dict[str, list[tuple[str, dict]]]
) -> dict[int, Reminder]:
    """Route each open thing of a task item (code → [(item code, params)]) to who acts."""
    task_items = list(TaskItem.objects.filter(code__in=items_by_code))
    acting_by_id = who_acts_for_items(task_items, at)
    reminders: dict[int, Reminder] = {}
    for task_item in task_items:
        url = reverse("task_item_detail", kwargs={"code": task_item.code})
        for code, params in items_by_code[task_item.code]:
            params = {"task": task_item.name, **params}
            item = Item(code, url, tuple(sorted(params.items())))
            route_through_chain(reminders, acting_by_id[task_item.id], item, url, task_item.name)
    return reminders


def submission_reminders(window: ScheduleWindow, at: datetime.datetime) -> dict[int, Reminder]:
    """Staff acting for a submission task item whose part is not submitted this year."""
    year = window.term.academic_year
    submitted = set(
        SubmissionBatch.objects.filter(
            academic_year=year, status=SubmissionBatch.Status.SUBMITTED
        ).values_list("part", flat=True)
    )
    open_items = defaultdict(list)
    for part, code in SubmissionBatch.TASK_ITEM_BY_PART.items():
        if part not in submitted:
            open_items[code].append(("submission_pending", {"year": year}))
    return _task_item_reminders(at, open_items)


def objection_reminders(window: ScheduleWindow, at: datetime.datetime) -> dict[int, Reminder]:
    """Staff acting for a submission task item with objections still unanswered."""
    rows = (
        Objection.objects.filter(
            answered_at__isnull=True, receipt__round__academic_year=window.term.academic_year
        )
        .values("part")
        .annotate(count=Count("id"))
    )
    open_items = defaultdict(list)
    for row in rows:
        code = SubmissionBatch.TASK_ITEM_BY_PART.get(row["part"])
        if code:
            open_items[code].append(("objections_pending", {"count": row["count"]}))
    return _task_item_reminders(at, open_items)


def certification_reminders(window: ScheduleWindow, at: datetime.datetime) -> dict[int, Reminder]:
    """Remind the certifier of each section with outcomes waiting, with the count per section."""
    counts = dict(
        CourseOutcome.objects.filter(
            term_id=window.term_id,
            status=CourseOutcome.Status.SUBMITTED,
            section__in=Section.objects.filter(_class_scope(window, "school_class__")),
        )
        .values("section_id")
        .annotate(count=Count("id"))
        .values_list("section_id", "count")
    )
    sections = Section.objects.filter(pk__in=counts).select_related("school_class", "term")
    reminders: dict[int, Reminder] = {}
    for section in sections.order_by("school_class__code", "course_code"):
        url = reverse("certification_queue", kwargs={"section_id": section.pk})
        subject = f"{section.school_class} {section.name}"
        item = Item(
            "certification_pending", url, (("count", counts[section.pk]), ("section", subject))
        )
        route_through_chain(reminders, who_certifies(section, at), item, url, subject)
    return reminders


def _combine(*parts: dict[int, Reminder]) -> dict[int, Reminder]:
    combined: dict[int, Reminder] = {}
    for part in parts:
        for user_id, reminder in part.items():
            for item in reminder.items:
                _merge(combined, user_id, item)
    return combined


def reminders_for_window(window: ScheduleWindow, at: datetime.datetime) -> dict[int, Reminder]:
    """Return, per user id, what the user is reminded of before window closes."""
    if window.kind == Kind.OUTCOME_UPLOAD:
        return outcome_upload_reminders(window)
    if window.kind == Kind.PERFORMANCE_UPLOAD:
        return performance_upload_reminders(window)
    if window.kind == Kind.CERTIFICATION:
        return certification_reminders(window, at)
    if window.kind == Kind.SELECTION:
        return selection_reminders(window)
    if window.kind == Kind.SUBMISSION:
        return submission_reminders(window, at)
    if window.kind == Kind.RECEIPT_CONFIRMATION:
        return _combine(receipt_student_reminders(window), objection_reminders(window, at))
    return {}
