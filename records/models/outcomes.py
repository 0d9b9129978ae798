"""Course learning outcomes (課程學習成果) and their certification by the course teacher."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff, Student
from records.models.courses import Section
from records.models.files import StoredFile
from records.models.terms import Term


class CourseOutcome(models.Model):
    """A piece of coursework a student uploads for one section of one term.

    Every outcome holds a slot from 1 to the per-term cap, unique per student and
    term, so the database itself stops a seventh outcome even when two uploads
    race. Deleting a draft frees its slot.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("waiting for certification")
        CERTIFIED = "certified", _("certified")
        REJECTED = "rejected", _("not certified")

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="outcomes"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="outcomes"
    )
    section = models.ForeignKey(
        Section, verbose_name=_("course section"), on_delete=models.PROTECT, related_name="outcomes"
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    title = models.CharField(_("title"), max_length=100)
    summary = models.CharField(_("summary"), max_length=100)
    document = models.ForeignKey(
        StoredFile,
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    media = models.ForeignKey(
        StoredFile,
        verbose_name=_("audio or video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    client_token = models.UUIDField(
        _("form token"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Sent with the upload form so that a repeated submission creates nothing new."),
    )
    origin_school_code = models.CharField(
        _("school code"),
        max_length=6,
        blank=True,
        help_text=_("Set for items made at another school and brought in by a transfer."),
    )
    submitted_at = models.DateTimeField(_("sent for certification at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("course outcome")
        verbose_name_plural = _("course outcomes")
        ordering = ["term", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "term", "slot"], name="outcome_slot_unique_per_term"
            ),
            models.CheckConstraint(condition=models.Q(slot__gte=1), name="outcome_slot_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_locked(self) -> bool:
        """Certified outcomes cannot be changed by the student any more."""
        return self.status == self.Status.CERTIFIED


class CertificationDecision(models.Model):
    """One certification decision: who decided, when, for whom as proxy, and why."""

    class Decision(models.TextChoices):
        CERTIFIED = "certified", _("certified")
        REJECTED = "rejected", _("not certified")

    outcome = models.ForeignKey(
        CourseOutcome,
        verbose_name=_("course outcome"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(
        _("certification note"),
        blank=True,
        help_text=_(
            "Required when not certified: about authorship or the wrong course, never a grade."
        ),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
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
        help_text=_("The section's teacher, when a substitute or proxy decided instead."),
    )
    acting_rank = models.CharField(_("acting as"), max_length=30, blank=True)
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("certification decision")
        verbose_name_plural = _("certification decisions")
        ordering = ["-decided_at", "-id"]

    def __str__(self):
        return f"{self.outcome}: {self.get_decision_display()}"
