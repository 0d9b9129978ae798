"""Audio and video: MP3 and MP4 only, checked for size and, for MP4, complete structure."""

import struct

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from records.uploads.sniffing import MP4

# Top-level MP4 boxes are at most this many; a longer walk means garbage.
MAX_TOP_LEVEL_BOXES = 10_000


def damaged_mp4_error(name):
    return ValidationError(
        _(
            "“%(name)s” is an incomplete or damaged MP4 video. Export or download the video "
            "again and upload the new file."
        ),
        code="mp4_damaged",
        params={"name": name},
    )


def top_level_boxes(file, size: int):
    """Yield the type of each top-level ISO BMFF box.

    Raises ValueError when a box is cut off or overruns the file.
    """
    position = 0
    for _index in range(MAX_TOP_LEVEL_BOXES):
        if position == size:
            return
        file.seek(position)
        header = file.read(8)
        if len(header) < 8:
            raise ValueError("box header cut off")
        box_size, box_type = struct.unpack(">I4s", header)
        if box_size == 1:
            box_size = struct.unpack(">Q", file.read(8))[0]
        elif box_size == 0:
            box_size = size - position
        if box_size < 8 or position + box_size > size:
            raise ValueError("box overruns the file")
        yield box_type
        position += box_size
    raise ValueError("too many boxes")


def check_media(file, mime_type: str, name: str) -> None:
    """Check the structure of an MP4: boxes that tile the file, starting with ftyp, with a moov.

    A video cut off while uploading or copying fails this check. MP3 has no
    such structure to check beyond the frame header that sniffing has read.
    """
    if mime_type != MP4:
        return
    try:
        boxes = list(top_level_boxes(file, file.size))
    except (ValueError, struct.error):
        raise damaged_mp4_error(name) from None
    finally:
        file.seek(0)
    if not boxes or boxes[0] != b"ftyp" or b"moov" not in boxes:
        raise damaged_mp4_error(name)
