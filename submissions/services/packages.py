"""The export package of a submission batch, written as a stream from its frozen rows.

The package is a ZIP file (deflated) holding:

- rosters/<sheet>.csv: one CSV per roster of the part, UTF-8 with a byte order
  mark so that Excel opens it correctly, header first, even when empty;
- files/<ID number>/<name>: the files sent with the rows, named in their
  文件檔名 and 影音檔名 columns;
- manifest.json: the batch, the rosters with row counts, and every other file
  of the package with its size, MD5 and SHA-256.

The ZIP is written to a temporary file and then copied to storage, so memory
use does not grow with the size of the package.
"""

import csv
import hashlib
import io
import json
import logging
import tempfile
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from portfolio import jobs, roc
from portfolio.models import Job
from submissions import central_db
from submissions.models import SubmissionBatch, SubmissionItem

logger = logging.getLogger(__name__)

COPY_CHUNK = 1024 * 1024
ITEM_CHUNK = 2000
PROGRESS_EVERY = 1000


class PackageError(Exception):
    """The package cannot be written; the message says which file and why."""


class HashingWriter(io.RawIOBase):
    """A binary stream that passes bytes on to `target` and counts and hashes them."""

    def __init__(self, target):
        super().__init__()
        self.target = target
        self.size = 0
        self.md5 = hashlib.md5()
        self.sha256 = hashlib.sha256()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        self.target.write(data)
        self.md5.update(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)

    def entry(self, path: str) -> dict:
        return {
            "path": path,
            "size": self.size,
            "md5": self.md5.hexdigest(),
            "sha256": self.sha256.hexdigest(),
        }


@dataclass
class _Progress:
    job: Job | None
    start: int
    span: int
    total_items: int
    done_items: int = 0

    def step(self, count: int = 1) -> None:
        self.done_items += count
        if self.job is None or self.done_items % PROGRESS_EVERY:
            return
        share = self.span * self.done_items // max(self.total_items, 1)
        jobs.set_progress(self.job, self.start + min(share, self.span))


def package_name(batch: SubmissionBatch, at) -> str:
    stamp = roc.to_taipei(at).strftime("%Y_%m_%d_%H_%M_%S")
    return f"{settings.SCHOOL_CODE}_{batch.academic_year}_{batch.part}_{batch.pk}_{stamp}.zip"


def _write_roster(archive, batch, roster, progress) -> tuple[dict, int]:
    rows = 0
    with archive.open(roster.path, "w") as raw:
        hashing = HashingWriter(raw)
        text = io.TextIOWrapper(hashing, encoding="utf-8-sig", newline="")
        writer = csv.DictWriter(text, fieldnames=roster.columns, extrasaction="ignore")
        writer.writeheader()
        items = (
            SubmissionItem.objects.filter(batch=batch, sheet=roster.name)
            .order_by("id")
            .values_list("row", flat=True)
        )
        for row in items.iterator(chunk_size=ITEM_CHUNK):
            writer.writerow(row)
            rows += 1
            progress.step()
        text.flush()
        text.detach()
    return hashing.entry(roster.path), rows


def _copy_file(archive, ref: dict) -> dict:
    try:
        source = default_storage.open(ref["storage_name"], "rb")
    except FileNotFoundError:
        raise PackageError(
            _("The file %(path)s (stored as %(name)s) is missing from storage.")
            % {"path": ref["path"], "name": ref["storage_name"]}
        ) from None
    with source, archive.open(ref["path"], "w") as raw:
        hashing = HashingWriter(raw)
        while chunk := source.read(COPY_CHUNK):
            hashing.write(chunk)
    entry = hashing.entry(ref["path"])
    if entry["sha256"] != ref["sha256"] or entry["md5"] != ref["md5"]:
        raise PackageError(
            _(
                "The file %(path)s changed in storage after the batch was frozen: its checksum "
                "no longer matches; build a new batch."
            )
            % {"path": ref["path"]}
        )
    return entry


def write_package(batch: SubmissionBatch, job: Job | None = None) -> None:
    """Write the batch's export package to storage from its SubmissionItems.

    Progress runs over the second half of the job's total (the first half is
    freezing). Raises PackageError when a file is missing or changed.
    """
    rosters = central_db.ROSTERS_BY_PART[batch.part]
    total = job.total if job is not None else 0
    progress = _Progress(job, total // 2, total - total // 2, batch.item_count)
    now = timezone.now()
    entries = []
    sheets = []
    with tempfile.TemporaryFile(suffix=".zip") as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for roster in rosters:
                entry, rows = _write_roster(archive, batch, roster, progress)
                entries.append(entry)
                sheets.append({"name": roster.name, "path": roster.path, "rows": rows})
            seen = set()
            with_files = (
                SubmissionItem.objects.filter(batch=batch)
                .exclude(files=[])
                .order_by("id")
                .values_list("files", flat=True)
            )
            for refs in with_files.iterator(chunk_size=ITEM_CHUNK):
                for ref in refs:
                    if ref["path"] in seen:
                        continue
                    seen.add(ref["path"])
                    entries.append(_copy_file(archive, ref))
            manifest = {
                "format": 1,
                "school_code": settings.SCHOOL_CODE,
                "school_name": settings.SCHOOL_NAME,
                "academic_year": batch.academic_year,
                "part": batch.part,
                "batch": batch.pk,
                "supersedes": batch.supersedes_id,
                "created_at": roc.to_taipei(now).isoformat(),
                "rosters": sheets,
                "files": entries,
            }
            archive.writestr(
                central_db.MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=1)
            )
        handle.seek(0)
        name = package_name(batch, now)
        batch.package.save(name, File(handle, name=name), save=False)
    batch.package_name = name
    batch.save(update_fields=["package", "package_name"])
    logger.info("batch %s package %s written with %s files", batch.pk, name, len(entries))
