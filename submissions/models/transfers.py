"""Transfer packages: a portfolio leaving for, or arriving from, another school."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Student


class TransferPackage(models.Model):
    class Direction(models.TextChoices):
        EXPORT = "export", _("exported")
        IMPORT = "import", _("imported")

    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="transfer_packages",
    )
    other_school_code = models.CharField(_("other school code"), max_length=6, blank=True)
    package = models.FileField(_("package"), upload_to="transfers/", max_length=255)
    md5 = models.CharField(_("MD5"), max_length=32)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("transfer package")
        verbose_name_plural = _("transfer packages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_direction_display()} {self.student}"
