"""Subject grades the registry records, with their special sheets."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Student
from records.models.courses import Section
from records.models.terms import Term


class Grade(models.Model):
    """A subject grade of one term as the registry records it, by kind of sheet."""

    class Kind(models.TextChoices):
        SEMESTER = "semester", _("semester grade")
        MAKE_UP = "make_up", _("make-up exam")
        RETAKE = "retake", _("retake")
        REPEAT_YEAR = "repeat_year", _("repeat year")
        TRANSFER = "transfer", _("transfer credit")

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="grades"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="grades"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SEMESTER)
    section = models.ForeignKey(
        Section,
        verbose_name=_("course section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grades",
    )
    course_code = models.CharField(_("course code"), max_length=30)
    course_name = models.CharField(_("course name"), max_length=100)
    credits = models.PositiveSmallIntegerField(_("credits"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("passed"))
    credit_counted = models.BooleanField(_("credits counted"), default=True)
    qualitative_note = models.TextField(_("qualitative description"), blank=True)

    class Meta:
        verbose_name = _("subject grade")
        verbose_name_plural = _("subject grades")
        ordering = ["term", "course_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "term", "course_code", "kind"], name="grade_unique"
            )
        ]

    def __str__(self):
        return f"{self.student} {self.term} {self.course_name}"
