"""Check an export package before it is uploaded to the central database.

The check reports every problem it finds, not only the first: files listed in
the manifest but missing, checksums or sizes that do not match, files in the
package that the manifest does not list, rosters with unknown names or missing
columns, empty required columns, invalid ID numbers and school codes, and
file names in rows whose files are not in the package.
"""

import csv
import hashlib
import io
import json
import posixpath
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.national_id import validate_national_id
from submissions import central_db

READ_CHUNK = 1024 * 1024


def _digests(archive: zipfile.ZipFile, path: str) -> tuple[int, str, str]:
    size = 0
    md5 = hashlib.md5()
    sha256 = hashlib.sha256()
    with archive.open(path) as member:
        while chunk := member.read(READ_CHUNK):
            size += len(chunk)
            md5.update(chunk)
            sha256.update(chunk)
    return size, md5.hexdigest(), sha256.hexdigest()


def _read_manifest(archive: zipfile.ZipFile, problems: list[str]) -> dict | None:
    try:
        data = archive.read(central_db.MANIFEST_NAME)
    except KeyError:
        problems.append(
            _("The package has no %(name)s; build the package again.")
            % {"name": central_db.MANIFEST_NAME}
        )
        return None
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(
            _("%(name)s is not valid JSON (%(error)s); build the package again.")
            % {"name": central_db.MANIFEST_NAME, "error": error}
        )
        return None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), list):
        problems.append(
            _("%(name)s has no list of files; build the package again.")
            % {"name": central_db.MANIFEST_NAME}
        )
        return None
    return manifest


def _check_files(archive, manifest, members: set[str], problems: list[str]) -> None:
    listed = set()
    for entry in manifest["files"]:
        path = entry.get("path", "")
        listed.add(path)
        if path not in members:
            problems.append(
                _("File %(path)s is listed in the manifest but missing from the package.")
                % {"path": path}
            )
            continue
        size, md5, sha256 = _digests(archive, path)
        if size != entry.get("size"):
            problems.append(
                _("File %(path)s has %(actual)s bytes but the manifest says %(expected)s.")
                % {"path": path, "actual": size, "expected": entry.get("size")}
            )
        if md5 != entry.get("md5"):
            problems.append(
                _("File %(path)s: the MD5 checksum does not match the manifest.") % {"path": path}
            )
        if sha256 != entry.get("sha256"):
            problems.append(
                _("File %(path)s: the SHA-256 checksum does not match the manifest.")
                % {"path": path}
            )
    for path in sorted(members - listed - {central_db.MANIFEST_NAME}):
        if not path.endswith("/"):
            problems.append(
                _("File %(path)s is in the package but not listed in the manifest.")
                % {"path": path}
            )


def _row_problems(roster, line: int, row: dict, members: set[str]) -> list[str]:
    problems = []
    where = {"sheet": roster.name, "row": line}
    for column in roster.columns:
        if column in roster.required and not (row.get(column) or "").strip():
            problems.append(
                _("Sheet %(sheet)s, row %(row)s, column %(column)s: the value is missing.")
                % {**where, "column": column}
            )
    national_id = (row.get(central_db.ID_COLUMN) or "").strip()
    if national_id:
        try:
            validate_national_id(national_id)
        except ValidationError as error:
            problems.append(
                _("Sheet %(sheet)s, row %(row)s, column %(column)s: %(error)s")
                % {**where, "column": central_db.ID_COLUMN, "error": " ".join(error.messages)}
            )
    school_code = (row.get(central_db.SCHOOL_CODE_COLUMN) or "").strip()
    if school_code and len(school_code) != 6:
        problems.append(
            _(
                "Sheet %(sheet)s, row %(row)s, column %(column)s: “%(value)s” is not a "
                "6-character school code."
            )
            % {**where, "column": central_db.SCHOOL_CODE_COLUMN, "value": school_code}
        )
    for column in roster.file_columns:
        name = (row.get(column) or "").strip()
        if not name:
            continue
        path = posixpath.join(central_db.FILES_FOLDER, national_id, name)
        if path not in members:
            problems.append(
                _(
                    "Sheet %(sheet)s, row %(row)s, column %(column)s: the file %(path)s is not "
                    "in the package."
                )
                % {**where, "column": column, "path": path}
            )
    return problems


def _check_roster(archive, path: str, members: set[str], problems: list[str]) -> None:
    name = posixpath.splitext(posixpath.basename(path))[0]
    roster = central_db.ROSTERS_BY_NAME.get(name)
    if roster is None:
        problems.append(_("%(path)s is not a roster the central database takes.") % {"path": path})
        return
    with archive.open(path) as member:
        text = io.TextIOWrapper(member, encoding="utf-8-sig", newline="")
        try:
            reader = csv.DictReader(text)
            header = reader.fieldnames or []
            missing = [column for column in roster.columns if column not in header]
            if missing:
                problems.append(
                    _("Sheet %(sheet)s has no column %(columns)s; build the package again.")
                    % {"sheet": roster.name, "columns": "、".join(missing)}
                )
            # Line 1 is the header, so the first data row is line 2.
            for line, row in enumerate(reader, start=2):
                problems.extend(_row_problems(roster, line, row, members))
        except UnicodeDecodeError:
            problems.append(
                _("Sheet %(sheet)s is not UTF-8 text; build the package again.")
                % {"sheet": roster.name}
            )


def check_package(path: str | Path) -> list[str]:
    """Return every problem found in the package at path, as messages; empty when it is fine."""
    problems: list[str] = []
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        return [_("The package %(path)s does not exist; check the path.") % {"path": path}]
    except zipfile.BadZipFile:
        return [_("%(path)s is not a ZIP file; give the package file.") % {"path": path}]
    with archive:
        members = {info.filename for info in archive.infolist()}
        manifest = _read_manifest(archive, problems)
        if manifest is not None:
            _check_files(archive, manifest, members, problems)
        rosters = sorted(
            member
            for member in members
            if member.startswith(central_db.ROSTERS_FOLDER + "/") and member.endswith(".csv")
        )
        if not rosters:
            problems.append(_("The package contains no rosters; build the package again."))
        for roster_path in rosters:
            _check_roster(archive, roster_path, members, problems)
    return problems
