"""Registry pages for transfer packages: export a transferred-out student, import a package."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import task_item_required
from accounts.models import Student
from records.serving import protected_file_response
from submissions import transfers
from submissions.forms import TransferImportForm
from submissions.models import TransferPackage


def _page(request, form, problems=(), status=200):
    context = {
        "task_item": request.task_item,
        "form": form,
        "problems": problems,
        "departing": Student.objects.filter(status=Student.Status.TRANSFERRED_OUT)
        .select_related("school_class")
        .order_by("student_number"),
        "packages": TransferPackage.objects.select_related("student", "created_by")[:50],
    }
    return render(request, "submissions/transfers.html", context, status=status)


@task_item_required
def transfer_page(request, code):
    return _page(request, TransferImportForm())


@task_item_required
@require_POST
def transfer_export(request, code, student_id):
    student = get_object_or_404(Student, pk=student_id, status=Student.Status.TRANSFERRED_OUT)
    package = transfers.export_student(student, user=request.user, acting=request.acting)
    messages.success(
        request,
        _("The transfer package of %(name)s was built (MD5 %(md5)s).")
        % {"name": student.name, "md5": package.md5},
    )
    return redirect("transfers")


@task_item_required
def transfer_download(request, code, package_id):
    package = get_object_or_404(TransferPackage, pk=package_id)
    name = package.package.name.rsplit("/", 1)[-1]
    return protected_file_response(
        package.package, name, "application/zip", inline=False, request=request
    )


@task_item_required
@require_POST
def transfer_import(request, code):
    form = TransferImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        result = transfers.import_package(
            form.cleaned_data["package"], user=request.user, acting=request.acting
        )
    except transfers.TransferError as error:
        return _page(request, form, problems=error.problems, status=400)
    messages.success(
        request,
        _(
            "Imported %(outcomes)s course outcomes, %(performances)s diverse performances "
            "and %(files)s files (%(created)s new students)."
        )
        % {
            "outcomes": result.outcomes,
            "performances": result.performances,
            "files": result.files,
            "created": result.students_created,
        },
    )
    return redirect("transfers")
