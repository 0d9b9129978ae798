"""File names: the one the student sent, kept for display, and the random stored one."""

import unicodedata
import uuid

from django.utils.translation import gettext

# Common file systems (ext4, NTFS, APFS) allow names of 255 bytes, and a CJK
# character takes 3 bytes in UTF-8, so 80 CJK characters fit.
MAX_NAME_CHARS = 80


def clean_original_name(raw_name: str | None) -> str:
    """Return the name as the student sent it, in NFC, without folders or control characters.

    Old browsers on Windows send `C:\\Users\\…\\report.pdf`, and macOS may
    send decomposed (NFD) names that split kana such as が into two code
    points, so both are normalised. A name longer than MAX_NAME_CHARS is cut
    at the end of its stem with "…", keeping the extension. An empty result
    becomes a translated "unnamed file".
    """
    name = unicodedata.normalize("NFC", raw_name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] != "C")
    name = name.strip().lstrip(".")
    if len(name) > MAX_NAME_CHARS:
        stem, dot, suffix = name.rpartition(".")
        if not dot or len(suffix) > 10:
            stem, suffix = name, ""
        keep = MAX_NAME_CHARS - len(suffix) - 2
        name = f"{stem[:keep]}…{dot}{suffix}" if suffix else f"{stem[: MAX_NAME_CHARS - 1]}…"
    return name or gettext("unnamed file")


def split_extension(name: str) -> tuple[str, str]:
    """Split `name` into stem and lower-case extension without the dot ("" if none)."""
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or " " in suffix or len(suffix) > 10:
        return name, ""
    return stem, suffix.lower()


def random_stored_name(extension: str) -> str:
    """Return a random name (uuid4 in hex) with `extension`, revealing nothing of the original."""
    return f"{uuid.uuid4().hex}.{extension}"
