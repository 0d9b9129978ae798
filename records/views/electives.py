"""The elective-names task item: each student's elective courses of a term, read-only."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.access import task_item_required
from accounts.models import SchoolClass
from portfolio import roc
from records.models import Term
from records.services.electives import electives_by_student
from records.services.terms import current_term


def _pick(objects, value, default):
    if value and value.isdigit():
        return next((item for item in objects if item.pk == int(value)), default)
    return default


@login_required
@task_item_required
def elective_names(request, code):
    terms = list(Term.objects.order_by("-academic_year", "-semester"))
    default_term = current_term(roc.today()) or (terms[0] if terms else None)
    term = _pick(terms, request.GET.get("term"), default_term)
    classes = (
        list(SchoolClass.objects.filter(academic_year=term.academic_year).order_by("code"))
        if term
        else []
    )
    school_class = _pick(classes, request.GET.get("class"), classes[0] if classes else None)
    rows = electives_by_student(term, school_class) if term and school_class else []
    context = {
        "task_item": request.task_item,
        "acting": request.acting,
        "terms": terms,
        "term": term,
        "classes": classes,
        "school_class": school_class,
        "rows": rows,
    }
    return render(request, "records/course_planning/electives.html", context)
