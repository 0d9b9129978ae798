"""Checks and converts uploaded files before the records app stores them.

`prepare_upload` turns one upload into a `PreparedFile` or raises a
ValidationError that names the file, the problem and the fix.
`combine_images_to_pdf` turns several photos into one PDF document.
"""

from records.uploads.combine import combine_images_to_pdf
from records.uploads.prepare import DOCUMENT, MEDIA, prepare_upload
from records.uploads.prepared import PreparedFile

__all__ = ["DOCUMENT", "MEDIA", "PreparedFile", "combine_images_to_pdf", "prepare_upload"]
