from django.contrib import admin, messages
from import_export.admin import ImportMixin

from records.imports import EnrolmentResource, SectionResource
from records.models import Enrolment, ScheduleWindow, Section, SectionCover, Term
from records.services.schedule import window_warnings


class ScheduleWindowInline(admin.TabularInline):
    model = ScheduleWindow
    extra = 0
    fields = ("kind", "grade", "starts_on", "ends_on", "self_check_on", "note")


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("__str__", "starts_on", "ends_on", "closing_ceremony_on")
    list_filter = ("academic_year", "semester")
    inlines = [ScheduleWindowInline]

    def save_related(self, request, form, formsets, change):
        """Save the windows, then show the advice about them that is not an error."""
        super().save_related(request, form, formsets, change)
        for window in form.instance.windows.select_related("term"):
            for warning in window_warnings(window):
                messages.warning(request, warning)


class SectionCoverInline(admin.TabularInline):
    model = SectionCover
    extra = 0
    raw_id_fields = ["substitute"]


@admin.register(Section)
class SectionAdmin(ImportMixin, admin.ModelAdmin):
    resource_classes = [SectionResource]
    list_display = ("course_code", "name", "term", "school_class", "category", "credits", "teacher")
    list_filter = ("term", "category", "school_class__grade")
    search_fields = ("course_code", "name", "teacher__name", "teacher__staff_code")
    list_select_related = ("term", "school_class", "teacher")
    raw_id_fields = ["teacher", "school_class"]
    inlines = [SectionCoverInline]


@admin.register(Enrolment)
class EnrolmentAdmin(ImportMixin, admin.ModelAdmin):
    resource_classes = [EnrolmentResource]
    list_display = ("student", "section")
    list_filter = ("section__term",)
    search_fields = ("student__student_number", "student__name", "section__course_code")
    list_select_related = ("student", "section__term", "section__school_class")
    raw_id_fields = ["student", "section"]


# The admin pages of grades, cadre records, attendance and enrolment records.
from records import admin_office  # noqa: E402,F401
