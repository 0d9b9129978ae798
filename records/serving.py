"""Send a stored upload to a user who has already passed a permission check.

Uploads never have a public URL. A view checks access, then returns
`protected_file_response(...)`. How the bytes travel depends on
settings.FILE_SERVING:

- "django": Django streams the file (FileResponse). Fine for the demo and
  small schools; supports single byte ranges so phones can seek in videos.
- "x-accel-redirect": an empty response whose X-Accel-Redirect header names
  FILE_SERVING_INTERNAL_PREFIX + the stored name; nginx serves the file from
  an `internal` location mapped to MEDIA_ROOT.
- "x-sendfile": an empty response whose X-Sendfile header contains the absolute
  path; Apache's mod_xsendfile (or lighttpd) serves the file.

The web server keeps the Content-Type, Content-Disposition and caching
headers set here.
"""

import re
import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, HttpResponse

from records.uploads.names import split_extension

DJANGO = "django"
X_ACCEL_REDIRECT = "x-accel-redirect"
X_SENDFILE = "x-sendfile"

# Characters RFC 5987 allows unencoded in an ext-value (attr-char).
ATTR_CHARS = "!#$&+-.^_`|~"
RANGE_PATTERN = re.compile(r"^bytes=(\d*)-(\d*)$")


def ascii_fallback_name(name: str) -> str:
    """Return an ASCII stand-in for `name`, for clients that ignore filename*.

    Full-width letters and digits become their ASCII forms (NFKC), other runs
    of non-ASCII or unsafe characters become "_", and a stem with no letter or
    digit left becomes "download".
    """
    stem, extension = split_extension(unicodedata.normalize("NFKC", name))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")
    if not re.search(r"[A-Za-z0-9]", stem):
        stem = "download"
    extension = re.sub(r"[^a-z0-9]", "", extension)
    return f"{stem}.{extension}" if extension else stem


def content_disposition(name: str, inline: bool) -> str:
    """Build a Content-Disposition header (RFC 6266) with an RFC 5987 UTF-8 filename*."""
    disposition = "inline" if inline else "attachment"
    fallback = ascii_fallback_name(name)
    encoded = quote(name, safe=ATTR_CHARS)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """Return (first, last) byte of a single satisfiable `bytes=` range, or None."""
    match = RANGE_PATTERN.match(header.strip())
    if not match or size == 0:
        return None
    first, last = match.groups()
    if first == "" and last == "":
        return None
    if first == "":
        length = int(last)
        if length == 0:
            return None
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start > end:
        return None
    return start, end


def streamed_response(storage_file, content_type: str, request) -> HttpResponse:
    size = storage_file.size
    handle = storage_file.open("rb")
    requested = request.headers.get("Range") if request is not None else None
    byte_range = parse_range(requested, size) if requested else None
    if requested and byte_range is None:
        handle.close()
        response = HttpResponse(status=416, content_type=content_type)
        response["Content-Range"] = f"bytes */{size}"
        return response
    if byte_range is None:
        response = FileResponse(handle, content_type=content_type)
    else:
        first, last = byte_range
        handle.seek(first)
        response = FileResponse(
            LimitedReader(handle, last - first + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
    response["Accept-Ranges"] = "bytes"
    return response


class LimitedReader:
    """A file-like wrapper that returns at most `remaining` bytes, for a 206 response."""

    def __init__(self, handle, remaining: int):
        self.handle = handle
        self.remaining = remaining

    def read(self, size: int = -1) -> bytes:
        if self.remaining <= 0:
            return b""
        if size < 0 or size > self.remaining:
            size = self.remaining
        data = self.handle.read(size)
        self.remaining -= len(data)
        return data

    def close(self) -> None:
        self.handle.close()


def protected_file_response(
    storage_file, original_name: str, content_type: str, inline: bool, request=None
) -> HttpResponse:
    """Return a response that sends `storage_file` under `original_name`.

    `storage_file` is a FieldFile (or any object with `name`, `size`,
    `open()` and, for X-Sendfile, `path`). `inline` shows the file in the
    browser; otherwise it downloads. Pass `request` so that Range requests
    are served in "django" mode. Call this only after the permission check.
    Raises ImproperlyConfigured for an unknown FILE_SERVING mode.
    """
    mode = settings.FILE_SERVING
    if mode == DJANGO:
        response = streamed_response(storage_file, content_type, request)
    elif mode == X_ACCEL_REDIRECT:
        response = HttpResponse(content_type=content_type)
        prefix = settings.FILE_SERVING_INTERNAL_PREFIX.rstrip("/")
        response["X-Accel-Redirect"] = quote(f"{prefix}/{storage_file.name.lstrip('/')}")
    elif mode == X_SENDFILE:
        response = HttpResponse(content_type=content_type)
        try:
            response["X-Sendfile"] = storage_file.path
        except NotImplementedError:
            raise ImproperlyConfigured(
                "FILE_SERVING = 'x-sendfile' needs storage on the local file system; "
                "use 'django' with object storage."
            ) from None
    else:
        raise ImproperlyConfigured(
            f"FILE_SERVING must be {DJANGO!r}, {X_ACCEL_REDIRECT!r} or {X_SENDFILE!r}, "
            f"not {mode!r}."
        )
    response["Content-Disposition"] = content_disposition(original_name, inline)
    response["X-Content-Type-Options"] = "nosniff"
    # Personal data on shared school computers: no shared caches, nothing kept on disk.
    response["Cache-Control"] = "private, no-store"
    return response
