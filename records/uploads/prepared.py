"""The result of preparing an upload: content ready to store, with its facts."""

import hashlib
from dataclasses import dataclass, field

from django.core.files import File
from django.core.files.base import ContentFile

from records.uploads.names import random_stored_name, split_extension

# Extensions that name the same type, so "photo.jpeg" needs no renaming.
SAME_TYPE_EXTENSIONS = {"jpg": {"jpg", "jpeg", "jpe", "jfif"}, "mp4": {"mp4", "m4v"}}


@dataclass
class PreparedFile:
    """An upload that passed every check, ready for a FileField.

    Store it with `field.save(prepared.stored_name, prepared.content)` and keep
    `original_name` for display. `notices` are translated sentences telling
    the student what was changed (resized, rotated, converted); show them
    after the upload.
    """

    content: File
    mime_type: str
    extension: str
    original_name: str
    stored_name: str
    size: int
    md5: str
    sha256: str
    notices: list[str] = field(default_factory=list)

    @property
    def download_name(self) -> str:
        """The original name, with the extension changed when the type changed.

        A HEIC photo converted to JPEG downloads as "IMG_0001.jpg", not ".heic".
        """
        stem, extension = split_extension(self.original_name)
        if extension in SAME_TYPE_EXTENSIONS.get(self.extension, {self.extension}):
            return self.original_name
        return f"{stem}.{self.extension}"


def build_prepared_file(content, mime_type, extension, original_name, notices) -> PreparedFile:
    """Wrap `content` (bytes or a django File) with a random stored name, size and checksums."""
    stored_name = random_stored_name(extension)
    if isinstance(content, bytes):
        content = ContentFile(content, name=stored_name)
    md5 = hashlib.md5(usedforsecurity=False)
    sha256 = hashlib.sha256()
    size = 0
    content.seek(0)
    for chunk in content.chunks():
        md5.update(chunk)
        sha256.update(chunk)
        size += len(chunk)
    content.seek(0)
    return PreparedFile(
        content=content,
        mime_type=mime_type,
        extension=extension,
        original_name=original_name,
        stored_name=stored_name,
        size=size,
        md5=md5.hexdigest(),
        sha256=sha256.hexdigest(),
        notices=[str(notice) for notice in notices],
    )
