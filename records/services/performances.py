"""Diverse performances (多元表現): student uploads and office entries.

A student uploads, edits and deletes their own performances only while the
diverse-performance upload window of the current term is open for their grade,
and only while enrolled: departed and suspended students cannot. At most
PORTFOLIO["PERFORMANCES_PER_YEAR"] uploads count per student and academic
year. Each upload takes the lowest free slot from 1 to that cap, and the
database keeps slots unique per student and year, so two simultaneous uploads
cannot both take the last one. A unique form token makes a repeated POST
return the first upload instead of creating a second.

Some offices enter performances for many students at once, as the staff acting
for a task item (owner or proxy): the organising unit enters in-school
competition results, reader services enters self-directed learning plans and
student affairs enters public service.
Office entries have no slot, so they use none of the student's quota, and are
not bound to the student upload window.

Every performance needs a summary of at most 100 characters and at least one
of a proof document, an audio or video file and an external video link.
"""

import datetime
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import staff_of
from accounts.models import Student, TaskItem
from accounts.services.acting import acting_as
from audit.services import log_action
from portfolio import roc
from records import performance_kinds
from records.models import DiversePerformance, ScheduleWindow, StoredFile, Term
from records.services.files import delete_stored_files, store_prepared_file
from records.services.schedule import WindowStatus, window_status
from records.services.terms import current_term
from records.uploads import DOCUMENT, MEDIA, prepare_upload

logger = logging.getLogger(__name__)

Kind = DiversePerformance.Kind

# Task items whose acting staff may enter performances for many students: the
# kind they enter and the field values that kind then always has.
OFFICE_ENTRY_KINDS = {
    "competitions": (Kind.COMPETITION, {}),
    "self-directed-learning": (
        Kind.FLEXIBLE_LEARNING,
        {"category": performance_kinds.SELF_DIRECTED_LEARNING},
    ),
    # Student affairs records public service and volunteering (service learning).
    "public-service": (Kind.SERVICE, {}),
}

# Tries at taking a slot before giving up; each failed try means another upload
# of the same student took the slot in the meantime.
SLOT_ATTEMPTS = 5

COMMON_FIELDS = ("summary", "video_url")


def performances_cap() -> int:
    return settings.PORTFOLIO["PERFORMANCES_PER_YEAR"]


@dataclass
class CleanedPerformance:
    """Checked values of one performance, ready to set on the model."""

    title: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    details: dict
    summary: str
    video_url: str

    def apply_to(self, performance: DiversePerformance) -> None:
        performance.title = self.title
        performance.starts_on = self.starts_on
        performance.ends_on = self.ends_on
        performance.details = self.details
        performance.summary = self.summary
        performance.video_url = self.video_url


def _json_value(spec, value):
    if value in (None, ""):
        return None
    if spec.type == performance_kinds.INTEGER:
        return int(value)
    return str(value)


def clean_performance(kind: str, data: dict) -> CleanedPerformance:
    """Check `data` against the fields of `kind`, the summary and the video link.

    `data` maps field names to values as a form posts them (strings) or as
    Python values. Raises ValidationError with a message per field name.
    """
    if kind not in performance_kinds.FIELDS:
        raise ValidationError({"kind": _("Pick one of the ten kinds of diverse performance.")})
    errors: dict[str, list] = {}
    values = {}
    for spec in performance_kinds.fields_of(kind):
        try:
            values[spec.name] = performance_kinds.form_field(spec).clean(data.get(spec.name))
        except ValidationError as error:
            errors[spec.name] = error.messages
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [
            _("The end date %(end)s is before the start date %(start)s; correct one of them.")
            % {"end": roc.format_roc_date(ends_on), "start": roc.format_roc_date(starts_on)}
        ]
    # Browsers send line breaks as CRLF; count each as one character, as the form's counter does.
    summary = (data.get("summary") or "").replace("\r\n", "\n").strip()
    limit = settings.PORTFOLIO["SUMMARY_MAX_CHARS"]
    if not summary:
        errors["summary"] = [
            _("Write a summary of what you did, in at most %(limit)s characters.")
            % {"limit": limit}
        ]
    elif len(summary) > limit:
        errors["summary"] = [
            _("The summary has %(count)s characters; shorten it to at most %(limit)s.")
            % {"count": len(summary), "limit": limit}
        ]
    video_url = (data.get("video_url") or "").strip()
    if video_url:
        try:
            URLValidator(schemes=["http", "https"])(video_url)
        except ValidationError:
            errors["video_url"] = [
                _("“%(url)s” is not a web link; paste a link that starts with https://.")
                % {"url": video_url}
            ]
    if errors:
        raise ValidationError(errors)
    details = {
        spec.name: _json_value(spec, values[spec.name])
        for spec in performance_kinds.fields_of(kind)
        if not spec.is_model_column and values[spec.name] not in (None, "")
    }
    return CleanedPerformance(
        title=values["title"],
        starts_on=starts_on,
        ends_on=ends_on,
        details=details,
        summary=summary,
        video_url=video_url,
    )


def _prepare_files(document, media) -> tuple:
    """Check the uploaded files; raise ValidationError keyed by "document" and "media"."""
    errors = {}
    prepared = {}
    for field, upload, purpose in (("document", document, DOCUMENT), ("media", media, MEDIA)):
        if upload is None:
            prepared[field] = None
            continue
        try:
            prepared[field] = prepare_upload(upload, purpose)
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)
    return prepared["document"], prepared["media"]


def _missing_proof_error() -> ValidationError:
    return ValidationError(
        {
            "document": _(
                "Attach a proof document, an audio or video file, or an external video link."
            )
        }
    )


def _store_files(prepared_document, prepared_media, *, owner, user) -> list:
    stored = []
    for prepared in (prepared_document, prepared_media):
        stored.append(
            None
            if prepared is None
            else store_prepared_file(prepared, owner=owner, uploaded_by=user)
        )
    return stored


def _delete_bytes_on_rollback(files: Iterable[StoredFile | None]) -> None:
    """Delete the stored bytes of files whose rows a failed transaction takes back."""
    for stored in files:
        if stored is not None and stored.file.name:
            stored.file.storage.delete(stored.file.name)


# Who may upload, and when.


def upload_status(student: Student, at: datetime.datetime) -> tuple[Term | None, WindowStatus]:
    """Return the current term and whether its diverse-performance upload window is open."""
    term = current_term(roc.to_taipei(at).date())
    if term is None:
        return None, WindowStatus(WindowStatus.UNSCHEDULED)
    grade = student.school_class.grade if student.school_class_id else None
    kind = ScheduleWindow.Kind.PERFORMANCE_UPLOAD
    return term, window_status(term, kind, at, grade)


def check_student_may_upload(student: Student, at: datetime.datetime) -> Term:
    """Return the current term when the student may upload or change performances now.

    Raises ValidationError saying why not: departed, suspended, or the window is
    not open (with when it opens or when it closed).
    """
    if student.has_departed:
        raise ValidationError(
            _(
                "You have left the school, so you can no longer upload or change diverse "
                "performances."
            ),
            code="departed",
        )
    if student.status == Student.Status.SUSPENDED:
        raise ValidationError(
            _(
                "Your enrolment is suspended, so you cannot upload or change diverse "
                "performances until you resume your studies."
            ),
            code="suspended",
        )
    term, status = upload_status(student, at)
    if not status.is_open:
        raise ValidationError(
            _("The diverse-performance upload window is not open. %(status)s")
            % {"status": status.message},
            code="window_closed",
        )
    return term


# Reading.


def student_of(user) -> Student:
    """Return the user's student profile; raise Http404 for anyone else."""
    student = getattr(user, "student", None) if user.is_authenticated else None
    if student is None:
        raise Http404("Not a student.")
    return student


def get_performance_for_student(user, performance_id: int) -> DiversePerformance:
    """Return one of the user's own performances; raise Http404 for anything else."""
    student = student_of(user)
    performance = (
        DiversePerformance.objects.select_related("student__school_class", "document", "media")
        .filter(pk=performance_id, student=student)
        .first()
    )
    if performance is None:
        raise Http404("No such performance.")
    return performance


def performances_of(student: Student):
    """Return all performances of a student, newest academic year first."""
    return (
        DiversePerformance.objects.filter(student=student)
        .select_related("document", "media", "entered_under", "term")
        .order_by("-academic_year", "kind", "starts_on", "id")
    )


def uploaded_count(student: Student, academic_year: int) -> int:
    """Return how many of the student's uploads count against the cap in a year."""
    return DiversePerformance.objects.filter(
        student=student, academic_year=academic_year, slot__isnull=False
    ).count()


# Student changes.


def _cap_reached_error(cap: int) -> ValidationError:
    return ValidationError(
        _(
            "You have already uploaded %(cap)s diverse performances this academic year, the "
            "most allowed. Delete one you no longer need before uploading another."
        )
        % {"cap": cap},
        code="cap_reached",
    )


def _insert_in_free_slot(performance: DiversePerformance) -> tuple[DiversePerformance, bool]:
    """Save a new upload in the lowest free slot; return (performance, created).

    When the form token is already used, return the performance saved under it
    instead. Raises ValidationError when every slot is taken.
    """
    cap = performances_cap()
    for _attempt in range(SLOT_ATTEMPTS):
        taken = set(
            DiversePerformance.objects.filter(
                student=performance.student,
                academic_year=performance.academic_year,
                slot__isnull=False,
            ).values_list("slot", flat=True)
        )
        free = [slot for slot in range(1, cap + 1) if slot not in taken]
        if not free:
            raise _cap_reached_error(cap)
        performance.slot = free[0]
        try:
            with transaction.atomic():
                performance.save()
            return performance, True
        except IntegrityError:
            performance.pk = None
            if performance.client_token is not None:
                earlier = DiversePerformance.objects.filter(
                    client_token=performance.client_token, student=performance.student
                ).first()
                if earlier is not None:
                    return earlier, False
            logger.info(
                "slot %s of student %s taken meanwhile, retrying",
                performance.slot,
                performance.student_id,
            )
    raise _cap_reached_error(cap)


def create_performance(
    student: Student,
    user,
    kind: str,
    data: dict,
    *,
    document=None,
    media=None,
    client_token=None,
    at: datetime.datetime | None = None,
) -> tuple[DiversePerformance, bool]:
    """Upload a performance for the student; return (performance, created).

    `document` and `media` are uploaded files (or None); `client_token` is the
    form's UUID, and a repeated token returns the first performance with
    created False. Raises ValidationError naming the field, file or rule.
    """
    at = at or timezone.now()
    if student.user_id != user.pk:
        raise PermissionDenied("Students upload only their own performances.")
    if client_token is not None:
        earlier = DiversePerformance.objects.filter(client_token=client_token).first()
        if earlier is not None:
            if earlier.student_id != student.pk:
                raise PermissionDenied("The form token belongs to another student.")
            return earlier, False
    term = check_student_may_upload(student, at)
    if uploaded_count(student, term.academic_year) >= performances_cap():
        raise _cap_reached_error(performances_cap())
    cleaned = clean_performance(kind, data)
    prepared_document, prepared_media = _prepare_files(document, media)
    if not (prepared_document or prepared_media or cleaned.video_url):
        raise _missing_proof_error()

    stored: list = [None, None]
    try:
        with transaction.atomic():
            stored = _store_files(prepared_document, prepared_media, owner=student, user=user)
            performance = DiversePerformance(
                student=student,
                academic_year=term.academic_year,
                term=term,
                kind=kind,
                document=stored[0],
                media=stored[1],
                entered_by=user,
                client_token=client_token,
            )
            cleaned.apply_to(performance)
            performance, created = _insert_in_free_slot(performance)
            if not created:
                # A repeated submission: the first one's files stay, these go.
                delete_stored_files(stored)
                return performance, False
            log_action(
                "portfolio.performance.created",
                actor=user,
                target=performance,
                data={"kind": kind, "slot": performance.slot, "year": term.academic_year},
            )
    except Exception:
        _delete_bytes_on_rollback(stored)
        raise
    return performance, True


def _check_student_may_change(performance: DiversePerformance, user, at) -> None:
    if performance.student.user_id != user.pk:
        raise Http404("No such performance.")
    if performance.entered_by_office:
        raise ValidationError(
            _(
                "“%(title)s” was entered by the school, so only the office that entered it can "
                "change it; ask them if something is wrong."
            )
            % {"title": performance.title}
        )
    check_student_may_upload(performance.student, at)


def update_performance(
    performance: DiversePerformance,
    user,
    data: dict,
    *,
    document=None,
    media=None,
    remove_document: bool = False,
    remove_media: bool = False,
    at: datetime.datetime | None = None,
) -> DiversePerformance:
    """Change one of the student's own uploads while the window is open.

    A new document or media file replaces the old one; `remove_document` and
    `remove_media` drop a file without replacing it. The kind stays as it is.
    """
    at = at or timezone.now()
    _check_student_may_change(performance, user, at)
    cleaned = clean_performance(performance.kind, data)
    prepared_document, prepared_media = _prepare_files(document, media)
    keeps_document = prepared_document is not None or (
        performance.document_id is not None and not remove_document
    )
    keeps_media = prepared_media is not None or (
        performance.media_id is not None and not remove_media
    )
    if not (keeps_document or keeps_media or cleaned.video_url):
        raise _missing_proof_error()

    stored: list = [None, None]
    try:
        with transaction.atomic():
            locked = DiversePerformance.objects.select_for_update().get(pk=performance.pk)
            stored = _store_files(
                prepared_document, prepared_media, owner=locked.student, user=user
            )
            replaced = []
            if stored[0] is not None or remove_document:
                replaced.append(locked.document)
                locked.document = stored[0]
            if stored[1] is not None or remove_media:
                replaced.append(locked.media)
                locked.media = stored[1]
            cleaned.apply_to(locked)
            locked.save()
            delete_stored_files(replaced)
            log_action(
                "portfolio.performance.updated",
                actor=user,
                target=locked,
                data={
                    "document_replaced": stored[0] is not None or remove_document,
                    "media_replaced": stored[1] is not None or remove_media,
                },
            )
    except Exception:
        _delete_bytes_on_rollback(stored)
        raise
    return locked


def delete_performance(
    performance: DiversePerformance, user, at: datetime.datetime | None = None
) -> None:
    """Delete one of the student's own uploads while the window is open; its slot frees."""
    at = at or timezone.now()
    _check_student_may_change(performance, user, at)
    with transaction.atomic():
        data = {"kind": performance.kind, "title": performance.title, "slot": performance.slot}
        files = [performance.document, performance.media]
        log_action("portfolio.performance.deleted", actor=user, target=performance, data=data)
        performance.delete()
        delete_stored_files(files)


# Office entries.


def office_entry_kind(task_item_code: str) -> tuple[str, dict] | None:
    """Return (kind, fixed field values) when offices enter performances under a task item."""
    return OFFICE_ENTRY_KINDS.get(task_item_code)


_CLASS_AND_SEAT = re.compile(r"^(\w+?)\s*[-\s/]\s*(\d{1,2})$")


def resolve_students(identifiers: Iterable[str], academic_year: int) -> list[Student]:
    """Find the students named by number (1139001) or by class and seat (101-05 or 101 5).

    Classes are those of `academic_year`. Every identifier that names no
    student, or names a departed student, is reported in one ValidationError
    under "students". Duplicates are entered once.
    """
    wanted = []
    for raw in identifiers:
        text = raw.strip()
        if text and text not in wanted:
            wanted.append(text)
    if not wanted:
        raise ValidationError({"students": _("Enter at least one student number.")})

    pairs = {}
    numbers = []
    for text in wanted:
        match = _CLASS_AND_SEAT.match(text)
        if match:
            pairs[text] = (match.group(1), int(match.group(2)))
        else:
            numbers.append(text)

    by_number = {
        student.student_number: student
        for student in Student.objects.filter(student_number__in=numbers).select_related(
            "school_class"
        )
    }
    by_seat = {}
    if pairs:
        seat_filter = Q()
        for class_code, seat in pairs.values():
            seat_filter |= Q(school_class__code=class_code, seat_number=seat)
        for student in Student.objects.filter(
            seat_filter, school_class__academic_year=academic_year
        ).select_related("school_class"):
            by_seat[(student.school_class.code, student.seat_number)] = student

    found, errors = [], []
    for text in wanted:
        if text in pairs:
            class_code, seat = pairs[text]
            student = by_seat.get((class_code, seat))
            if student is None:
                errors.append(
                    _(
                        "“%(value)s”: class %(class)s of academic year %(year)s has no student "
                        "in seat %(seat)s."
                    )
                    % {"value": text, "class": class_code, "year": academic_year, "seat": seat}
                )
                continue
        else:
            student = by_number.get(text)
            if student is None:
                errors.append(_("“%(value)s”: no student has this number.") % {"value": text})
                continue
        if student.has_departed:
            errors.append(
                _("“%(value)s” (%(name)s) has left the school; remove this line.")
                % {"value": text, "name": student.name}
            )
            continue
        if student not in found:
            found.append(student)
    if errors:
        raise ValidationError({"students": errors})
    return found


def acting_for_office_entry(user, task_item_code: str, at: datetime.datetime) -> tuple:
    """Return (task item, kind, fixed values, Acting) when the user may enter for it now.

    Raises PermissionDenied for task items without office entry and for anyone
    but the staff acting for the task item at the moment `at`.
    """
    entry = office_entry_kind(task_item_code)
    task_item = TaskItem.objects.filter(code=task_item_code).first()
    if entry is None or task_item is None:
        raise PermissionDenied(f"No office entry of performances under {task_item_code!r}.")
    acting = acting_as(staff_of(user), task_item, at)
    if acting is None:
        raise PermissionDenied(f"User {user.pk} does not act for {task_item_code!r} now.")
    kind, fixed = entry
    return task_item, kind, fixed, acting


def enter_for_students(
    task_item_code: str,
    user,
    student_numbers: Iterable[str],
    data: dict,
    *,
    document=None,
    media=None,
    at: datetime.datetime | None = None,
) -> list[DiversePerformance]:
    """Enter the same performance for many students, as the office of a task item.

    Only the staff acting for "competitions" (competition results),
    "self-directed-learning" (flexible learning, category self-directed
    learning) or "public-service" (service learning) may do it. Every student
    is checked first, and all problems are reported together. Then all records
    are created in one transaction with one shared proof file. Each record gets
    an audit entry that names the owner a proxy acted for. The records have no
    slot, so they use none of the quota.
    """
    at = at or timezone.now()
    task_item, kind, fixed, acting = acting_for_office_entry(user, task_item_code, at)
    today = roc.to_taipei(at).date()
    academic_year = roc.academic_year_of(today)

    errors = {}
    cleaned = None
    students = []
    try:
        cleaned = clean_performance(kind, {**data, **fixed})
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        students = resolve_students(student_numbers, academic_year)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        prepared_document, prepared_media = _prepare_files(document, media)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if not (prepared_document or prepared_media or cleaned.video_url):
        raise _missing_proof_error()

    term = current_term(today)
    stored: list = [None, None]
    try:
        with transaction.atomic():
            stored = _store_files(prepared_document, prepared_media, owner=None, user=user)
            created = []
            for student in students:
                performance = DiversePerformance(
                    student=student,
                    academic_year=academic_year,
                    term=term,
                    kind=kind,
                    document=stored[0],
                    media=stored[1],
                    entered_under=task_item,
                    entered_by=user,
                )
                cleaned.apply_to(performance)
                created.append(performance)
            DiversePerformance.objects.bulk_create(created)
            for performance in created:
                log_action(
                    "portfolio.performance.entered",
                    actor=user,
                    acting=acting,
                    target=performance,
                    data={"task_item": task_item.code, "kind": kind, "year": academic_year},
                )
    except Exception:
        _delete_bytes_on_rollback(stored)
        raise
    logger.info(
        "task item %s: user %s entered %s performances", task_item.code, user.pk, len(created)
    )
    return created
