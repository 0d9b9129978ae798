"""Submission batches (提交): frozen snapshots of what the school sends to the central database."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff, Student
from portfolio.models import Job


class SubmissionBatch(models.Model):
    """One part of one academic year's submission, built once and never changed.

    A corrected batch supersedes the earlier one; both stay on record.
    """

    class Part(models.TextChoices):
        ENROLMENT_AND_GRADES = "enrolment_grades", _("enrolment data and grades")
        COURSE_OUTCOMES = "outcomes", _("course outcomes")
        CADRE_RECORDS = "cadres", _("school cadre records")
        DIVERSE_PERFORMANCES = "performances", _("diverse performances")

    # The task item whose owner or acting proxy submits each part: the registry
    # submits all but the cadre records, which student activities submits.
    TASK_ITEM_BY_PART = {
        Part.ENROLMENT_AND_GRADES: "submit-enrolment-grades",
        Part.COURSE_OUTCOMES: "submit-outcomes",
        Part.CADRE_RECORDS: "submit-cadres",
        Part.DIVERSE_PERFORMANCES: "submit-performances",
    }

    class Status(models.TextChoices):
        BUILDING = "building", _("building")
        BUILT = "built", _("built")
        FAILED = "failed", _("failed")
        SUBMITTED = "submitted", _("submitted")
        SUPERSEDED = "superseded", _("superseded")

    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    part = models.CharField(_("part"), max_length=30, choices=Part.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BUILDING
    )
    job = models.ForeignKey(
        Job, verbose_name=_("build job"), null=True, blank=True, on_delete=models.SET_NULL
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    package = models.FileField(_("export package"), upload_to="packages/", blank=True)
    package_name = models.CharField(_("package file name"), max_length=255, blank=True)
    student_count = models.PositiveIntegerField(_("students"), default=0)
    item_count = models.PositiveIntegerField(_("items"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("built by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acting_for = models.ForeignKey(
        Staff,
        verbose_name=_("acting for"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acting_rank = models.CharField(_("acting as"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission batch")
        verbose_name_plural = _("submission batches")
        ordering = ["-academic_year", "part", "-created_at"]

    def __str__(self):
        return f"{self.academic_year} {self.get_part_display()} #{self.pk}"


class SubmissionItem(models.Model):
    """One student's row or item in a batch, frozen as it was submitted."""

    batch = models.ForeignKey(
        SubmissionBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="items"
    )
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="submission_items",
    )
    sheet = models.CharField(_("roster"), max_length=50)
    source_type = models.CharField(_("record type"), max_length=50, blank=True)
    source_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    row = models.JSONField(_("submitted row"))
    files = models.JSONField(
        _("files"),
        default=list,
        blank=True,
        help_text=_("Name, size, MD5 and SHA-256 of every file sent with the row."),
    )

    class Meta:
        verbose_name = _("submitted item")
        verbose_name_plural = _("submitted items")
        ordering = ["batch", "sheet", "id"]
        indexes = [models.Index(fields=["student", "batch"])]

    def __str__(self):
        return f"{self.batch} {self.sheet} {self.source_type}:{self.source_id}"
