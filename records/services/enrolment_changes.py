"""Enrolment changes (學籍異動) and what they leave the student allowed to do.

Recording a change sets the student's enrolment status. Nothing made in
earlier terms is touched: a suspended student who resumes keeps every grade,
outcome and performance of the terms before the suspension, each still under
the term it was made in.
"""

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import SchoolClass, Student
from audit.services import log_action
from portfolio import roc
from records.models import EnrolmentChange

logger = logging.getLogger(__name__)

Kind = EnrolmentChange.Kind
Status = Student.Status

# The enrolment status each kind of change leaves the student in.
STATUS_AFTER = {
    Kind.TRANSFER_IN: Status.TRANSFERRED_IN,
    Kind.TRANSFER_OUT: Status.TRANSFERRED_OUT,
    Kind.SUSPENSION: Status.SUSPENDED,
    Kind.RESUMPTION: Status.ENROLLED,
    Kind.REPEAT_YEAR: Status.REPEATING,
    Kind.VISITING_STUDY: Status.VISITING,
    Kind.GRADUATION: Status.GRADUATED,
    Kind.WITHDRAWAL: Status.WITHDRAWN,
}

# Changes that name the other school involved.
NEEDS_OTHER_SCHOOL = {Kind.TRANSFER_IN, Kind.TRANSFER_OUT, Kind.VISITING_STUDY}


def can_upload(student: Student) -> bool:
    """Return whether the student's enrolment status still allows uploads.

    Departed students (transferred out, graduated, withdrawn, expelled,
    deceased) and suspended students cannot upload; everyone else can,
    including students on a visiting study at another school.
    """
    return not student.has_departed and student.status != Status.SUSPENDED


def check_change(
    student: Student,
    kind: str,
    effective_on: datetime.date,
    other_school_code: str,
    school_class: SchoolClass | None,
) -> None:
    """Raise ValidationError, keyed by form field, when the change does not fit the student."""
    errors = {}
    if kind not in STATUS_AFTER:
        errors["kind"] = _("Choose one of the listed kinds of change.")
    elif kind == Kind.RESUMPTION and student.status != Status.SUSPENDED:
        errors["kind"] = _(
            "%(name)s is not suspended (status: %(status)s), so there is nothing to resume."
        ) % {"name": student.name, "status": student.get_status_display()}
    elif student.has_departed and kind != Kind.TRANSFER_IN:
        errors["kind"] = _(
            "%(name)s has left the school (status: %(status)s); only a transfer back in "
            "can be recorded."
        ) % {"name": student.name, "status": student.get_status_display()}
    elif kind in NEEDS_OTHER_SCHOOL and not other_school_code:
        errors["other_school_code"] = _(
            "Enter the six-digit code of the other school for a transfer or a visiting study."
        )
    if other_school_code and not (len(other_school_code) == 6 and other_school_code.isdigit()):
        errors["other_school_code"] = _(
            "School code “%(code)s” is invalid; a school code has six digits."
        ) % {"code": other_school_code}
    last = student.enrolment_changes.order_by("-effective_on").first()
    if last is not None and effective_on < last.effective_on:
        errors["effective_on"] = _(
            "The date is before the latest recorded change (%(kind)s on %(date)s); record "
            "changes in the order they happened."
        ) % {"kind": last.get_kind_display(), "date": roc.format_roc_date(last.effective_on)}
    if school_class is not None and kind not in (
        Kind.TRANSFER_IN,
        Kind.RESUMPTION,
        Kind.REPEAT_YEAR,
    ):
        errors["school_class"] = _(
            "Only a transfer in, a resumption or a repeat year moves the student to another "
            "class; leave the class empty."
        )
    if errors:
        raise ValidationError(errors)


def record_enrolment_change(
    student: Student,
    kind: str,
    effective_on: datetime.date,
    *,
    user,
    acting=None,
    other_school_code: str = "",
    note: str = "",
    school_class: SchoolClass | None = None,
) -> EnrolmentChange:
    """Record an enrolment change and set the student's status (and class) to match.

    Raises ValidationError when the change does not fit the student's current
    status. The audit log gets the change and the student's old and new
    status and class.
    """
    other_school_code = other_school_code.strip()
    with transaction.atomic():
        student = Student.objects.select_for_update().get(pk=student.pk)
        check_change(student, kind, effective_on, other_school_code, school_class)
        change = EnrolmentChange.objects.create(
            student=student,
            kind=kind,
            effective_on=effective_on,
            other_school_code=other_school_code,
            note=note,
            recorded_by=user,
        )
        old = {"status": student.status, "school_class": student.school_class_id}
        student.status = STATUS_AFTER[kind]
        if school_class is not None:
            student.school_class = school_class
        student.save(update_fields=["status", "school_class"])
        new = {"status": student.status, "school_class": student.school_class_id}
        log_action(
            "portfolio.enrolment_change.created",
            actor=user,
            acting=acting,
            target=change,
            data={
                "old": old,
                "new": {
                    **new,
                    "kind": kind,
                    "effective_on": effective_on.isoformat(),
                    "other_school_code": other_school_code,
                    "note": note,
                },
                "student": student.pk,
            },
        )
    logger.info("enrolment change %s recorded for student %s: %s", change.pk, student.pk, kind)
    return change
