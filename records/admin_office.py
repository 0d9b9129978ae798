"""Admin pages of the records offices keep, with spreadsheet imports and audited changes.

records.admin imports this module so that Django's admin autodiscovery finds it.
"""

from django.contrib import admin

from portfolio.admin_imports import SpreadsheetImportAdminMixin
from records.models import (
    AttendanceSummary,
    BasicDataCheck,
    CadreRecord,
    EnrolmentChange,
    Grade,
    StudentTermRecord,
)
from records.office_imports import AttendanceResource, CadreResource, GradeResource
from records.services.record_audit import delete_with_audit, save_with_audit


class AuditedAdmin(admin.ModelAdmin):
    """A model admin that saves and deletes through the audit helpers.

    Admin changes then show in the record history like those of the office pages.
    """

    audit_action = ""
    audit_fields: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        save_with_audit(obj, self.audit_fields, action=self.audit_action, user=request.user)

    def delete_model(self, request, obj):
        delete_with_audit(obj, self.audit_fields, action=self.audit_action, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Grade)
class GradeAdmin(SpreadsheetImportAdminMixin, AuditedAdmin):
    audit_action = "portfolio.grade"
    audit_fields = GradeResource.audit_fields + ("credit_counted", "qualitative_note")
    list_display = ("student", "term", "course_code", "course_name", "kind", "score", "passed")
    list_filter = ("term", "kind", "passed")
    search_fields = ("student__student_number", "student__name", "course_code", "course_name")
    list_select_related = ("student", "term")
    raw_id_fields = ["student", "section"]

    def make_import_resource(self, request, cleaned_data):
        return GradeResource(user=request.user)


@admin.register(CadreRecord)
class CadreRecordAdmin(SpreadsheetImportAdminMixin, AuditedAdmin):
    audit_action = "portfolio.cadre"
    audit_fields = CadreResource.audit_fields + ("summary",)
    list_display = ("student", "term", "category", "unit", "post", "level")
    list_filter = ("term", "category")
    search_fields = ("student__student_number", "student__name", "unit", "post")
    list_select_related = ("student", "term")
    raw_id_fields = ["student"]

    def make_import_resource(self, request, cleaned_data):
        return CadreResource(user=request.user)


@admin.register(AttendanceSummary)
class AttendanceSummaryAdmin(SpreadsheetImportAdminMixin, AuditedAdmin):
    audit_action = "portfolio.attendance"
    audit_fields = ("student", "term", "leave_type", "periods")
    list_display = ("student", "term", "leave_type", "periods")
    list_filter = ("term", "leave_type")
    search_fields = ("student__student_number", "student__name")
    list_select_related = ("student", "term")
    raw_id_fields = ["student"]

    def make_import_resource(self, request, cleaned_data):
        return AttendanceResource(user=request.user)


@admin.register(EnrolmentChange)
class EnrolmentChangeAdmin(admin.ModelAdmin):
    """Read-only: record changes on the basic data page, which also sets the student's status."""

    list_display = ("student", "kind", "effective_on", "other_school_code", "recorded_by")
    list_filter = ("kind",)
    search_fields = ("student__student_number", "student__name")
    list_select_related = ("student", "recorded_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BasicDataCheck)
class BasicDataCheckAdmin(admin.ModelAdmin):
    list_display = ("term", "school_class", "checked_by", "checked_at")
    list_filter = ("term",)
    list_select_related = ("term", "school_class", "checked_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StudentTermRecord)
class StudentTermRecordAdmin(admin.ModelAdmin):
    list_display = ("term", "student", "class_code", "seat_number", "name", "status")
    list_filter = ("term", "status")
    search_fields = ("student__student_number", "name")
    list_select_related = ("term", "student")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
