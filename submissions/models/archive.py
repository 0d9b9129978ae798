"""Sealed archives (封存) of departed students and the anonymous trace of a purge."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Student


class PortfolioSeal(models.Model):
    """The sealing of a departed student's portfolio; it is purged three years later."""

    student = models.OneToOneField(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="seal"
    )
    sealed_on = models.DateField(_("sealed on"))
    reason = models.CharField(_("reason"), max_length=20, choices=Student.Status.choices)
    purge_due_on = models.DateField(_("purge due on"), db_index=True)

    class Meta:
        verbose_name = _("sealed portfolio")
        verbose_name_plural = _("sealed portfolios")
        ordering = ["purge_due_on"]

    def __str__(self):
        return f"{self.student} {self.sealed_on}"


class PurgeRecord(models.Model):
    """What remains of a purged portfolio: no personal data, only terms, counts and dates."""

    sealed_on = models.DateField(_("sealed on"))
    purged_on = models.DateField(_("purged on"))
    terms = models.JSONField(_("terms"), default=list)
    outcome_count = models.PositiveIntegerField(_("course outcomes"), default=0)
    performance_count = models.PositiveIntegerField(_("diverse performances"), default=0)
    file_count = models.PositiveIntegerField(_("files"), default=0)

    class Meta:
        verbose_name = _("purge record")
        verbose_name_plural = _("purge records")
        ordering = ["-purged_on"]

    def __str__(self):
        return f"{self.purged_on}"
