"""Terms (學年度/學期) and the schedule windows (作業期程) the Dean sets for each."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from portfolio import roc


class Term(models.Model):
    """One semester of an ROC academic year, written 1131 for year 113 semester 1."""

    class Semester(models.IntegerChoices):
        FIRST = 1, _("semester 1")
        SECOND = 2, _("semester 2")

    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    semester = models.PositiveSmallIntegerField(_("semester"), choices=Semester.choices)
    starts_on = models.DateField(
        _("first day"),
        blank=True,
        help_text=_("Leave empty for 1 August (semester 1) or 1 February (semester 2)."),
    )
    ends_on = models.DateField(
        _("last day"),
        blank=True,
        help_text=_("Leave empty for 31 January (semester 1) or 31 July (semester 2)."),
    )
    closing_ceremony_on = models.DateField(
        _("closing ceremony date"),
        null=True,
        blank=True,
        help_text=_(
            "Date of the closing ceremony (休業式). The course-outcome upload window "
            "should stay open until at least two weeks after it."
        ),
    )

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["-academic_year", "-semester"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "semester"], name="term_unique"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="term_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.fill_default_bounds()
        super().save(*args, **kwargs)

    def fill_default_bounds(self) -> None:
        """Set empty first and last days to the calendar bounds of the semester."""
        if self.academic_year and self.semester and not (self.starts_on and self.ends_on):
            first, last = roc.term_bounds(self.academic_year, self.semester)
            self.starts_on = self.starts_on or first
            self.ends_on = self.ends_on or last

    def clean(self):
        self.fill_default_bounds()

    @property
    def code(self) -> int:
        return roc.term_code(self.academic_year, self.semester)

    @property
    def label(self) -> str:
        return roc.term_label(self.academic_year, self.semester)

    def contains(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


# SchoolClass.grade counts years at senior high school, so grade 12 (高三) is 3.
FINAL_GRADE = 3


class ScheduleWindow(models.Model):
    """A period in which one kind of portfolio work is open, with a self-check date.

    A window opens at 00:00 Taipei time on its first day and closes at
    23:59:59.999999 Taipei time on its last day. A window without a grade
    applies to every grade that has no window of its own for that kind.
    """

    class Kind(models.TextChoices):
        OUTCOME_UPLOAD = "outcome_upload", _("course-outcome upload")
        CERTIFICATION = "certification", _("course-outcome certification")
        PERFORMANCE_UPLOAD = "performance_upload", _("diverse-performance upload")
        SELECTION = "selection", _("selection")
        SUBMISSION = "submission", _("submission")
        RECEIPT_CONFIRMATION = "receipt_confirmation", _("receipt confirmation")

    class Grade(models.IntegerChoices):
        TENTH = 1, _("grade 10")
        ELEVENTH = 2, _("grade 11")
        TWELFTH = FINAL_GRADE, _("grade 12")

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="windows"
    )
    kind = models.CharField(_("work"), max_length=30, choices=Kind.choices)
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        choices=Grade.choices,
        null=True,
        blank=True,
        help_text=_("Leave empty for all grades; set it to give one grade its own window."),
    )
    starts_on = models.DateField(_("opens on"))
    ends_on = models.DateField(_("closes on"), help_text=_("Open until 23:59:59 on this day."))
    self_check_on = models.DateField(
        _("self-check date"),
        help_text=_("The day the responsible units check their own progress; inside the window."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("schedule window")
        verbose_name_plural = _("schedule windows")
        ordering = ["term", "starts_on", "kind", "grade"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "kind"],
                condition=models.Q(grade__isnull=True),
                name="window_unique_for_all_grades",
            ),
            models.UniqueConstraint(
                fields=["term", "kind", "grade"],
                condition=models.Q(grade__isnull=False),
                name="window_unique_per_grade",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="window_ends_on_or_after_start",
            ),
        ]

    def __str__(self):
        if self.grade:
            return f"{self.term} {self.get_kind_display()} ({self.get_grade_display()})"
        return f"{self.term} {self.get_kind_display()}"

    def clean(self):
        # Imported here because records.services.schedule imports this module.
        from records.services.schedule import check_window

        check_window(self)

    @property
    def opens_at(self) -> datetime.datetime:
        return roc.start_of_day(self.starts_on)

    @property
    def closes_at(self) -> datetime.datetime:
        return roc.end_of_day(self.ends_on)

    @property
    def length_in_days(self) -> int:
        """Number of calendar days the window covers, counting both ends."""
        return (self.ends_on - self.starts_on).days + 1

    def is_open(self, at: datetime.datetime) -> bool:
        return self.opens_at <= at <= self.closes_at
