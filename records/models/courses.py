"""Course sections (開課), substitute teachers who cover them, and enrolments."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import SchoolClass, Staff, Student
from records.models.terms import Term


class Section(models.Model):
    """A course taught to one class in one term by one teacher."""

    class Category(models.TextChoices):
        NATIONAL_REQUIRED = "national_required", _("nationally required course")
        SCHOOL_REQUIRED = "school_required", _("school-required course")
        ADVANCED_ELECTIVE = "advanced_elective", _("advanced elective")
        DIVERSE_ELECTIVE = "diverse_elective", _("diverse elective")
        REMEDIAL_ELECTIVE = "remedial_elective", _("remedial elective")
        FLEXIBLE_LEARNING = "flexible_learning", _("flexible learning")
        GROUP_ACTIVITY = "group_activity", _("group activity")

    # The category names that course lists use, whatever language the screens use.
    CATEGORY_BY_NAME = {
        "部定必修": Category.NATIONAL_REQUIRED,
        "校訂必修": Category.SCHOOL_REQUIRED,
        "加深加廣選修": Category.ADVANCED_ELECTIVE,
        "多元選修": Category.DIVERSE_ELECTIVE,
        "補強性選修": Category.REMEDIAL_ELECTIVE,
        "彈性學習": Category.FLEXIBLE_LEARNING,
        "團體活動": Category.GROUP_ACTIVITY,
    }

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.PROTECT, related_name="sections"
    )
    course_code = models.CharField(_("course code"), max_length=30)
    name = models.CharField(_("course name"), max_length=100)
    category = models.CharField(_("course category"), max_length=30, choices=Category.choices)
    credits = models.PositiveSmallIntegerField(
        _("credits"), help_text=_("0 for a course that carries no credits.")
    )
    school_class = models.ForeignKey(
        SchoolClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="sections"
    )
    teacher = models.ForeignKey(
        Staff, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="sections"
    )

    class Meta:
        verbose_name = _("course section")
        verbose_name_plural = _("course sections")
        ordering = ["term", "school_class__code", "course_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "course_code", "school_class"], name="section_unique_per_class"
            )
        ]

    def __str__(self):
        return f"{self.term.code} {self.school_class.code} {self.name}"

    @property
    def is_credit_bearing(self) -> bool:
        """Whether students may upload course outcomes for it (only credit-bearing courses)."""
        return self.credits > 0


class SectionCover(models.Model):
    """A substitute teacher (代課教師) covering a section from one day, optionally to another."""

    section = models.ForeignKey(
        Section, verbose_name=_("course section"), on_delete=models.CASCADE, related_name="covers"
    )
    substitute = models.ForeignKey(
        Staff,
        verbose_name=_("substitute teacher"),
        on_delete=models.CASCADE,
        related_name="section_covers",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(
        _("to"), null=True, blank=True, help_text=_("Empty: until further notice.")
    )

    class Meta:
        verbose_name = _("substitute teacher")
        verbose_name_plural = _("substitute teachers")
        ordering = ["section", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="cover_ends_on_or_after_start",
            )
        ]

    def __str__(self):
        return f"{self.section}: {self.substitute.name}"

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Enrolment(models.Model):
    """A student taking a section."""

    section = models.ForeignKey(
        Section,
        verbose_name=_("course section"),
        on_delete=models.CASCADE,
        related_name="enrolments",
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="enrolments"
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["section", "student__student_number"]
        constraints = [
            models.UniqueConstraint(fields=["section", "student"], name="enrolment_unique")
        ]

    def __str__(self):
        return f"{self.student} – {self.section}"
