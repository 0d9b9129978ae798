"""The upload, preview and confirm steps of a spreadsheet import.

The Django admin import pages and the office pages of task items share them.
The first POST with a file runs a dry run that lists every bad row. The file
then waits in the cache (django-import-export's CacheStorage) under the user's
id. Writing needs a second POST with "confirm", offered only when every row is
valid or "import only the valid rows" is ticked.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.resources import Resource
from import_export.tmp_storages import CacheStorage

from portfolio.imports import ImportReport, run_import

_STORAGE_NAME = re.compile(r"^[0-9a-f]{32}$")


class ImportForm(forms.Form):
    """Upload step: the file and the choice to go on despite bad rows."""

    import_file = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        help_text=gettext_lazy("CSV (UTF-8 or Big5) or Excel .xlsx, with a header row."),
    )
    only_valid = forms.BooleanField(
        label=gettext_lazy("Import only the valid rows"),
        required=False,
        help_text=gettext_lazy("Rows with errors are skipped and listed; the others are written."),
    )
    # Set after the dry run so that the confirm step imports the same file.
    stored_name = forms.CharField(required=False, widget=forms.HiddenInput)
    file_name = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_stored_name(self):
        value = self.cleaned_data["stored_name"]
        if value and not _STORAGE_NAME.match(value):
            raise forms.ValidationError(_("The uploaded file has expired; upload it again."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("import_file") and not cleaned.get("stored_name"):
            raise forms.ValidationError(_("Choose a file to import."))
        return cleaned


@dataclass
class ImportStep:
    """The outcome of one request: the form to show, the report, and what happened.

    `expired` is set when the cached upload was gone or belonged to another user
    (an error message has been added). `written` is set when the rows were saved
    (a success message and one warning per skipped row have been added).
    """

    form: ImportForm
    report: ImportReport | None = None
    written: bool = False
    expired: bool = False

    @property
    def can_confirm(self) -> bool:
        report = self.report
        if report is None or report.written:
            return False
        return not report.errors or (report.only_valid and not report.file_errors)


def run_import_step(
    request: HttpRequest,
    make_resource: Callable[[dict], Resource],
    form_class: type[ImportForm] = ImportForm,
) -> ImportStep:
    """Check or write the file posted with the import form of a page.

    make_resource(cleaned_data) returns a fresh resource, so a form subclass can
    pass its own options to it.
    """
    form = form_class(request.POST or None, request.FILES or None)
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
            return ImportStep(form_class(), expired=True)
        content, file_name = stored["content"], data["file_name"]

    report = run_import(
        lambda: make_resource(data),
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
        return ImportStep(form_class(), report, written=True)
    form = form_class(initial={**data, "stored_name": storage.name, "file_name": file_name})
    return ImportStep(form, report)
