"""The real type of an upload, read from its content, never from its name or browser."""

import filetype
import magic
from django.utils.translation import gettext_lazy as _

# libmagic needs at most a few kilobytes for the types accepted here.
SNIFF_BYTES = 64 * 1024

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
HEIC = "image/heic"
MP3 = "audio/mpeg"
MP4 = "video/mp4"

# MIME types that libmagic 5.44 reports for HEIF photos, mapped to one name.
HEIF_ALIASES = {"image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"}

# Types libmagic returns when it cannot tell, so filetype gets a second look.
UNKNOWN_TYPES = {"application/octet-stream", "application/x-empty", "text/plain"}

DESCRIPTIONS = {
    PDF: _("a PDF document"),
    JPEG: _("a JPG image"),
    PNG: _("a PNG image"),
    HEIC: _("a HEIC photo"),
    MP3: _("MP3 audio"),
    MP4: _("an MP4 video"),
    "application/x-dosexec": _("a Windows program (EXE)"),
    "application/x-msdownload": _("a Windows program (EXE)"),
    "application/x-executable": _("a program"),
    "application/x-pie-executable": _("a program"),
    "application/x-sharedlib": _("a program"),
    "application/x-mach-binary": _("a program"),
    "text/x-shellscript": _("a script"),
    "application/zip": _("a ZIP archive"),
    "application/x-rar": _("a RAR archive"),
    "application/x-7z-compressed": _("a 7z archive"),
    "application/msword": _("a Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _("a Word document"),
    "application/vnd.ms-powerpoint": _("a PowerPoint presentation"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _(
        "a PowerPoint presentation"
    ),
    "application/vnd.ms-excel": _("an Excel workbook"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _("an Excel workbook"),
    "application/vnd.oasis.opendocument.text": _("an ODF text document"),
    "text/plain": _("plain text"),
    "text/html": _("a web page (HTML)"),
    "image/gif": _("a GIF image"),
    "image/webp": _("a WebP image"),
    "image/tiff": _("a TIFF image"),
    "image/bmp": _("a BMP image"),
    "video/quicktime": _("a MOV video (as iPhones record)"),
    "video/x-msvideo": _("an AVI video"),
    "video/webm": _("a WebM video"),
    "video/3gpp": _("a 3GP video"),
    "audio/x-m4a": _("M4A audio"),
    "audio/mp4": _("M4A audio"),
    "audio/x-wav": _("WAV audio"),
    "audio/ogg": _("Ogg audio"),
}


def sniff_mime_type(file) -> str:
    """Return the MIME type of `file` judged from its first bytes; leave it at position 0.

    libmagic decides, and filetype gets a second look when libmagic cannot
    tell. Every HEIF variant is returned as HEIC.
    """
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if head.startswith(b"ID3") and len(head) >= 10:
        return sniff_after_id3_tag(file, head)
    mime_type = magic.from_buffer(head, mime=True)
    if mime_type in UNKNOWN_TYPES:
        mime_type = filetype.guess_mime(head) or mime_type
    if mime_type in HEIF_ALIASES:
        return HEIC
    return mime_type


def sniff_after_id3_tag(file, head: bytes) -> str:
    """Return the MIME type of the audio after an ID3v2 tag.

    libmagic 5.44 skips the tag to find the first MPEG frame, but only within
    the bytes it is given, and a tag with cover art easily exceeds
    SNIFF_BYTES. So the frames are read from the end offset in the tag header.
    """
    # ID3v2 header: "ID3", version (2 bytes), flags, then a 28-bit "synchsafe"
    # size in 4 bytes of 7 bits each, not counting the 10-byte header or footer.
    flags = head[5]
    tag_size = 10 + (head[6] << 21 | head[7] << 14 | head[8] << 7 | head[9])
    if flags & 0x10:
        tag_size += 10
    file.seek(tag_size)
    frames = file.read(SNIFF_BYTES)
    file.seek(0)
    if magic.from_buffer(frames, mime=True) == MP3:
        return MP3
    return magic.from_buffer(head, mime=True)


def describe_mime_type(mime_type: str):
    """Return a translated noun phrase for `mime_type`, such as "a Word document"."""
    return DESCRIPTIONS.get(mime_type, _("a file in an unrecognised format"))
