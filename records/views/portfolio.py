"""The portfolio page and PDF of one student, and the homeroom teacher's class PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from accounts.access import staff_of
from accounts.models import SchoolClass
from portfolio import jobs, roc
from records import pdf
from records.services.portfolio_view import (
    collect_portfolio,
    get_own_student,
    get_student_for_portfolio,
)
from records.serving import content_disposition
from records.tasks import CLASS_PDF_KIND, build_class_portfolio_pdf, class_pdf_key


def _pdf_response(data: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(file_name, inline=False)
    response["Cache-Control"] = "private, no-store"
    return response


def pdf_file_name(student) -> str:
    return f"{student.student_number}-{student.name}.pdf"


def _render_portfolio(request, student, own: bool):
    context = {"portfolio": collect_portfolio(student), "student": student, "own": own}
    return render(request, "records/portfolio/page.html", context)


@login_required
def own_portfolio(request):
    return _render_portfolio(request, get_own_student(request.user), own=True)


@login_required
def own_portfolio_pdf(request):
    student = get_own_student(request.user)
    return _pdf_response(pdf.portfolio_pdf(student, get_language()), pdf_file_name(student))


@login_required
def student_portfolio(request, student_id):
    student = get_student_for_portfolio(request.user, student_id)
    return _render_portfolio(request, student, own=student.user_id == request.user.pk)


@login_required
def student_portfolio_pdf(request, student_id):
    student = get_student_for_portfolio(request.user, student_id)
    return _pdf_response(pdf.portfolio_pdf(student, get_language()), pdf_file_name(student))


def get_class_for_homeroom_teacher(user, class_id: int | None) -> SchoolClass:
    """Return the class (this academic year) the user is homeroom teacher of; 404 otherwise.

    Without class_id the first of the user's classes is returned.
    """
    staff = staff_of(user)
    if staff is None:
        raise Http404("Only homeroom teachers print class portfolios.")
    classes = SchoolClass.objects.filter(
        homeroom_teacher=staff, academic_year=roc.academic_year_of(roc.today())
    ).order_by("code")
    if class_id is not None:
        classes = classes.filter(pk=class_id)
    school_class = classes.first()
    if school_class is None:
        raise Http404("No such class of yours.")
    return school_class


def _class_id(request) -> int | None:
    value = request.GET.get("class") or request.POST.get("class")
    return int(value) if value and value.isdigit() else None


def _job_urls(school_class, job):
    poll = reverse("class_portfolio_pdf_progress", args=[school_class.pk, job.pk])
    download = reverse("class_portfolio_pdf_download", args=[school_class.pk, job.pk])
    return poll, download


@login_required
def class_portfolio_pdf(request):
    """Show the class PDF page: the latest job for the class and a button to start one."""
    school_class = get_class_for_homeroom_teacher(request.user, _class_id(request))
    staff = staff_of(request.user)
    job = jobs.latest_job(CLASS_PDF_KIND, class_pdf_key(school_class))
    context = {
        "school_class": school_class,
        "classes": SchoolClass.objects.filter(
            homeroom_teacher=staff, academic_year=school_class.academic_year
        ).order_by("code"),
        "job": job,
        "running": job is not None and job.status in jobs.ACTIVE,
        "student_count": school_class.students.count(),
    }
    if job is not None:
        context["poll_url"], context["download_url"] = _job_urls(school_class, job)
    return render(request, "records/portfolio/class_pdf.html", context)


@login_required
@require_POST
def class_portfolio_pdf_start(request):
    """Start the class PDF job, or return the one already running for the class."""
    school_class = get_class_for_homeroom_teacher(request.user, _class_id(request))
    total = school_class.students.count()
    job, _created = jobs.start_or_find_job(
        CLASS_PDF_KIND,
        class_pdf_key(school_class),
        request.user,
        build_class_portfolio_pdf,
        total=total,
    )
    if request.htmx:
        poll, download = _job_urls(school_class, job)
        return jobs.render_job_progress(request, job, poll, download)
    return redirect(f"{reverse('class_portfolio_pdf')}?class={school_class.pk}")


@login_required
def class_portfolio_pdf_progress(request, class_id, job_id):
    school_class = get_class_for_homeroom_teacher(request.user, class_id)
    job = jobs.get_job(job_id, CLASS_PDF_KIND, class_pdf_key(school_class))
    poll, download = _job_urls(school_class, job)
    return jobs.render_job_progress(request, job, poll, download)


@login_required
def class_portfolio_pdf_download(request, class_id, job_id):
    school_class = get_class_for_homeroom_teacher(request.user, class_id)
    job = jobs.get_job(job_id, CLASS_PDF_KIND, class_pdf_key(school_class))
    return jobs.job_result_response(job, request)
