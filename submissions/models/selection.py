"""What a student selects (勾選) for the central database each academic year."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Student
from records.models import CourseOutcome, DiversePerformance


class Selection(models.Model):
    """One selected course outcome or diverse performance.

    Each selection holds a slot from 1 to the yearly cap of its type, unique per
    student, year and type, so the database rejects one over the cap even when
    two tabs submit at once.
    """

    class ItemType(models.TextChoices):
        OUTCOME = "outcome", _("course outcome")
        PERFORMANCE = "performance", _("diverse performance")

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="selections"
    )
    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    item_type = models.CharField(_("type"), max_length=20, choices=ItemType.choices)
    outcome = models.ForeignKey(
        CourseOutcome,
        verbose_name=_("course outcome"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="selections",
    )
    performance = models.ForeignKey(
        DiversePerformance,
        verbose_name=_("diverse performance"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="selections",
    )
    slot = models.PositiveSmallIntegerField(_("slot"))
    created_at = models.DateTimeField(_("selected at"), auto_now_add=True)

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        ordering = ["academic_year", "item_type", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "academic_year", "item_type", "slot"],
                name="selection_slot_unique",
            ),
            models.UniqueConstraint(
                fields=["outcome"],
                condition=models.Q(outcome__isnull=False),
                name="selection_outcome_once",
            ),
            models.UniqueConstraint(
                fields=["performance"],
                condition=models.Q(performance__isnull=False),
                name="selection_performance_once",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(item_type="outcome", outcome__isnull=False, performance__isnull=True)
                    | models.Q(
                        item_type="performance", performance__isnull=False, outcome__isnull=True
                    )
                ),
                name="selection_one_item_of_its_type",
            ),
            models.CheckConstraint(condition=models.Q(slot__gte=1), name="selection_slot_positive"),
        ]

    def __str__(self):
        return f"{self.student} {self.academic_year} {self.get_item_type_display()} {self.slot}"
