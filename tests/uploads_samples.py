"""Sample uploads for the upload and serving tests: the files in tests/data/uploads and small
files made in memory (MP3, MP4, executables, a photo with GPS data)."""

import io
import struct
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

UPLOADS = Path(__file__).parent / "data" / "uploads"


def sample(name: str) -> SimpleUploadedFile:
    """Return the sample file `name` as the browser would upload it."""
    return SimpleUploadedFile(name, (UPLOADS / name).read_bytes(), content_type="application/pdf")


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def mp3_bytes(frames: int = 40, cover_art_bytes: int = 0) -> bytes:
    """Return MPEG-1 Layer III audio: an ID3v2.4 tag and silent 128 kbit/s, 44.1 kHz frames.

    `cover_art_bytes` pads the tag as an embedded picture would.
    """
    synchsafe = bytes((cover_art_bytes >> shift) & 0x7F for shift in (21, 14, 7, 0))
    id3 = b"ID3\x04\x00\x00" + synchsafe + bytes(cover_art_bytes)
    frame = bytes([0xFF, 0xFB, 0x90, 0x64]) + bytes(413)
    return id3 + frame * frames


def box(box_type: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + box_type + payload


def mp4_bytes(brand: bytes = b"isom", media_bytes: int = 1000) -> bytes:
    """Return an ISO base media file: ftyp, an empty moov and an mdat of zeros."""
    ftyp = box(b"ftyp", brand + struct.pack(">I", 512) + b"isomiso2avc1mp41")
    return ftyp + box(b"moov", box(b"mvhd", bytes(100))) + box(b"mdat", bytes(media_bytes))


def elf_bytes() -> bytes:
    """Return the start of a Linux x86-64 executable (ELF header and padding)."""
    header = b"\x7fELF\x02\x01\x01\x00" + bytes(8)
    header += struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, 0x401000, 64, 0, 0, 64, 56, 1, 64, 0, 0)
    return header + bytes(400)


def photo_with_gps(size=(800, 600), orientation: int = 1, pillow_format="JPEG") -> bytes:
    """Return a photo whose EXIF records an orientation and a GPS position in Taipei."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (25.0, 2.0, 30.0), 3: "E", 4: (121.0, 33.0, 50.0)}
    image = Image.new("RGB", size, "#3366aa")
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, exif=exif)
    return buffer.getvalue()


def content_bytes(prepared) -> bytes:
    prepared.content.seek(0)
    return prepared.content.read()
