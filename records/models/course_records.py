"""Course records kept by offices: course-planning assessments and counsellors'
consultations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff, Student


class CoursePlanningAssessment(models.Model):
    """The guidance office's course-planning assessment (學群探索與就業規劃) for a year."""

    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="planning_assessments",
    )
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    career_clusters = models.JSONField(_("career clusters"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course-planning assessment")
        verbose_name_plural = _("course-planning assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "academic_year"], name="planning_assessment_unique"
            )
        ]

    def __str__(self):
        return f"{self.student} {self.academic_year}"


class CounsellorAssignment(models.Model):
    """A course counsellor (課程諮詢教師) assigned to a student for an academic year."""

    counsellor = models.ForeignKey(
        Staff,
        verbose_name=_("course counsellor"),
        on_delete=models.CASCADE,
        related_name="counselled",
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="counsellor_assignments",
    )
    academic_year = models.PositiveSmallIntegerField(_("academic year"))

    class Meta:
        verbose_name = _("counsellor assignment")
        verbose_name_plural = _("counsellor assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "academic_year"], name="counsellor_assignment_unique"
            )
        ]

    def __str__(self):
        return f"{self.counsellor.name} → {self.student}"


class ConsultationRecord(models.Model):
    """A course consultation: date, time, place, content and advice."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="consultations"
    )
    counsellor = models.ForeignKey(
        Staff, verbose_name=_("course counsellor"), on_delete=models.PROTECT, related_name="+"
    )
    held_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=100)
    content = models.TextField(_("consultation content"))
    advice = models.TextField(_("advice"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("consultation record")
        verbose_name_plural = _("consultation records")
        ordering = ["-held_at"]

    def __str__(self):
        return f"{self.student} {self.held_at:%Y-%m-%d}"
