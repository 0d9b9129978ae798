"""Photos and screenshots: decode in bounded memory, turn upright, strip metadata, fit the limit.

Decisions:
- A JPEG or PNG that fits the limit, is already upright and carries no
  location data (no EXIF GPS block, no GPS tags in XMP) is kept byte for byte,
  so the student's picture loses no quality. Its other EXIF tags (camera
  model, time taken) stay.
- Every other image is decoded and encoded again without EXIF, XMP or
  comments; only the colour profile (ICC) is carried over.
- HEIC photos always become JPEG, because documents must be PDF, JPG or PNG
  and most browsers cannot show HEIC.
- A PNG that needs re-encoding stays PNG when it still fits, and becomes JPEG
  otherwise (transparency is flattened onto white).
"""

import contextlib
import io
import math
from dataclasses import dataclass, field

import pillow_heif
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from records.uploads.sniffing import HEIC, JPEG, PNG, describe_mime_type

pillow_heif.register_heif_opener()

PILLOW_FORMATS = {JPEG: "JPEG", PNG: "PNG", HEIC: "HEIF"}
IMAGE_TYPES = frozenset(PILLOW_FORMATS)

# No re-encoded image is larger than this on its long side: 4096 pixels keep
# a phone photo of a page readable and bound the memory a decode needs.
MAX_SIDE = 4096
# Decoded pixels allowed after JPEG draft scaling, about 192 MB as 8-bit RGB.
MAX_PIXELS = 64_000_000
# Below this long side a page of text becomes hard to read, so fitting stops.
MIN_SIDE = 1024
JPEG_QUALITIES = (85, 75)

EXIF_ORIENTATION = 0x0112
EXIF_GPS_IFD = 0x8825


@dataclass
class ImageResult:
    """A checked image: `content` is None when the original is kept byte for byte."""

    content: bytes | None
    mime_type: str
    extension: str
    width: int
    height: int
    notices: list = field(default_factory=list)


def undecodable_error(name, mime_type):
    return ValidationError(
        _(
            "“%(name)s” looks like %(kind)s but cannot be opened: the file is damaged or "
            "incomplete. Take or export the picture again and upload the new file."
        ),
        code="image_damaged",
        params={"name": name, "kind": describe_mime_type(mime_type)},
    )


def open_image(file, name: str, mime_type: str) -> Image.Image:
    """Open `file` lazily as the Pillow format that matches the sniffed `mime_type`."""
    file.seek(0)
    try:
        return Image.open(file, formats=[PILLOW_FORMATS[mime_type]])
    except Image.DecompressionBombError:
        raise too_many_pixels_error(name) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise undecodable_error(name, mime_type) from None


def too_many_pixels_error(name):
    return ValidationError(
        _(
            "“%(name)s” has too many pixels to process (more than %(megapixels)s megapixels). "
            "Take the photo at a lower resolution, or shrink it, and upload it again."
        ),
        code="image_too_many_pixels",
        params={"name": name, "megapixels": MAX_PIXELS // 1_000_000},
    )


def orientation_of(image: Image.Image) -> int:
    return image.getexif().get(EXIF_ORIENTATION, 1)


def has_location_data(image: Image.Image) -> bool:
    """Return whether the EXIF or XMP metadata of `image` records where it was taken."""
    exif = image.getexif()
    if EXIF_GPS_IFD in exif or exif.get_ifd(EXIF_GPS_IFD):
        return True
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        xmp = xmp.encode("utf-8", "replace")
    return b"GPSLatitude" in xmp or b"GPSLongitude" in xmp


@contextlib.contextmanager
def strict_loading():
    """Make Pillow raise on truncated image data while the block runs.

    WeasyPrint 70 sets ImageFile.LOAD_TRUNCATED_IMAGES = True when it is
    imported, and a process that renders PDFs would then accept half a photo.
    NOTE: the flag is process-wide; gunicorn's sync workers and Celery's solo
    pool handle one request at a time, so restoring it afterwards is safe there.
    """
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def decode_upright(image: Image.Image, name: str, mime_type: str) -> Image.Image:
    """Decode `image` at most MAX_SIDE on its long side, turned to the orientation its EXIF records.

    JPEG is decoded at a reduced scale straight from the DCT data (Image.draft),
    so a 50-megapixel photo never sits in memory at full size.
    """
    long_side = max(image.size)
    if image.format == "JPEG" and long_side > MAX_SIDE:
        factor = MAX_SIDE / long_side
        image.draft("RGB", (math.ceil(image.width * factor), math.ceil(image.height * factor)))
    if image.width * image.height > MAX_PIXELS:
        raise too_many_pixels_error(name)
    try:
        with strict_loading():
            image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError):
        raise undecodable_error(name, mime_type) from None
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return upright


def check_decodable(image: Image.Image, name: str, mime_type: str) -> None:
    """Decode `image` once, at 1/8 scale for JPEG, to find truncated or corrupt data."""
    if image.format == "JPEG":
        image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
    if image.width * image.height > MAX_PIXELS:
        raise too_many_pixels_error(name)
    try:
        with strict_loading():
            image.load()
    except (OSError, ValueError, SyntaxError):
        raise undecodable_error(name, mime_type) from None


def flatten_to_rgb(image: Image.Image) -> Image.Image:
    """Return `image` in RGB, with any transparency painted onto white."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


def encode(image: Image.Image, pillow_format: str, icc_profile: bytes | None, **options) -> bytes:
    """Encode `image` with no metadata but the colour profile.

    Pillow copies `info` (including a JPEG comment) from the source into the
    output, so it is cleared first.
    """
    image.info = {}
    buffer = io.BytesIO()
    if icc_profile:
        options["icc_profile"] = icc_profile
    image.save(buffer, pillow_format, **options)
    return buffer.getvalue()


def encode_jpeg(image: Image.Image, quality: int, icc_profile: bytes | None) -> bytes:
    return encode(image, "JPEG", icc_profile, quality=quality, optimize=True, progressive=True)


def fit_jpeg(upright: Image.Image, limit: int, name: str, icc_profile) -> tuple[bytes, tuple]:
    """Encode `upright` as JPEG at the largest size and quality that fit in `limit` bytes.

    Each round tries every quality in JPEG_QUALITIES, then scales down by a
    factor estimated from how far the last try overshot (at most 0.85), until
    the long side would drop below MIN_SIDE.
    """
    source = flatten_to_rgb(upright)
    current = source
    scale = 1.0
    while True:
        for quality in JPEG_QUALITIES:
            data = encode_jpeg(current, quality, icc_profile)
            if len(data) <= limit:
                return data, current.size
        scale *= min(0.85, math.sqrt(limit / len(data)) * 0.95)
        if max(source.size) * scale < MIN_SIDE:
            raise ValidationError(
                _(
                    "“%(name)s” could not be made smaller than %(limit)s without becoming "
                    "unreadable. Crop it to the part that matters, or save it as PDF, and "
                    "upload it again."
                ),
                code="image_cannot_fit",
                params={"name": name, "limit": filesizeformat(limit)},
            )
        size = (max(1, round(source.width * scale)), max(1, round(source.height * scale)))
        current = source.resize(size, Image.Resampling.LANCZOS)


def prepare_image(file, mime_type: str, name: str, limit: int) -> ImageResult:
    """Check an uploaded JPEG, PNG or HEIC and re-encode it when needed (see module docstring).

    Raises ValidationError when the image cannot be decoded, has too many
    pixels or cannot be made to fit `limit` bytes.
    """
    image = open_image(file, name, mime_type)
    original_size = file.size
    rotated = orientation_of(image) != 1
    located = has_location_data(image)
    icc_profile = image.info.get("icc_profile")

    keep = mime_type in (JPEG, PNG) and original_size <= limit and not rotated and not located
    if keep:
        check_decodable(image, name, mime_type)
        return ImageResult(None, mime_type, "jpg" if mime_type == JPEG else "png", *image.size)

    upright = decode_upright(image, name, mime_type)
    notices = []
    content = None
    if mime_type == PNG:
        data = encode(upright, "PNG", icc_profile, optimize=True)
        if len(data) <= limit:
            content, out_type, size = data, PNG, upright.size
    if content is None:
        content, size = fit_jpeg(upright, limit, name, icc_profile)
        out_type = JPEG

    params = {
        "name": name,
        "width": size[0],
        "height": size[1],
        "format": "JPG" if out_type == JPEG else "PNG",
        "original_size": filesizeformat(original_size),
        "new_size": filesizeformat(len(content)),
        "limit": filesizeformat(limit),
    }
    if mime_type == HEIC:
        notices.append(
            _(
                "The HEIC photo “%(name)s” was converted to JPG "
                "(%(width)s × %(height)s pixels, %(new_size)s)."
            )
            % params
        )
    if original_size > limit:
        notices.append(
            _(
                "“%(name)s” was %(original_size)s, more than the %(limit)s limit, so it was "
                "saved as %(format)s at %(width)s × %(height)s pixels (%(new_size)s)."
            )
            % params
        )
    if rotated:
        notices.append(_("“%(name)s” was turned upright, as the camera had recorded.") % params)
    if located:
        notices.append(_("The location (GPS) data was removed from “%(name)s”.") % params)
    extension = "jpg" if out_type == JPEG else "png"
    return ImageResult(content, out_type, extension, size[0], size[1], notices)
