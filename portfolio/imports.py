"""Shared runner for spreadsheet imports built on django-import-export.

Every importer (staff, students, sections, enrolments, grades, cadres) goes
through the same steps:

1. ``read_table()`` turns an uploaded or on-disk file into a tablib Dataset.
   CSV encodings are detected (UTF-8 with BOM, plain UTF-8, else CP950/Big5),
   XLSX is read with openpyxl. The header row may sit below title rows, cells
   lose surrounding spaces and full-width ASCII (１２３ becomes 123), and blank
   rows are dropped. The table remembers the spreadsheet row number of every
   data row (the header is row 1 when it is the first line).
2. ``run_import()`` checks the required columns, runs the Resource as a dry run
   and collects every problem into one ``ImportReport``: row number, column
   and reason. It writes only when every row is valid, or, with
   ``only_valid``, writes the valid rows and reports the rest. The write runs
   in one database transaction.

A Resource takes part by declaring its fields with ``column_name`` set to the
spreadsheet header. Row errors are whatever django-import-export collects: a
``ValidationError`` keyed by field attribute or column name, or a
``ValueError`` from a widget.
"""

import csv
import datetime
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export.resources import Resource

from portfolio.roc import format_roc_date

logger = logging.getLogger(__name__)

# Full-width ASCII (U+FF01–U+FF5E) mapped to its half-width form.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# How many leading rows may hold titles before the header row.
HEADER_SEARCH_ROWS = 10

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"


class ImportFileError(Exception):
    """A file that cannot be read as a table; the message is for the user."""


@dataclass
class SourceTable:
    """A file's rows as a tablib Dataset, with the spreadsheet row number of each row."""

    dataset: tablib.Dataset
    row_numbers: list[int]
    name: str = ""
    encoding: str = ""

    def subset(self, keep: set[int]) -> "SourceTable":
        """Return a table with only the data rows whose indexes (0-based) are in keep."""
        dataset = tablib.Dataset(headers=self.dataset.headers)
        row_numbers = []
        for index, row in enumerate(self.dataset):
            if index in keep:
                dataset.append(row)
                row_numbers.append(self.row_numbers[index])
        return SourceTable(dataset, row_numbers, self.name, self.encoding)


@dataclass
class RowError:
    """One problem: the spreadsheet row (None for the whole file), the column and the reason."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = _("File") if self.row is None else _("Row %(row)s") % {"row": self.row}
        if self.column:
            where = _("%(where)s, column “%(column)s”") % {"where": where, "column": self.column}
        return _("%(where)s: %(message)s") % {"where": where, "message": self.message}


@dataclass
class ImportReport:
    """The outcome of one import: counts, every error and whether anything was written."""

    name: str = ""
    total_rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    only_valid: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors if error.row is not None})

    @property
    def file_errors(self) -> list[RowError]:
        return [error for error in self.errors if error.row is None]

    def summary(self) -> str:
        """Return one zh-Hant line with the counts."""
        if self.written:
            state = _("Imported")
        elif self.dry_run:
            state = _("Dry run, nothing written")
        else:
            state = _("Nothing written")
        return _(
            "%(state)s: %(new)s new, %(updated)s updated, %(unchanged)s unchanged, "
            "%(bad)s rows with errors (%(errors)s errors)."
        ) % {
            "state": state,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "bad": len(self.bad_rows),
            "errors": len(self.errors),
        }


# Reading files


def decode_csv(data: bytes) -> tuple[str, str]:
    """Return the text and the encoding name: UTF-8 with BOM, UTF-8, UTF-16 or CP950 (Big5)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp950"), "cp950"
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is neither UTF-8 nor Big5 text (unreadable byte at position "
                "%(position)s). Save it as “CSV UTF-8” or as an Excel .xlsx file and upload "
                "it again."
            )
            % {"position": error.start}
        ) from None


def normalise_cell(value) -> str:
    """Return a cell as stripped text with half-width ASCII; dates become ROC dates."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return format_roc_date(value.date())
    if isinstance(value, datetime.date):
        return format_roc_date(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).translate(_HALF_WIDTH).strip()


def _csv_rows(text: str) -> list[list]:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(data: bytes) -> list[list]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        logger.info("unreadable xlsx upload: %s", error)
        raise ImportFileError(
            _("The Excel file cannot be opened; it may be damaged. Save it again as .xlsx.")
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _find_header(rows: list[list[str]], required: list[str]) -> int:
    """Return the index of the header row: the first that has every required column.

    Without required columns, or when no row has them all, the first non-blank row.
    """
    first_filled = next((i for i, row in enumerate(rows) if any(row)), 0)
    if required:
        for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            if set(required) <= set(row):
                return index
    return first_filled


def read_table(source, name: str = "", required_columns: list[str] | None = None) -> SourceTable:
    """Read a CSV or XLSX file into a SourceTable.

    source is a path, bytes or a file object (an UploadedFile works). Raises
    ImportFileError with a zh-Hant message when the file cannot be read.
    """
    if isinstance(source, str | Path):
        name = name or Path(source).name
        data = Path(source).read_bytes()
    elif isinstance(source, bytes):
        data = source
    else:
        name = name or getattr(source, "name", "") or ""
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read()

    if not data.strip():
        raise ImportFileError(_("The file is empty."))
    if data.startswith(XLS_MAGIC) or name.lower().endswith(".xls"):
        raise ImportFileError(
            _("Old Excel .xls files cannot be read. Save the file as .xlsx or CSV and try again.")
        )

    if data.startswith(XLSX_MAGIC):
        raw_rows, encoding = _xlsx_rows(data), "xlsx"
    else:
        text, encoding = decode_csv(data)
        raw_rows = _csv_rows(text)

    rows = [[normalise_cell(value) for value in row] for row in raw_rows]
    header_index = _find_header(rows, required_columns or [])
    headers = rows[header_index] if rows else []
    # Drop unnamed trailing columns (Excel often carries empty ones).
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportFileError(_("The file has no header row."))
    width = len(headers)

    dataset = tablib.Dataset(headers=headers)
    row_numbers = []
    for index in range(header_index + 1, len(rows)):
        row = (rows[index] + [""] * width)[:width]
        if not any(row):
            continue
        dataset.append(row)
        row_numbers.append(index + 1)
    return SourceTable(dataset, row_numbers, name, encoding)


# Running a Resource


def resource_columns(resource: Resource) -> dict[str, str]:
    """Map each import field's attribute (and column name) to its column name."""
    columns = {}
    for resource_field in resource.get_import_fields():
        if resource_field.attribute:
            columns[resource_field.attribute] = resource_field.column_name
        columns[resource_field.column_name] = resource_field.column_name
    return columns


def required_columns_of(resource: Resource) -> list[str]:
    """Return the columns a file must have: the resource's ``required_columns`` or all fields."""
    declared = getattr(resource, "required_columns", None)
    if declared is not None:
        return list(declared)
    return [f.column_name for f in resource.get_import_fields()]


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error)]


def collect_errors(result, table: SourceTable, resource: Resource) -> list[RowError]:
    """Turn a django-import-export Result into RowErrors with spreadsheet row numbers."""
    columns = resource_columns(resource)
    errors = []
    for base_error in result.base_errors:
        logger.warning("import of %s failed: %r", table.name, base_error.error)
        errors.extend(RowError(None, "", text) for text in _messages(base_error.error))
    for number, row_errors in result.row_errors():
        row = table.row_numbers[number - 1]
        for row_error in row_errors:
            logger.warning("import of %s, row %s failed: %r", table.name, row, row_error.error)
            errors.append(
                RowError(row, "", _("Unexpected error: %(error)s") % {"error": row_error.error})
            )
    for invalid in result.invalid_rows:
        row = table.row_numbers[invalid.number - 1]
        for key, messages in invalid.error_dict.items():
            column = "" if key == NON_FIELD_ERRORS else columns.get(key, key)
            errors.extend(RowError(row, column, str(message)) for message in messages)
    return errors


def _apply_totals(report: ImportReport, result) -> None:
    report.new = result.totals["new"]
    report.updated = result.totals["update"]
    report.unchanged = result.totals["skip"]


def _import(resource: Resource, table: SourceTable, *, dry_run: bool, **kwargs):
    # row_numbers reaches before_import() and lets a resource name other rows in messages.
    return resource.import_data(
        table.dataset,
        dry_run=dry_run,
        use_transactions=True,
        raise_errors=False,
        row_numbers=table.row_numbers,
        **kwargs,
    )


def run_import(
    make_resource: Callable[[], Resource],
    source,
    *,
    name: str = "",
    dry_run: bool = False,
    only_valid: bool = False,
    **import_kwargs,
) -> ImportReport:
    """Import a file with fresh resources from make_resource and return the report.

    The first pass is always a dry run that collects every error. Unless
    dry_run is set, the second pass writes: every row when none has errors;
    with only_valid, the rows without errors; otherwise nothing. Extra keyword
    arguments go to ``Resource.import_data`` (for example ``user``).
    """
    report = ImportReport(name=name, dry_run=dry_run, only_valid=only_valid)
    resource = make_resource()
    required = required_columns_of(resource)
    try:
        table = read_table(source, name=name, required_columns=required)
    except ImportFileError as error:
        report.errors.append(RowError(None, "", str(error)))
        return report
    report.name = table.name
    report.total_rows = len(table.dataset)

    missing = [column for column in required if column not in table.dataset.headers]
    if missing:
        report.errors.append(
            RowError(
                None,
                "",
                _(
                    "Required columns are missing: %(missing)s. The header row has: "
                    "%(found)s. Add the missing columns (the order does not matter)."
                )
                % {"missing": "、".join(missing), "found": "、".join(table.dataset.headers)},
            )
        )
        return report

    result = _import(resource, table, dry_run=True, **import_kwargs)
    report.errors = collect_errors(result, table, resource)
    _apply_totals(report, result)
    if dry_run or report.file_errors or (report.errors and not only_valid):
        return report

    bad_rows = set(report.bad_rows)
    keep = {i for i, row in enumerate(table.row_numbers) if row not in bad_rows}
    to_write = table.subset(keep) if bad_rows else table
    if not len(to_write.dataset):
        return report

    resource = make_resource()
    with transaction.atomic():
        result = _import(resource, to_write, dry_run=False, **import_kwargs)
        late_errors = collect_errors(result, to_write, resource)
        if late_errors:
            # Rows valid in the dry run failed when written (for example a
            # concurrent change): keep the database as it was.
            transaction.set_rollback(True)
            report.errors.extend(late_errors)
            return report
    _apply_totals(report, result)
    report.written = True
    logger.info(
        "imported %s: %s new, %s updated, %s unchanged, %s rows skipped as invalid",
        table.name,
        report.new,
        report.updated,
        report.unchanged,
        len(bad_rows),
    )
    return report
