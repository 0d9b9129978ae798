"""Certification (認證) of course outcomes by the course teacher, a substitute or a proxy.

Certification is not grading: the teacher only confirms that the student made
the work and that it belongs to the course. A rejection therefore carries a
reason about authorship or the wrong course, and the student may revise the
outcome and send it again while the upload window is open.

Only submitted outcomes can be decided, only inside the certification window
of the outcome's term (for the grade of the section's class), and only by the
person `who_certifies(section, at)` names. Each decision is stored as a
CertificationDecision and an audit entry. The status changes through a
conditional UPDATE ... WHERE status = 'submitted', so a double click or a
second browser tab cannot decide the same outcome twice.
"""

import dataclasses
import datetime
import logging
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import ProxyRank, Staff, TaskItem
from accounts.services.acting import (
    RANK_LABELS,
    Acting,
    absent_staff_ids,
    acting_as,
    is_available,
)
from audit.services import log_action
from portfolio import roc
from records.models import CertificationDecision, CourseOutcome, ScheduleWindow, Section
from records.models.courses import SectionCover
from records.services.schedule import WindowStatus, status_of
from records.services.sections import (
    COURSE_OUTCOMES_TASK_ITEM,
    covers_on,
    sections_for_teacher,
    who_certifies,
)
from records.services.terms import current_term
from submissions.models import PortfolioSeal

logger = logging.getLogger(__name__)

CERTIFIED_ACTION = "portfolio.outcome.certified"
REJECTED_ACTION = "portfolio.outcome.rejected"

# acting_rank of a decision made by a substitute teacher who covers the section.
SUBSTITUTE = "substitute"
ACTING_RANK_LABELS = {
    str(ProxyRank.OWNER): gettext_lazy("course teacher"),
    SUBSTITUTE: gettext_lazy("substitute teacher"),
    **{str(rank): label for rank, label in RANK_LABELS.items() if rank != ProxyRank.OWNER},
}

REASON_MAX_LENGTH = 500


class CertificationError(Exception):
    """A certification request that breaks a rule. Its message names the rule and the fix."""


def acting_rank_label(acting_rank: str) -> str:
    """Return the readable role stored in CertificationDecision.acting_rank."""
    return str(ACTING_RANK_LABELS.get(acting_rank, acting_rank))


# Who may certify, and when.


def certification_window(section: Section) -> ScheduleWindow | None:
    """Return the certification window of the section's term for the grade of its class.

    A window set for the grade wins over the one for all grades.
    """
    windows = ScheduleWindow.objects.filter(
        term_id=section.term_id, kind=ScheduleWindow.Kind.CERTIFICATION
    )
    return pick_window(list(windows), section.term_id, section.school_class.grade)


def pick_window(
    windows: list[ScheduleWindow], term_id: int, grade: int | None
) -> ScheduleWindow | None:
    """Return, among certification windows already loaded, the one for a term and grade."""
    for_term = [w for w in windows if w.term_id == term_id]
    for window in for_term:
        if window.grade is not None and window.grade == grade:
            return window
    for window in for_term:
        if window.grade is None:
            return window
    return None


def certification_status(section: Section, at: datetime.datetime) -> WindowStatus:
    return status_of(certification_window(section), at)


def certifier_for(section: Section, staff: Staff | None, at: datetime.datetime) -> Acting | None:
    """Return the Acting record when staff certifies the section at the moment at, else None.

    A substitute teacher who covers the section gets the rank SUBSTITUTE, so the
    decision reads "substitute teacher for <teacher>" instead of "first proxy".
    """
    if staff is None:
        return None
    acting = who_certifies(section, at)
    if not any(person.id == staff.id for person in acting.staff):
        return None
    if acting.rank == ProxyRank.OWNER:
        return acting
    day = roc.to_taipei(at).date()
    covers = SectionCover.objects.filter(covers_on(day), section_id=section.pk, substitute=staff)
    if covers.exists():
        return dataclasses.replace(acting, rank=SUBSTITUTE)
    return acting


def _check_may_certify(section: Section, staff: Staff | None, at: datetime.datetime) -> Acting:
    status = certification_status(section, at)
    if not status.is_open:
        raise CertificationError(
            _("Certification for %(section)s is not open: %(status)s")
            % {"section": section, "status": status.message}
        )
    acting = certifier_for(section, staff, at)
    if acting is None:
        current = who_certifies(section, at)
        names = "、".join(person.name for person in current.staff) or _("nobody")
        raise CertificationError(
            _(
                "You may not certify the outcomes of %(section)s now; %(names)s certifies them. "
                "Ask the task group if this is wrong."
            )
            % {"section": section, "names": names}
        )
    return acting


def _staff_of(user) -> Staff | None:
    return getattr(user, "staff", None) if user.is_authenticated else None


# Decisions.


def _claim_submitted(outcome_ids: list[int], new_status: str, at: datetime.datetime) -> set[int]:
    """Move the outcomes that are still submitted to new_status and return the moved ids.

    One conditional UPDATE ... RETURNING: PostgreSQL re-checks the WHERE clause
    after waiting for a concurrent writer, so an outcome moves at most once.
    SQLite has RETURNING from 3.35 and runs one writer at a time. Outcomes of
    sealed portfolios (students who left) are read-only and never move.
    """
    if not outcome_ids:
        return set()
    table = connection.ops.quote_name(CourseOutcome._meta.db_table)
    seals = connection.ops.quote_name(PortfolioSeal._meta.db_table)
    placeholders = ", ".join(["%s"] * len(outcome_ids))
    sql = (
        f"UPDATE {table} SET status = %s, updated_at = %s "
        f"WHERE status = %s AND id IN ({placeholders}) "
        f"AND student_id NOT IN (SELECT student_id FROM {seals}) RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [new_status, at, CourseOutcome.Status.SUBMITTED, *outcome_ids])
        return {row[0] for row in cursor.fetchall()}


def _record(
    outcome: CourseOutcome,
    decision: str,
    user,
    acting: Acting,
    reason: str,
    at: datetime.datetime,
) -> CertificationDecision:
    acting_for = acting.acting_for
    record = CertificationDecision.objects.create(
        outcome=outcome,
        decision=decision,
        reason=reason,
        decided_by=user,
        acting_for=acting_for,
        acting_rank=str(acting.rank) if acting.rank is not None else "",
        decided_at=at,
    )
    action = (
        CERTIFIED_ACTION
        if decision == CertificationDecision.Decision.CERTIFIED
        else (REJECTED_ACTION)
    )
    data = {"section": outcome.section_id, "student": outcome.student_id, "decision": record.pk}
    if reason:
        data["reason"] = reason
    log_action(action, actor=user, acting=acting, target=outcome, data=data)
    return record


@dataclasses.dataclass(frozen=True)
class CertifyResult:
    """Result of a bulk certification: the outcomes certified and the ids skipped.

    Skipped ids were no longer waiting (already decided, for example by a
    double click, or sent back to draft), so nothing happened to them.
    """

    certified: list[CourseOutcome]
    skipped: list[int]


def certify(outcomes: Iterable[CourseOutcome], user, at: datetime.datetime) -> CertifyResult:
    """Certify the outcomes that are still submitted, all in one transaction.

    Raises CertificationError, and changes nothing, when an outcome's
    certification window is not open or the user does not certify its section
    at the moment at.
    """
    outcomes = list(outcomes)
    staff = _staff_of(user)
    acting_by_section: dict[int, Acting] = {}
    for outcome in outcomes:
        if outcome.section_id not in acting_by_section:
            acting_by_section[outcome.section_id] = _check_may_certify(outcome.section, staff, at)

    with transaction.atomic():
        moved = _claim_submitted(
            [outcome.pk for outcome in outcomes], CourseOutcome.Status.CERTIFIED, at
        )
        certified = []
        for outcome in outcomes:
            if outcome.pk not in moved:
                continue
            outcome.status = CourseOutcome.Status.CERTIFIED
            outcome.updated_at = at
            acting = acting_by_section[outcome.section_id]
            _record(outcome, CertificationDecision.Decision.CERTIFIED, user, acting, "", at)
            certified.append(outcome)
    skipped = [outcome.pk for outcome in outcomes if outcome.pk not in moved]
    logger.info(
        "user %s certified outcomes %s, skipped %s",
        user.pk,
        [outcome.pk for outcome in certified],
        skipped,
    )
    return CertifyResult(certified=certified, skipped=skipped)


def reject(
    outcome: CourseOutcome, user, reason: str, at: datetime.datetime
) -> CertificationDecision | None:
    """Reject a submitted outcome with a reason; return the decision.

    Returns None when the outcome was no longer waiting (already decided), so a
    repeated request changes nothing. Raises CertificationError for a missing
    reason, a closed window, or a user who does not certify the section.
    """
    reason = (reason or "").strip()
    if not reason:
        raise CertificationError(
            _(
                "The reason is missing. Say why the outcome is not certified, for example that "
                "it is not the student's own work or belongs to another course."
            )
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise CertificationError(
            _("The reason has %(length)s characters; shorten it to at most %(max)s.")
            % {"length": len(reason), "max": REASON_MAX_LENGTH}
        )
    acting = _check_may_certify(outcome.section, _staff_of(user), at)
    with transaction.atomic():
        moved = _claim_submitted([outcome.pk], CourseOutcome.Status.REJECTED, at)
        if outcome.pk not in moved:
            logger.info("user %s: outcome %s was already decided", user.pk, outcome.pk)
            return None
        outcome.status = CourseOutcome.Status.REJECTED
        outcome.updated_at = at
        record = _record(outcome, CertificationDecision.Decision.REJECTED, user, acting, reason, at)
    logger.info("user %s rejected outcome %s", user.pk, outcome.pk)
    return record


# Data for the certification pages.


@dataclasses.dataclass(frozen=True)
class SectionToCertify:
    """One row of the certification overview: a section, its counts and the viewer's role."""

    section: Section
    waiting: int
    certified: int
    rejected: int
    role: str
    window: WindowStatus


def _with_counts(sections):
    submitted = CourseOutcome.Status.SUBMITTED
    return sections.annotate(
        waiting=Count("outcomes", filter=Q(outcomes__status=submitted), distinct=True),
        certified=Count(
            "outcomes", filter=Q(outcomes__status=CourseOutcome.Status.CERTIFIED), distinct=True
        ),
        rejected=Count(
            "outcomes", filter=Q(outcomes__status=CourseOutcome.Status.REJECTED), distinct=True
        ),
    )


def _proxy_sections(staff: Staff, at: datetime.datetime, exclude_ids: set[int]) -> list[Section]:
    """Return sections with waiting outcomes whose certification falls to staff as a proxy.

    That happens when staff acts for the course-outcomes task item and neither
    the section's teacher nor any substitute covering it is available. The
    query count does not grow with the number of sections.
    """
    task_item = TaskItem.objects.filter(code=COURSE_OUTCOMES_TASK_ITEM).first()
    if task_item is None or acting_as(staff, task_item, at) is None:
        return []
    day = roc.to_taipei(at).date()
    candidates = list(
        _with_counts(
            Section.objects.filter(outcomes__status=CourseOutcome.Status.SUBMITTED)
            .exclude(pk__in=exclude_ids)
            .select_related("term", "school_class", "teacher__user")
            .prefetch_related(
                Prefetch(
                    "covers",
                    queryset=SectionCover.objects.filter(covers_on(day)).select_related(
                        "substitute__user"
                    ),
                    to_attr="current_covers",
                )
            )
        )
    )
    people = {section.teacher_id for section in candidates}
    people |= {cover.substitute_id for s in candidates for cover in s.current_covers}
    absent = absent_staff_ids(people, at)

    def available(person: Staff) -> bool:
        return is_available(person, absent, day)

    return [
        section
        for section in candidates
        if not available(section.teacher)
        and not any(available(cover.substitute) for cover in section.current_covers)
    ]


def sections_to_certify(staff: Staff, at: datetime.datetime) -> list[SectionToCertify]:
    """List the sections staff teaches, covers or certifies as a proxy, with their counts.

    Sections taught or covered appear for the current term and for any term in
    which they still have outcomes waiting. Sections certified as a proxy appear
    only while they have outcomes waiting.
    """
    today = roc.to_taipei(at).date()
    term = current_term(today)
    own = _with_counts(sections_for_teacher(staff, at))
    own = own.filter(Q(term=term) | Q(waiting__gt=0)) if term else own.filter(waiting__gt=0)
    own = list(own.order_by("-term__academic_year", "-term__semester", "school_class__code"))
    proxied = _proxy_sections(staff, at, {section.pk for section in own})

    sections = own + proxied
    windows = list(
        ScheduleWindow.objects.filter(
            term_id__in={section.term_id for section in sections},
            kind=ScheduleWindow.Kind.CERTIFICATION,
        )
    )
    rows = []
    for section in sections:
        if section.teacher_id == staff.id:
            role = _("course teacher")
        elif section in proxied:
            role = _("acting proxy")
        else:
            role = _("substitute teacher")
        window = pick_window(windows, section.term_id, section.school_class.grade)
        rows.append(
            SectionToCertify(
                section=section,
                waiting=section.waiting,
                certified=section.certified,
                rejected=section.rejected,
                role=role,
                window=status_of(window, at),
            )
        )
    return rows


def queue_of(section: Section) -> tuple[list[CourseOutcome], list[CourseOutcome]]:
    """Return the section's waiting outcomes and its decided ones, each with its decisions.

    Drafts stay hidden: the student has not sent them yet. Three queries,
    whatever the number of outcomes.
    """
    decisions = CertificationDecision.objects.select_related(
        "decided_by__staff", "decided_by__student", "acting_for"
    )
    outcomes = (
        CourseOutcome.objects.filter(section=section)
        .exclude(status=CourseOutcome.Status.DRAFT)
        .select_related("student__school_class", "document", "media")
        .prefetch_related(Prefetch("decisions", queryset=decisions))
        .order_by("student__seat_number", "student__student_number", "slot")
    )
    waiting, decided = [], []
    for outcome in outcomes:
        if outcome.status == CourseOutcome.Status.SUBMITTED:
            waiting.append(outcome)
        else:
            decided.append(outcome)
    return waiting, decided
