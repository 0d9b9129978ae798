"""Several photos of a report, one page each, combined into one PDF document."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from PIL import Image
from pypdf import PdfReader, PdfWriter

from records.uploads.images import IMAGE_TYPES, decode_upright, flatten_to_rgb, open_image
from records.uploads.names import clean_original_name, split_extension
from records.uploads.prepare import empty_file_error
from records.uploads.prepared import PreparedFile, build_prepared_file
from records.uploads.sniffing import PDF, describe_mime_type, sniff_mime_type

# At most this many photos go into one PDF, so that each page keeps at least
# 1/30 of the limit (about 136 KiB of the default 4 MB). That is an estimate
# of what a readable photographed page of text needs as JPEG.
MAX_PHOTOS = 30
# Pages are fitted into an A4 box (210 × 297 mm) at these resolutions, in
# dots per inch, trying the next one down when a page is over its share.
PAGE_DPIS = (200, 150, 120, 96, 72)
PAGE_QUALITIES = (80, 65)
A4_INCHES = (8.27, 11.69)
# Room left in the limit for the PDF structure pypdf writes around the pages.
PDF_OVERHEAD_BYTES = 16 * 1024


def render_page(upright: Image.Image, budget: int) -> bytes:
    """Return a one-page PDF showing `upright` at the best resolution that fits in `budget` bytes.

    The page takes the photo's own proportions within an A4 box, portrait or
    landscape as the photo is, so a photographed page prints near A4 size.
    """
    rgb = flatten_to_rgb(upright)
    icc_profile = upright.info.get("icc_profile")
    portrait = rgb.height >= rgb.width
    box_inches = A4_INCHES if portrait else A4_INCHES[::-1]
    data = b""
    for dpi in PAGE_DPIS:
        box = (round(box_inches[0] * dpi), round(box_inches[1] * dpi))
        page = rgb.copy()
        page.thumbnail(box, Image.Resampling.LANCZOS)
        # The resolution at which the photo just fits the A4 box: `dpi` for a
        # photo scaled down to the box, lower for a small one, which grows.
        page_dpi = max(page.width / box_inches[0], page.height / box_inches[1], 1.0)
        for quality in PAGE_QUALITIES:
            page.info = {}
            buffer = io.BytesIO()
            options = {"resolution": page_dpi, "quality": quality}
            if icc_profile:
                options["icc_profile"] = icc_profile
            page.save(buffer, "PDF", **options)
            data = buffer.getvalue()
            if len(data) <= budget:
                return data
    return data


def combine_images_to_pdf(files, name: str | None = None) -> PreparedFile:
    """Combine photos (JPG, PNG or HEIC uploads) into one PDF, one upright page each.

    The pages share PORTFOLIO["DOCUMENT_MAX_BYTES"] equally and are made as
    large as their share allows. `name` is the display name of the result;
    without it the first photo's name is used with a .pdf extension. Raises
    ValidationError listing every file that is empty, not a photo or
    undecodable, or when no photo, too many photos or no fitting PDF result.
    """
    files = list(files)
    if not files:
        raise ValidationError(
            _("Choose at least one photo to combine into a PDF."), code="no_photos"
        )
    if len(files) > MAX_PHOTOS:
        raise ValidationError(
            _(
                "You chose %(count)s photos, but at most %(max)s can be combined into one PDF. "
                "Split them into several documents."
            ),
            code="too_many_photos",
            params={"count": len(files), "max": MAX_PHOTOS},
        )

    names = [clean_original_name(file.name) for file in files]
    types = []
    errors = []
    for file, file_name in zip(files, names, strict=True):
        if not file.size:
            errors.append(empty_file_error(file_name))
            continue
        mime_type = sniff_mime_type(file)
        types.append(mime_type)
        if mime_type not in IMAGE_TYPES:
            errors.append(
                ValidationError(
                    _(
                        "“%(name)s” is not a photo (JPG, PNG or HEIC), so it cannot be combined "
                        "into a PDF: its content is %(kind)s. Upload it on its own instead."
                    ),
                    code="not_a_photo",
                    params={"name": file_name, "kind": describe_mime_type(mime_type)},
                )
            )
    if errors:
        raise ValidationError(errors)

    limit = settings.PORTFOLIO["DOCUMENT_MAX_BYTES"]
    budget = (limit - PDF_OVERHEAD_BYTES) // len(files)
    writer = PdfWriter()
    for file, file_name, mime_type in zip(files, names, types, strict=True):
        image = open_image(file, file_name, mime_type)
        upright = decode_upright(image, file_name, mime_type)
        page_pdf = render_page(upright, budget)
        writer.append(PdfReader(io.BytesIO(page_pdf)))
        del image, upright
    output = io.BytesIO()
    writer.write(output)
    data = output.getvalue()

    result_name = clean_original_name(name) if name else f"{split_extension(names[0])[0]}.pdf"
    check_combined_pdf(data, len(files), limit, result_name)
    notice = ngettext(
        "%(count)d photo was combined into “%(name)s”, one page each (%(size)s).",
        "%(count)d photos were combined into “%(name)s”, one page each (%(size)s).",
        len(files),
    ) % {"count": len(files), "name": result_name, "size": filesizeformat(len(data))}
    return build_prepared_file(data, PDF, "pdf", result_name, [notice])


def check_combined_pdf(data: bytes, page_count: int, limit: int, name: str) -> None:
    """Read the combined PDF back with pypdf and check its page count and size."""
    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) != page_count:
        raise RuntimeError(f"combined PDF has {len(reader.pages)} pages, expected {page_count}")
    if len(data) > limit:
        raise ValidationError(
            _(
                "The photos combined into “%(name)s” still make %(size)s, more than the "
                "%(limit)s limit. Combine fewer photos per document."
            ),
            code="combined_too_large",
            params={
                "name": name,
                "size": filesizeformat(len(data)),
                "limit": filesizeformat(limit),
            },
        )
