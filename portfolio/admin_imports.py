"""A Django admin import page built on portfolio.imports.run_import.

The page runs the same resource as the management commands. Uploading a file
runs a dry run that lists every bad row. The file then waits in the cache
(django-import-export's CacheStorage) until the user confirms. Confirming is
offered only when every row is valid or "import only the valid rows" is ticked.
"""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.tmp_storages import CacheStorage

from portfolio.imports import run_import

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


class SpreadsheetImportAdminMixin:
    """Adds an import page at <changelist>/import/ to a ModelAdmin.

    Subclasses implement make_import_resource(request, cleaned_data) and may
    extend import_form_class with their own options.
    """

    import_form_class = ImportForm
    change_list_template = "admin/portfolio/change_list_import.html"

    def make_import_resource(self, request, cleaned_data):
        raise NotImplementedError

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name=name), *super().get_urls()]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = self.import_form_class(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
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
                    return HttpResponseRedirect(request.path)
                content, file_name = stored["content"], data["file_name"]

            report = run_import(
                lambda: self.make_import_resource(request, data),
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
                changelist = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
                return HttpResponseRedirect(reverse(changelist))
            form = self.import_form_class(
                initial={**data, "stored_name": storage.name, "file_name": file_name}
            )

        can_confirm = report is not None and (
            not report.errors or (report.only_valid and not report.file_errors)
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(name)s") % {"name": self.opts.verbose_name_plural},
            "form": form,
            "report": report,
            "can_confirm": can_confirm,
        }
        return TemplateResponse(request, "admin/portfolio/import.html", context)
