"""Rules for a student's course outcomes: create, revise, send for certification, delete.

A student may have at most settings.PORTFOLIO["OUTCOMES_PER_TERM"] course
outcomes per term, drafts included. Each outcome holds a slot from 1 to that
cap, unique per student and term in the database, so two uploads racing for
the last place cannot both win. Outcomes are only for credit-bearing sections
the student is enrolled in that term, and change only while the term's
course-outcome upload window is open for the student's grade. Certified
outcomes are read-only; rejected ones may be revised and sent again.
"""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Student
from audit.services import log_action
from portfolio import roc
from records.models import CertificationDecision, CourseOutcome, ScheduleWindow, Section, Term
from records.services.enrolment_changes import can_upload
from records.services.files import delete_stored_files, store_prepared_file
from records.services.schedule import WindowStatus, status_of, window_for, window_status
from records.services.terms import current_term
from records.uploads import PreparedFile

logger = logging.getLogger(__name__)

Status = CourseOutcome.Status
# Statuses in which the student may change an outcome's title, summary, section or files.
EDITABLE_STATUSES = (Status.DRAFT, Status.REJECTED)


def outcome_cap() -> int:
    return settings.PORTFOLIO["OUTCOMES_PER_TERM"]


def grade_of(student: Student) -> int | None:
    return student.school_class.grade if student.school_class_id else None


def upload_window(student: Student, term: Term | None, at: datetime.datetime) -> WindowStatus:
    """Return the course-outcome upload window of `term` for the student's grade at `at`."""
    if term is None:
        return WindowStatus(WindowStatus.UNSCHEDULED)
    return window_status(term, ScheduleWindow.Kind.OUTCOME_UPLOAD, at, grade_of(student))


def upload_term(student: Student, at: datetime.datetime) -> Term | None:
    """Return the term the student uploads course outcomes for at `at`.

    The upload window may stay open after its term has ended (two weeks after
    the closing ceremony), so a term whose window is open for the student's
    grade comes first, the older one when two are open. Otherwise it is the
    term that contains the day.
    """
    day = roc.to_taipei(at).date()
    open_windows = (
        ScheduleWindow.objects.filter(
            kind=ScheduleWindow.Kind.OUTCOME_UPLOAD, starts_on__lte=day, ends_on__gte=day
        )
        .select_related("term")
        .order_by("term__starts_on")
    )
    grade = grade_of(student)
    for window in open_windows:
        if window.grade not in (None, grade):
            continue
        if window_for(window.term, window.kind, grade) == window:
            return window.term
    return current_term(day)


def sections_for_upload(student: Student, term: Term | None) -> QuerySet[Section]:
    """Return the credit-bearing sections of `term` the student is enrolled in."""
    if term is None:
        return Section.objects.none()
    return (
        Section.objects.filter(term=term, enrolments__student=student, credits__gt=0)
        .select_related("teacher")
        .order_by("course_code")
    )


def outcomes_for_student(student: Student, term: Term | None) -> QuerySet[CourseOutcome]:
    """Return the student's outcomes of `term` in slot order, in one query.

    Each carries its section, teacher and files, and `decision_reason`: the
    note of the latest certification decision (empty when there is none).
    """
    if term is None:
        return CourseOutcome.objects.none()
    latest_reason = (
        CertificationDecision.objects.filter(outcome=OuterRef("pk"))
        .order_by("-decided_at", "-id")
        .values("reason")[:1]
    )
    return (
        CourseOutcome.objects.filter(student=student, term=term)
        .select_related("section__teacher", "document", "media")
        .annotate(decision_reason=Subquery(latest_reason))
        .order_by("slot")
    )


def get_outcome_for_student(user, outcome_id: int) -> CourseOutcome:
    """Return the user's own outcome with `outcome_id`; raise Http404 for anyone else's."""
    student = getattr(user, "student", None) if user.is_authenticated else None
    outcome = (
        CourseOutcome.objects.select_related("term", "section", "document", "media", "student")
        .filter(pk=outcome_id, student=student)
        .first()
        if student is not None
        else None
    )
    if outcome is None:
        raise Http404("No such course outcome.")
    return outcome


def status_counts(outcomes) -> dict[str, int]:
    """Count outcomes per status, plus "total"."""
    counts = dict.fromkeys(Status.values, 0)
    for outcome in outcomes:
        counts[outcome.status] += 1
    counts["total"] = sum(counts.values())
    return counts


def class_progress(students: QuerySet[Student], term: Term | None) -> QuerySet[Student]:
    """Annotate students with their outcome counts in `term` per status, in one query."""
    in_term = Q(outcomes__term=term)

    def count(status=None):
        condition = in_term if status is None else in_term & Q(outcomes__status=status)
        return Count("outcomes", filter=condition)

    return students.annotate(
        outcomes_total=count(),
        outcomes_draft=count(Status.DRAFT),
        outcomes_submitted=count(Status.SUBMITTED),
        outcomes_certified=count(Status.CERTIFIED),
        outcomes_rejected=count(Status.REJECTED),
    )


@dataclass
class OutcomeContent:
    """The fields a student fills in; a file is a PreparedFile, or None to keep the stored one."""

    section: Section
    title: str
    summary: str
    document: PreparedFile | None = None
    media: PreparedFile | None = None


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """Return a ValidationError on one form field that keeps its code."""
    return ValidationError({field: ValidationError(message, code=code)})


def _check_student_may_upload(student: Student) -> None:
    if not can_upload(student):
        raise ValidationError(
            _(
                "Your enrolment status is “%(status)s”, so you can no longer upload or change "
                "course outcomes. Ask the registry if this is wrong."
            )
            % {"status": student.get_status_display()},
            code="student_inactive",
        )


def _check_window_open(student: Student, term: Term, at: datetime.datetime) -> None:
    status = upload_window(student, term, at)
    if status.is_open:
        return
    if status.state == WindowStatus.NOT_YET_OPEN:
        message = _("The course-outcome upload window for %(term)s is not open yet. %(when)s")
    elif status.state == WindowStatus.CLOSED:
        message = _("The course-outcome upload window for %(term)s has closed. %(when)s")
    else:
        message = _(
            "No course-outcome upload window is scheduled for %(term)s yet. %(when)s "
            "Watch the schedule page for the dates."
        )
    raise ValidationError(
        message % {"term": term.label, "when": status.message}, code="window_closed"
    )


def _check_section(student: Student, term: Term, section: Section) -> None:
    if section.term_id != term.pk:
        raise _field_error(
            "section",
            _("“%(section)s” is not a course of %(term)s. Choose one of this term's courses.")
            % {"section": section.name, "term": term.label},
            "section_other_term",
        )
    if not section.is_credit_bearing:
        raise _field_error(
            "section",
            _(
                "“%(section)s” carries no credits, so it takes no course outcomes. "
                "Choose a credit-bearing course, or record the work as a diverse performance."
            )
            % {"section": section.name},
            "section_no_credits",
        )
    if not section.enrolments.filter(student=student).exists():
        raise _field_error(
            "section",
            _(
                "You are not enrolled in “%(section)s”. Choose one of your own courses; "
                "ask the curriculum section if a course is missing."
            )
            % {"section": section.name},
            "section_not_enrolled",
        )


def _check_summary(summary: str) -> None:
    limit = settings.PORTFOLIO["SUMMARY_MAX_CHARS"]
    if len(summary) > limit:
        raise _field_error(
            "summary",
            _("The summary has %(count)s characters; shorten it to at most %(limit)s.")
            % {"count": len(summary), "limit": limit},
            "summary_too_long",
        )


def _check_has_file(has_document: bool, has_media: bool) -> None:
    if not (has_document or has_media):
        raise _field_error(
            "document",
            _("Attach a document (PDF, JPG or PNG), an audio or video file (MP3 or MP4), or both."),
            "no_file",
        )


def _check_editable(outcome: CourseOutcome) -> None:
    if outcome.status == Status.CERTIFIED:
        raise ValidationError(
            _("“%(title)s” is certified and can no longer be changed.") % {"title": outcome.title},
            code="outcome_locked",
        )
    if outcome.status == Status.SUBMITTED:
        raise ValidationError(
            _(
                "“%(title)s” is waiting for your teacher's certification and cannot be changed "
                "now. If your teacher does not certify it, you can revise it then."
            )
            % {"title": outcome.title},
            code="outcome_waiting",
        )


def _cap_reached_error(term: Term) -> ValidationError:
    return ValidationError(
        _(
            "You already have %(cap)s course outcomes in %(term)s, the most allowed per "
            "semester (drafts count). Delete a draft to free a place."
        )
        % {"cap": outcome_cap(), "term": term.label},
        code="cap_reached",
    )


def _outcome_with_token(student: Student, client_token) -> CourseOutcome | None:
    if client_token is None:
        return None
    existing = CourseOutcome.objects.filter(client_token=client_token).first()
    if existing is not None and existing.student_id != student.pk:
        # A token is a random uuid4 from our own form; another student's token
        # here means a tampered form, which must not reveal that outcome.
        raise ValidationError(
            _("This form was already used. Reload the page and fill it in again."),
            code="token_reused",
        )
    return existing


def _free_slot(student: Student, term: Term) -> int | None:
    used = set(
        CourseOutcome.objects.filter(student=student, term=term).values_list("slot", flat=True)
    )
    return next((slot for slot in range(1, outcome_cap() + 1) if slot not in used), None)


def _insert_in_free_slot(student, term, content, status, client_token, at):
    """Insert the outcome row in the lowest free slot; return (outcome, created).

    Two concurrent inserts of the same slot or token collide on a unique index:
    the loser gets IntegrityError after the winner commits, rolls back to its
    savepoint, and tries again with a fresh look at the slots and the token.
    """
    for _attempt in range(outcome_cap() + 1):
        existing = _outcome_with_token(student, client_token)
        if existing is not None:
            return existing, False
        slot = _free_slot(student, term)
        if slot is None:
            raise _cap_reached_error(term)
        try:
            with transaction.atomic():
                outcome = CourseOutcome.objects.create(
                    student=student,
                    term=term,
                    section=content.section,
                    slot=slot,
                    title=content.title,
                    summary=content.summary,
                    status=status,
                    client_token=client_token,
                    submitted_at=at if status == Status.SUBMITTED else None,
                )
            return outcome, True
        except IntegrityError:
            logger.info("slot %s of student %s was taken concurrently; retrying", slot, student.pk)
    raise _cap_reached_error(term)


def _store_files(outcome: CourseOutcome, content: OutcomeContent, actor, saved: list) -> list:
    """Store the new files of `content` on `outcome`; return the files they replace.

    The storage name of every file saved is appended to `saved`, so the caller
    can delete the bytes when its transaction rolls back.
    """
    replaced = []
    for field in ("document", "media"):
        prepared = getattr(content, field)
        if prepared is None:
            continue
        replaced.append(getattr(outcome, field))
        stored = store_prepared_file(prepared, owner=outcome.student, uploaded_by=actor)
        saved.append((stored.file.storage, stored.file.name))
        setattr(outcome, field, stored)
    return replaced


def _delete_saved(saved: list) -> None:
    for storage, name in saved:
        storage.delete(name)


def _describe(outcome: CourseOutcome) -> dict:
    return {
        "section": outcome.section_id,
        "title": outcome.title,
        "summary": outcome.summary,
        "status": outcome.status,
        "slot": outcome.slot,
        "document": outcome.document_id,
        "media": outcome.media_id,
    }


def create_outcome(
    student: Student,
    content: OutcomeContent,
    *,
    actor,
    submit: bool = True,
    client_token: uuid.UUID | None = None,
    at: datetime.datetime | None = None,
) -> tuple[CourseOutcome, bool]:
    """Create a course outcome in the student's upload term, sent unless `submit` is False.

    Returns (outcome, created). A repeated call with the same `client_token`
    returns the outcome the first call made, with created False. Raises
    ValidationError (a dict keyed by form field where one field is at fault)
    when the student may not upload, the window is not open, the section is
    not allowed, no file is attached or the cap is reached.
    """
    at = at or timezone.now()
    existing = _outcome_with_token(student, client_token)
    if existing is not None:
        return existing, False
    _check_student_may_upload(student)
    term = upload_term(student, at)
    if term is None:
        raise ValidationError(
            _("No semester is set up for today, so nothing can be uploaded yet."),
            code="no_term",
        )
    _check_window_open(student, term, at)
    _check_section(student, term, content.section)
    _check_summary(content.summary)
    _check_has_file(content.document is not None, content.media is not None)

    status = Status.SUBMITTED if submit else Status.DRAFT
    saved = []
    try:
        with transaction.atomic():
            outcome, created = _insert_in_free_slot(
                student, term, content, status, client_token, at
            )
            if not created:
                return outcome, False
            _store_files(outcome, content, actor, saved)
            outcome.save(update_fields=["document", "media"])
            log_action(
                "portfolio.outcome.created", actor=actor, target=outcome, data=_describe(outcome)
            )
    except BaseException:
        _delete_saved(saved)
        raise
    return outcome, True


def update_outcome(
    outcome: CourseOutcome,
    content: OutcomeContent,
    *,
    actor,
    submit: bool = False,
    at: datetime.datetime | None = None,
) -> CourseOutcome:
    """Revise a draft or rejected outcome; with `submit`, send it for certification too.

    New files in `content` replace the old ones, which are deleted; None keeps
    the old file. Raises ValidationError when the outcome is certified or
    waiting for certification, or for the same reasons as create_outcome.
    """
    at = at or timezone.now()
    saved = []
    try:
        with transaction.atomic():
            outcome = _lock(outcome)
            _check_student_may_upload(outcome.student)
            _check_editable(outcome)
            _check_window_open(outcome.student, outcome.term, at)
            _check_section(outcome.student, outcome.term, content.section)
            _check_summary(content.summary)
            _check_has_file(
                content.document is not None or outcome.document_id is not None,
                content.media is not None or outcome.media_id is not None,
            )
            old = _describe(outcome)
            outcome.section = content.section
            outcome.title = content.title
            outcome.summary = content.summary
            replaced = _store_files(outcome, content, actor, saved)
            if submit:
                outcome.status = Status.SUBMITTED
                outcome.submitted_at = at
            outcome.save()
            transaction.on_commit(lambda: delete_stored_files(replaced))
            log_action(
                "portfolio.outcome.updated",
                actor=actor,
                target=outcome,
                data={"old": old, "new": _describe(outcome)},
            )
    except BaseException:
        _delete_saved(saved)
        raise
    return outcome


def submit_outcome(
    outcome: CourseOutcome, *, actor, at: datetime.datetime | None = None
) -> CourseOutcome:
    """Send a draft or a revised rejected outcome for certification.

    Raises ValidationError when it is certified or already waiting, the
    window is closed, or its section or files no longer qualify.
    """
    at = at or timezone.now()
    with transaction.atomic():
        outcome = _lock(outcome)
        _check_student_may_upload(outcome.student)
        _check_editable(outcome)
        _check_window_open(outcome.student, outcome.term, at)
        _check_section(outcome.student, outcome.term, outcome.section)
        _check_has_file(outcome.document_id is not None, outcome.media_id is not None)
        old_status = outcome.status
        outcome.status = Status.SUBMITTED
        outcome.submitted_at = at
        outcome.save(update_fields=["status", "submitted_at", "updated_at"])
        log_action(
            "portfolio.outcome.submitted",
            actor=actor,
            target=outcome,
            data={"old": {"status": old_status}, "new": {"status": outcome.status}},
        )
    return outcome


def delete_draft(outcome: CourseOutcome, *, actor, at: datetime.datetime | None = None) -> None:
    """Delete a draft outcome and its files, which frees its slot.

    Raises ValidationError for an outcome that is not a draft (sent, certified
    or rejected outcomes stay on record) or when the window is not open.
    """
    at = at or timezone.now()
    with transaction.atomic():
        outcome = _lock(outcome)
        if outcome.status != Status.DRAFT:
            raise ValidationError(
                _(
                    "“%(title)s” is not a draft, so it cannot be deleted. Only drafts can be "
                    "deleted; revise a rejected outcome instead."
                )
                % {"title": outcome.title},
                code="not_a_draft",
            )
        _check_student_may_upload(outcome.student)
        _check_window_open(outcome.student, outcome.term, at)
        files = [outcome.document, outcome.media]
        data = _describe(outcome)
        target_id = outcome.pk
        outcome.delete()
        outcome.pk = target_id
        log_action("portfolio.outcome.deleted", actor=actor, target=outcome, data=data)
        transaction.on_commit(lambda: delete_stored_files(files))


def _lock(outcome: CourseOutcome) -> CourseOutcome:
    """Reload `outcome` locked for update, so concurrent changes run one after the other."""
    return (
        CourseOutcome.objects.select_for_update(of=("self",))
        .select_related("student__school_class", "term", "section", "document", "media")
        .get(pk=outcome.pk)
    )


def windows_for_student(
    student: Student, term: Term | None, at: datetime.datetime
) -> list[tuple[ScheduleWindow, WindowStatus]]:
    """Return the windows of `term` that apply to the student's grade, with their status at `at`.

    A window for the student's own grade replaces the all-grades window of the
    same kind. One query.
    """
    if term is None:
        return []
    grade = grade_of(student)
    scope = Q(grade__isnull=True) | Q(grade=grade) if grade is not None else Q(grade__isnull=True)
    by_kind = {}
    for window in ScheduleWindow.objects.filter(scope, term=term).select_related("term"):
        if window.kind not in by_kind or window.grade is not None:
            by_kind[window.kind] = window
    windows = sorted(by_kind.values(), key=lambda window: (window.starts_on, window.kind))
    return [(window, status_of(window, at)) for window in windows]
