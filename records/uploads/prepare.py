"""Check one upload against the rules for its purpose and return it ready to store.

Documents are PDF, JPG or PNG of at most PORTFOLIO["DOCUMENT_MAX_BYTES"];
HEIC photos are converted to JPG, and photos over the limit are made to fit.
Audio and video are MP3 or MP4 of at most PORTFOLIO["MEDIA_MAX_BYTES"].
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from records.uploads.images import IMAGE_TYPES, prepare_image
from records.uploads.media import check_media
from records.uploads.names import clean_original_name, split_extension
from records.uploads.pdfs import check_pdf
from records.uploads.prepared import PreparedFile, build_prepared_file
from records.uploads.sniffing import MP3, MP4, PDF, describe_mime_type, sniff_mime_type

DOCUMENT = "document"
MEDIA = "media"
MEDIA_EXTENSIONS = {MP3: "mp3", MP4: "mp4"}


def document_limit() -> int:
    return settings.PORTFOLIO["DOCUMENT_MAX_BYTES"]


def media_limit() -> int:
    return settings.PORTFOLIO["MEDIA_MAX_BYTES"]


def empty_file_error(name):
    return ValidationError(
        _(
            "“%(name)s” is empty (0 bytes). Check that the file was saved completely, "
            "then upload it again."
        ),
        code="empty",
        params={"name": name},
    )


def wrong_document_type_error(name, mime_type):
    params = {"name": name, "kind": describe_mime_type(mime_type)}
    if split_extension(name)[1] == "pdf":
        return ValidationError(
            _(
                "“%(name)s” is named like a PDF but is not a PDF: its content is %(kind)s. "
                "Open the original in the program that made it, export it as PDF and upload "
                "the new file."
            ),
            code="not_a_pdf",
            params=params,
        )
    return ValidationError(
        _(
            "“%(name)s” cannot be uploaded as a document because its content is %(kind)s. "
            "Documents must be PDF, JPG or PNG files (HEIC photos are converted). Save or "
            "export it in one of these types and upload it again."
        ),
        code="unsupported_document_type",
        params=params,
    )


def wrong_media_type_error(name, mime_type):
    return ValidationError(
        _(
            "“%(name)s” cannot be uploaded as audio or video because its content is %(kind)s. "
            "Audio must be MP3 and video MP4. Convert it (on an iPhone, set Camera › Formats "
            "to “Most Compatible” before recording) and upload it again."
        ),
        code="unsupported_media_type",
        params={"name": name, "kind": describe_mime_type(mime_type)},
    )


def prepare_upload(uploaded_file, purpose: str) -> PreparedFile:
    """Check `uploaded_file` as a DOCUMENT or MEDIA upload and return it ready to store.

    The type comes from the content alone. Raises ValidationError with a
    message that names the file and explains what is wrong and what to do.
    """
    if purpose not in (DOCUMENT, MEDIA):
        raise ValueError(f"purpose must be {DOCUMENT!r} or {MEDIA!r}, not {purpose!r}")
    name = clean_original_name(uploaded_file.name)
    if not uploaded_file.size:
        raise empty_file_error(name)
    mime_type = sniff_mime_type(uploaded_file)
    if purpose == DOCUMENT:
        return prepare_document(uploaded_file, mime_type, name)
    return prepare_media(uploaded_file, mime_type, name)


def prepare_document(uploaded_file, mime_type: str, name: str) -> PreparedFile:
    limit = document_limit()
    if mime_type == PDF:
        if uploaded_file.size > limit:
            raise ValidationError(
                _(
                    "“%(name)s” is %(size)s, more than the %(limit)s limit for documents. "
                    "Compress it (for example, export it again at a lower image resolution) "
                    "or split it into several files, and upload it again."
                ),
                code="pdf_too_large",
                params={
                    "name": name,
                    "size": filesizeformat(uploaded_file.size),
                    "limit": filesizeformat(limit),
                },
            )
        check_pdf(uploaded_file, name)
        return build_prepared_file(uploaded_file, PDF, "pdf", name, [])
    if mime_type in IMAGE_TYPES:
        result = prepare_image(uploaded_file, mime_type, name, limit)
        content = uploaded_file if result.content is None else result.content
        return build_prepared_file(
            content, result.mime_type, result.extension, name, result.notices
        )
    raise wrong_document_type_error(name, mime_type)


def prepare_media(uploaded_file, mime_type: str, name: str) -> PreparedFile:
    if mime_type not in MEDIA_EXTENSIONS:
        raise wrong_media_type_error(name, mime_type)
    limit = media_limit()
    if uploaded_file.size > limit:
        raise ValidationError(
            _(
                "“%(name)s” is %(size)s, more than the %(limit)s limit for audio and video. "
                "Shorten it or export it at a lower quality or resolution, and upload it again."
            ),
            code="media_too_large",
            params={
                "name": name,
                "size": filesizeformat(uploaded_file.size),
                "limit": filesizeformat(limit),
            },
        )
    check_media(uploaded_file, mime_type, name)
    return build_prepared_file(uploaded_file, mime_type, MEDIA_EXTENSIONS[mime_type], name, [])
