"""Stored files: saving a checked upload, and who may read a stored file.

Every view that sends a student's file calls `get_file_for_user`, so the list
of people who may read a file lives in `can_read_file` and nowhere else.
"""

import datetime
import logging

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.access import staff_of
from accounts.models import Staff, TaskItem
from accounts.services.acting import acting_as
from records.models import CourseOutcome, DiversePerformance, StoredFile
from records.services.sections import sections_for_teacher
from records.uploads import PreparedFile

logger = logging.getLogger(__name__)

# Task items whose acting staff may read every student's files: the platform's
# maintainers, who handle support requests and export the files to the central
# database. Staff acting for the task item an office entered a diverse
# performance under may also read that performance's files.
TASK_ITEMS_READING_ALL_FILES = ("system-maintenance",)
# The certification task item: whoever acts for it at the end of the proxy
# chain certifies outcomes when neither the teacher nor a substitute can.
COURSE_OUTCOMES_TASK_ITEM = "course-outcomes"


def store_prepared_file(prepared: PreparedFile, *, owner, uploaded_by) -> StoredFile:
    """Save `prepared` under its random stored name and return the StoredFile row.

    The original name (with the extension of the stored type) is kept for
    display and download. Call it inside the caller's transaction; the bytes
    stay in storage if that transaction rolls back, so callers delete them then.
    """
    stored = StoredFile(
        original_name=prepared.download_name,
        content_type=prepared.mime_type,
        size=prepared.size,
        md5=prepared.md5,
        sha256=prepared.sha256,
        owner=owner,
        uploaded_by=uploaded_by,
        notices=list(prepared.notices),
    )
    stored.file.save(prepared.stored_name, prepared.content, save=False)
    stored.save()
    logger.info("stored file %s for student %s", stored.pk, owner.pk if owner else None)
    return stored


def delete_stored_files(files) -> None:
    """Delete StoredFile rows and their bytes in storage; None entries are skipped."""
    for stored in files:
        if stored is None:
            continue
        name = stored.file.name
        storage = stored.file.storage
        stored.delete()
        if name:
            storage.delete(name)


def _uses_file(file_id: int) -> Q:
    return Q(document_id=file_id) | Q(media_id=file_id)


def _teaches_outcome_using(staff: Staff, stored: StoredFile, at: datetime.datetime) -> bool:
    sections = sections_for_teacher(staff, at).values("pk")
    return CourseOutcome.objects.filter(_uses_file(stored.pk), section__in=sections).exists()


def _is_homeroom_teacher_of_owner(staff: Staff, stored: StoredFile) -> bool:
    owner = stored.owner
    return (
        owner is not None
        and owner.school_class is not None
        and owner.school_class.homeroom_teacher_id == staff.pk
    )


def _acts_for_task_item_needing(staff: Staff, stored: StoredFile, at: datetime.datetime) -> bool:
    codes = set(TASK_ITEMS_READING_ALL_FILES)
    if CourseOutcome.objects.filter(_uses_file(stored.pk)).exists():
        codes.add(COURSE_OUTCOMES_TASK_ITEM)
    codes.update(
        DiversePerformance.objects.filter(
            _uses_file(stored.pk), entered_under__isnull=False
        ).values_list("entered_under__code", flat=True)
    )
    task_items = TaskItem.objects.filter(code__in=codes)
    return any(acting_as(staff, item, at) is not None for item in task_items)


def _is_office_proof_of_own_performance(user, stored: StoredFile) -> bool:
    # An office enters one proof file for many students, so the file has no
    # owner; each of those students may still read it.
    return (
        stored.owner is None
        and DiversePerformance.objects.filter(_uses_file(stored.pk), student__user=user).exists()
    )


def can_read_file(user, stored: StoredFile, at: datetime.datetime | None = None) -> bool:
    """Return whether `user` may read `stored` at the moment `at` (now when omitted).

    Allowed: the student who owns the file, or whose office-entered diverse
    performance uses it; a teacher who teaches or covers the
    section of a course outcome using the file; the homeroom teacher of the
    owner's class; staff acting for a task item that needs the file
    (TASK_ITEMS_READING_ALL_FILES, the certification task item for outcome
    files, the task item an office entered a diverse performance under).
    """
    if not user.is_authenticated or not user.is_active:
        return False
    at = at or timezone.now()
    if stored.owner is not None and stored.owner.user_id == user.pk:
        return True
    if _is_office_proof_of_own_performance(user, stored):
        return True
    staff = staff_of(user)
    if staff is None:
        return False
    if _teaches_outcome_using(staff, stored, at):
        return True
    if _is_homeroom_teacher_of_owner(staff, stored):
        return True
    return _acts_for_task_item_needing(staff, stored, at)


def get_file_for_user(user, file_id: int, at: datetime.datetime | None = None) -> StoredFile:
    """Return the StoredFile with `file_id` when `user` may read it; raise Http404 otherwise.

    A file the user may not read raises 404 like a missing one, so guessed
    ids reveal nothing.
    """
    stored = StoredFile.objects.select_related("owner__school_class").filter(pk=file_id).first()
    if stored is None or not can_read_file(user, stored, at):
        raise Http404("No such file.")
    return stored
