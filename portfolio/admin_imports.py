"""A Django admin import page built on portfolio.import_steps.

The page runs the same resource as the management commands, with the upload,
preview and confirm steps that the office pages use too.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from portfolio.import_steps import ImportForm, run_import_step


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
        step = run_import_step(
            request,
            lambda cleaned_data: self.make_import_resource(request, cleaned_data),
            form_class=self.import_form_class,
        )
        if step.expired:
            return HttpResponseRedirect(request.path)
        if step.written:
            changelist = f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
            return HttpResponseRedirect(reverse(changelist))

        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import %(name)s") % {"name": self.opts.verbose_name_plural},
            "form": step.form,
            "report": step.report,
            "can_confirm": step.can_confirm,
        }
        return TemplateResponse(request, "admin/portfolio/import.html", context)
