"""Cadre records and subject assistants entered by the student affairs and curriculum sections."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Student
from records.models.terms import Term


class CadreRecord(models.Model):
    """A school, class or club cadre post, or a subject assistant (小老師), entered by an office."""

    class Category(models.TextChoices):
        SCHOOL = "school", _("school cadre")
        CLASS = "class", _("class cadre")
        CLUB = "club", _("club cadre")
        SUBJECT_ASSISTANT = "subject_assistant", _("subject assistant")

    # The category names the school's admin system exports.
    CATEGORY_BY_NAME = {
        "校級幹部": Category.SCHOOL,
        "班級幹部": Category.CLASS,
        "社團幹部": Category.CLUB,
        "小老師": Category.SUBJECT_ASSISTANT,
    }

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="cadre_records"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="cadre_records"
    )
    category = models.CharField(_("cadre category"), max_length=20, choices=Category.choices)
    unit = models.CharField(_("unit"), max_length=100)
    post = models.CharField(_("post"), max_length=100)
    level = models.CharField(_("cadre level"), max_length=50, blank=True)
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    summary = models.CharField(_("summary"), max_length=100, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cadre record")
        verbose_name_plural = _("cadre records")
        ordering = ["term", "category", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "term", "category", "unit", "post"], name="cadre_record_unique"
            )
        ]

    def __str__(self):
        return f"{self.student} {self.unit} {self.post}"
