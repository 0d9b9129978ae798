"""PDF documents: reject damaged, truncated and password-protected files."""

import logging

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

logger = logging.getLogger(__name__)

# A complete PDF ends with "startxref", an offset and "%%EOF". Some writers
# append padding after it, so the marker is looked for in the last 2 KiB.
TAIL_BYTES = 2048


def damaged_error(name):
    return ValidationError(
        _(
            "“%(name)s” is damaged or incomplete, so it cannot be read as a PDF. Open the "
            "original, export or download it as PDF again and upload the new file."
        ),
        code="pdf_damaged",
        params={"name": name},
    )


def has_complete_ending(file) -> bool:
    file.seek(0, 2)
    end = file.tell()
    file.seek(max(0, end - TAIL_BYTES))
    tail = file.read()
    file.seek(0)
    return b"%%EOF" in tail and b"startxref" in tail


def check_pdf(file, name: str) -> int:
    """Return the page count of the PDF in `file`, or raise ValidationError.

    Rejects a file without its closing startxref and %%EOF (cut off during
    upload or download), one pypdf cannot parse and one with no pages. Any
    encrypted PDF is rejected, even one that opens without a password, so
    every stored PDF can be read and merged without one.
    """
    if not has_complete_ending(file):
        raise damaged_error(name)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "“%(name)s” is protected with a password or encryption. Remove the "
                    "protection (for example, open it and print it to a new PDF) and upload "
                    "it again."
                ),
                code="pdf_encrypted",
                params={"name": name},
            )
        page_count = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 reading the box makes pypdf resolve the page object
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 pypdf raises many exception types on bad input
        logger.info("PDF upload rejected as damaged: %s: %s", type(error).__name__, error)
        raise damaged_error(name) from None
    finally:
        file.seek(0)
    if page_count == 0:
        raise damaged_error(name)
    return page_count
