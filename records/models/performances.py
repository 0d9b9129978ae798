"""Diverse performances (多元表現): the ten kinds the central database takes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Student, TaskItem
from records.models.files import StoredFile
from records.models.terms import Term


class DiversePerformance(models.Model):
    """A record of something a student did outside coursework.

    Students upload most of them, at most a per-academic-year cap, each holding a
    slot unique per student and year so the database stops one over the cap.
    Offices enter some for many students at once (in-school competition results,
    self-directed learning plans); those have no slot and use none of the
    student's quota. Kind-specific fields live in `details`, defined per kind in
    records.performance_kinds.
    """

    class Kind(models.TextChoices):
        CADRE = "cadre", _("cadre experience")
        COMPETITION = "competition", _("competition")
        CERTIFICATE = "certificate", _("certificate or licence")
        SERVICE = "service", _("service learning")
        FLEXIBLE_LEARNING = "flexible_learning", _("flexible learning time")
        GROUP_ACTIVITY = "group_activity", _("group activity time")
        WORKPLACE = "workplace", _("workplace learning")
        WORK = "work", _("creative work")
        UNIVERSITY_COURSE = "university_course", _("university or college preparatory course")
        OTHER = "other", _("other performance")

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="performances"
    )
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    term = models.ForeignKey(
        Term,
        verbose_name=_("term"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="performances",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("name"), max_length=100)
    summary = models.CharField(_("summary"), max_length=100)
    details = models.JSONField(_("details"), default=dict, blank=True)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    document = models.ForeignKey(
        StoredFile,
        verbose_name=_("proof document"),
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
    video_url = models.URLField(_("external video link"), blank=True)
    slot = models.PositiveSmallIntegerField(_("slot"), null=True, blank=True)
    entered_under = models.ForeignKey(
        TaskItem,
        verbose_name=_("entered by the office for"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    origin_school_code = models.CharField(
        _("school code"),
        max_length=6,
        blank=True,
        help_text=_("Set for items made at another school and brought in by a transfer."),
    )
    client_token = models.UUIDField(_("form token"), null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("diverse performance")
        verbose_name_plural = _("diverse performances")
        ordering = ["academic_year", "kind", "starts_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "academic_year", "slot"],
                name="performance_slot_unique_per_year",
            ),
            models.CheckConstraint(
                condition=models.Q(slot__isnull=True) | models.Q(slot__gte=1),
                name="performance_slot_positive",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def entered_by_office(self) -> bool:
        return self.entered_under_id is not None
