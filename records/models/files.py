"""Files that students and offices upload, kept in private storage."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Student


def stored_file_path(instance, filename):
    # filename is already the random stored name from records.uploads.
    owner = instance.owner_id or "school"
    return f"portfolio/{owner}/{filename}"


class StoredFile(models.Model):
    """An uploaded file after checking and conversion, with its original name and checksums."""

    file = models.FileField(_("file"), upload_to=stored_file_path, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    md5 = models.CharField(_("MD5"), max_length=32)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    owner = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="files",
        help_text=_("Empty for files an office uploads for several students."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notices = models.JSONField(
        _("what was done to the file"),
        default=list,
        blank=True,
        help_text=_("Conversions applied on upload, shown to the student."),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_audio(self) -> bool:
        return self.content_type.startswith("audio/")

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")
