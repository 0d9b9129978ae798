"""Django admin for people and authority: accounts, offices, classes, task items."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.forms import StudentImportForm
from accounts.imports import StaffResource, StudentResource
from accounts.models import (
    Absence,
    Office,
    SchoolClass,
    Staff,
    Student,
    TaskAssignment,
    TaskGroupSeat,
    TaskItem,
    User,
)
from portfolio.admin_imports import SpreadsheetImportAdminMixin
from portfolio.forms import ROC_DATE_OVERRIDES


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "email", "is_active", "is_staff")
    list_select_related = ("staff", "student")

    @admin.display(description=_("name"))
    def display_name(self, user):
        return user.display_name


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "parent")
    list_select_related = ("parent",)
    search_fields = ("name",)


@admin.register(Staff)
class StaffAdmin(SpreadsheetImportAdminMixin, admin.ModelAdmin):
    formfield_overrides = {models.DateField: ROC_DATE_OVERRIDES}
    list_display = ("staff_code", "name", "office", "job_title", "email", "employment_end")
    list_filter = ("office", "job_title")
    list_select_related = ("office",)
    search_fields = ("staff_code", "name", "job_title")
    raw_id_fields = ("user",)

    def make_import_resource(self, request, cleaned_data):
        return StaffResource()


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ("code", "academic_year", "grade", "name", "homeroom_teacher")
    list_filter = ("academic_year", "grade")
    list_select_related = ("homeroom_teacher",)
    search_fields = ("code", "name")
    autocomplete_fields = ("homeroom_teacher",)


@admin.register(Student)
class StudentAdmin(SpreadsheetImportAdminMixin, admin.ModelAdmin):
    formfield_overrides = {models.DateField: ROC_DATE_OVERRIDES}
    import_form_class = StudentImportForm
    list_display = (
        "student_number",
        "name",
        "school_class",
        "seat_number",
        "status",
    )
    list_filter = ("status", "school_class__academic_year", "school_class__grade")
    list_select_related = ("school_class",)
    search_fields = ("student_number", "name")
    raw_id_fields = ("user",)

    def make_import_resource(self, request, cleaned_data):
        return StudentResource(academic_year=cleaned_data.get("academic_year"))

    def can_see_national_id(self, request) -> bool:
        return request.user.has_perm("accounts.view_national_id")

    @admin.display(description=_("ID number"))
    def full_national_id(self, student):
        return student.national_id

    @admin.display(description=_("ID number"))
    def masked_national_id(self, student):
        return student.masked_national_id

    def get_list_display(self, request):
        # Without accounts.view_national_id only the masked number is shown.
        if self.can_see_national_id(request):
            return (*self.list_display, "full_national_id")
        return (*self.list_display, "masked_national_id")

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "masked_national_id"]
        if obj is not None and not self.can_see_national_id(request):
            fields[fields.index("national_id")] = "masked_national_id"
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.can_see_national_id(request):
            return ("masked_national_id",)
        return ()


class TaskAssignmentInline(admin.TabularInline):
    model = TaskAssignment
    extra = 0
    ordering = ("rank", "position")
    autocomplete_fields = ("staff",)


@admin.register(TaskItem)
class TaskItemAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "work_group", "responsible_unit", "per_section", "order")
    list_filter = ("work_group",)
    search_fields = ("name", "code")
    inlines = (TaskAssignmentInline,)


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("staff", "starts_at", "ends_at", "reason")
    list_select_related = ("staff",)
    search_fields = ("staff__name", "staff__staff_code")
    autocomplete_fields = ("staff",)
    date_hierarchy = "starts_at"


@admin.register(TaskGroupSeat)
class TaskGroupSeatAdmin(admin.ModelAdmin):
    list_display = ("title", "role", "job_title", "staff", "member_name", "order")
    list_select_related = ("staff",)
    autocomplete_fields = ("staff",)
