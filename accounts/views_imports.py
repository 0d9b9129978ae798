"""Roster and staff list imports on the task item pages of the registry and IT section."""

from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.access import task_item_required
from accounts.forms import StudentImportForm
from accounts.imports import StaffResource, StudentResource
from portfolio.import_steps import ImportForm, run_import_step

ROSTER_COLUMNS = (
    "學號, 班級, 座號, 姓名, 性別, 出生日期, 身分證字號, 入學年度, 學籍狀態, "
    "郵遞區號, 通訊地址, 家長姓名, 電子郵件"
)
STAFF_COLUMNS = "教師代號, 姓名, 處室, 職稱, 電子郵件, 任教科目"


def _import_page(request, *, make_resource, form_class, columns, title, url_name):
    step = run_import_step(request, make_resource, form_class)
    if step.written:
        return redirect(reverse(url_name))
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "step": step,
        "columns": columns,
        "title": title,
    }
    return render(request, "accounts/import_page.html", context)


@task_item_required
def roster_import(request, code):
    """Import the student roster (Big5 or UTF-8 CSV, or XLSX) for the registry."""
    return _import_page(
        request,
        make_resource=lambda options: StudentResource(academic_year=options.get("academic_year")),
        form_class=StudentImportForm,
        columns=ROSTER_COLUMNS,
        title=request.task_item.name,
        url_name="roster_import",
    )


@task_item_required
def staff_import(request, code):
    """Import the staff list (XLSX or CSV) for the platform's maintainers."""
    return _import_page(
        request,
        make_resource=lambda _options: StaffResource(),
        form_class=ImportForm,
        columns=STAFF_COLUMNS,
        title=request.task_item.name,
        url_name="staff_import",
    )
