"""Receipts (收訖明細), confirmations, objections (疑義) and paper notices."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff, Student
from portfolio.models import Job
from submissions.models.batches import SubmissionBatch, SubmissionItem


class ReceiptRound(models.Model):
    """A receipt confirmation window the registry announces for one academic year.

    The window lasts at least 3 days. When it closes, every receipt still open is
    recorded as deemed confirmed, once (closed_at records that it happened).
    """

    academic_year = models.PositiveSmallIntegerField(_("academic year"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("announced by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("announced at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("deemed confirmations recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("receipt confirmation window")
        verbose_name_plural = _("receipt confirmation windows")
        ordering = ["-academic_year", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on") + datetime.timedelta(days=2)),
                name="receipt_window_at_least_three_days",
            )
        ]

    def __str__(self):
        return f"{self.academic_year} {self.starts_on}–{self.ends_on}"


class Receipt(models.Model):
    """What the central database received for one student in a round, and their answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        OBJECTED = "objected", _("objection raised")
        DEEMED_CONFIRMED = "deemed", _("deemed confirmed")

    round = models.ForeignKey(
        ReceiptRound, verbose_name=_("window"), on_delete=models.CASCADE, related_name="receipts"
    )
    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="receipts"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.UniqueConstraint(fields=["round", "student"], name="receipt_unique_per_round")
        ]

    def __str__(self):
        return f"{self.round} {self.student}"


class ReceiptLine(models.Model):
    """One item the central database reports as received."""

    receipt = models.ForeignKey(
        Receipt, verbose_name=_("receipt"), on_delete=models.CASCADE, related_name="lines"
    )
    part = models.CharField(_("part"), max_length=30, choices=SubmissionBatch.Part.choices)
    submission_item = models.ForeignKey(
        SubmissionItem,
        verbose_name=_("submitted item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.CharField(_("item"), max_length=300)

    class Meta:
        verbose_name = _("receipt line")
        verbose_name_plural = _("receipt lines")
        ordering = ["receipt", "part", "id"]

    def __str__(self):
        return self.description


class Objection(models.Model):
    """A student's objection to a receipt, answered by the submitting unit within 3 days."""

    class Answer(models.TextChoices):
        CORRECTED = "corrected", _("accepted and corrected")
        EXPLAINED = "explained", _("explained")

    receipt = models.ForeignKey(
        Receipt, verbose_name=_("receipt"), on_delete=models.CASCADE, related_name="objections"
    )
    part = models.CharField(_("part"), max_length=30, choices=SubmissionBatch.Part.choices)
    line = models.ForeignKey(
        ReceiptLine,
        verbose_name=_("receipt line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="objections",
    )
    description = models.TextField(_("description"))
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    answer_due_at = models.DateTimeField(_("answer due"))
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    answer_text = models.TextField(_("reply"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
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
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["answer_due_at"]

    def __str__(self):
        return f"{self.receipt}: {self.get_part_display()}"


class PaperNotice(models.Model):
    """A printed receipt notice for a departed student who cannot log in."""

    receipt = models.ForeignKey(
        Receipt, verbose_name=_("receipt"), on_delete=models.CASCADE, related_name="notices"
    )
    job = models.ForeignKey(
        Job, verbose_name=_("print job"), null=True, blank=True, on_delete=models.SET_NULL
    )
    generated_at = models.DateTimeField(_("generated at"), auto_now_add=True)
    mailed_on = models.DateField(_("mailed on"), null=True, blank=True)
    mailed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mailed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("paper notice")
        verbose_name_plural = _("paper notices")
        ordering = ["-generated_at"]

    def __str__(self):
        return f"{self.receipt}"
