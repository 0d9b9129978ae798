"""The registry's grade page: import the grade list and see a class's grades."""

from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.access import task_item_required
from portfolio.import_steps import run_import_step
from records.models import Grade
from records.office_imports import GradeResource
from records.views.office import term_and_class


@task_item_required
def grades_page(request, code):
    """Import grades (upload, preview, confirm) and list one class's grades of one term."""
    step = run_import_step(
        request, lambda _options: GradeResource(user=request.user, acting=request.acting)
    )
    if step.written:
        return redirect(reverse("office_grades"))
    chosen = term_and_class(request)
    grades = []
    if chosen.term is not None and chosen.school_class is not None:
        grades = (
            Grade.objects.filter(term=chosen.term, student__school_class=chosen.school_class)
            .select_related("student")
            .order_by("student__seat_number", "student__student_number", "course_code", "kind")
        )
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "step": step,
        "chosen": chosen,
        "grades": grades,
        "columns": "學號, 學年度, 學期, 科目代碼, 科目名稱, 學分, 成績, 成績類別",
    }
    return render(request, "records/office/grades.html", context)
