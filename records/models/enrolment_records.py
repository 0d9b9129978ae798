"""Enrolment changes and the registry's per-term check of each class's basic data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import SchoolClass, Student
from records.models.terms import Term


class EnrolmentChange(models.Model):
    """A change of enrolment (學籍異動) with its date, which decides what the student may do."""

    class Kind(models.TextChoices):
        TRANSFER_IN = "transfer_in", _("transfer in")
        TRANSFER_OUT = "transfer_out", _("transfer out")
        SUSPENSION = "suspension", _("suspension")
        RESUMPTION = "resumption", _("resumption")
        REPEAT_YEAR = "repeat_year", _("repeat year")
        VISITING_STUDY = "visiting_study", _("visiting study at another school")
        GRADUATION = "graduation", _("graduation")
        WITHDRAWAL = "withdrawal", _("withdrawal")

    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="enrolment_changes",
    )
    kind = models.CharField(_("change"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("effective date"))
    other_school_code = models.CharField(
        _("other school code"),
        max_length=6,
        blank=True,
        help_text=_("The school a student transfers from or to, or studies at as a visitor."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment change")
        verbose_name_plural = _("enrolment changes")
        ordering = ["-effective_on", "-id"]

    def __str__(self):
        return f"{self.student} {self.get_kind_display()}"


class StudentTermRecord(models.Model):
    """A student's enrolment data as the registry confirmed it for one term.

    Comparing it with the previous term's record shows what changed (class,
    status, name); the central database's student roster is also per term.
    """

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="student_records"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="term_records"
    )
    class_code = models.CharField(_("class"), max_length=10)
    seat_number = models.PositiveSmallIntegerField(_("seat number"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=50)
    status = models.CharField(_("enrolment status"), max_length=20)

    class Meta:
        verbose_name = _("term enrolment record")
        verbose_name_plural = _("term enrolment records")
        constraints = [
            models.UniqueConstraint(fields=["term", "student"], name="student_term_record_unique")
        ]

    def __str__(self):
        return f"{self.term} {self.student}"


class BasicDataCheck(models.Model):
    """The registry's confirmation that a class's basic data was re-checked this term."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="basic_data_checks"
    )
    school_class = models.ForeignKey(
        SchoolClass,
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="basic_data_checks",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("basic data check")
        verbose_name_plural = _("basic data checks")
        constraints = [
            models.UniqueConstraint(fields=["term", "school_class"], name="basic_data_check_unique")
        ]

    def __str__(self):
        return f"{self.term} {self.school_class}"
