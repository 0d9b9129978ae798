"""The upload, preview and confirm steps of an import on a task item page.

The first POST with a file runs a dry run and lists every bad row; the file
waits in the cache (django-import-export's CacheStorage) under the user's id.
Writing needs a second POST with "confirm", offered only when every row is
valid or "import only the valid rows" is ticked.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from import_export.tmp_storages import CacheStorage

from portfolio.admin_imports import ImportForm
from portfolio.imports import ImportReport, run_import


@dataclass
class ImportStep:
    """What the page shows after a POST: the form, the report and whether it was written."""

    form: ImportForm
    report: ImportReport | None = None
    written: bool = False

    @property
    def can_confirm(self) -> bool:
        report = self.report
        if report is None or report.written:
            return False
        return not report.errors or (report.only_valid and not report.file_errors)


def run_import_step(request: HttpRequest, make_resource) -> ImportStep:
    """Handle the import form of a page; make_resource() returns a fresh resource."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return ImportStep(form)
    data = form.cleaned_data
    # A new upload is always checked first, even if "confirm" was pressed.
    confirm = "confirm" in request.POST and not data["import_file"]
    if data["import_file"]:
        upload = data["import_file"]
        content, file_name = upload.read(), upload.name
        storage = CacheStorage()
        storage.save({"user": request.user.pk, "content": content})
    else:
        storage = CacheStorage(name=data["stored_name"])
        stored = storage.read()
        if not stored or stored.get("user") != request.user.pk:
            messages.error(request, _("The uploaded file has expired; upload it again."))
            return ImportStep(ImportForm())
        content, file_name = stored["content"], data["file_name"]

    report = run_import(
        make_resource,
        content,
        name=file_name,
        dry_run=not confirm,
        only_valid=data["only_valid"],
    )
    if report.written:
        storage.remove()
        messages.success(request, f"{file_name}: {report.summary()}")
        for error in report.errors:
            messages.warning(request, str(error))
        return ImportStep(ImportForm(), report, written=True)
    form = ImportForm(initial={**data, "stored_name": storage.name, "file_name": file_name})
    return ImportStep(form, report)
