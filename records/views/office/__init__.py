"""Pages of the offices that keep records: basic data, grades, cadres, attendance, service.

Every page sits under /tasks/<task item code>/ and runs only for the staff
acting for that task item (accounts.access.task_item_required), which puts the
Acting record on request.acting for the audit log.
"""

from dataclasses import dataclass

from django.http import HttpRequest

from accounts.models import SchoolClass
from portfolio import roc
from records.models import Term
from records.services.terms import current_term


@dataclass
class TermAndClass:
    """The term and class a list page shows, with the choices for both."""

    terms: list[Term]
    term: Term | None
    classes: list[SchoolClass]
    school_class: SchoolClass | None


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


def selected_term(request: HttpRequest, terms: list[Term]) -> Term | None:
    """Return the term named by ?term=<id>, else the current term, else the latest one."""
    wanted = _int_param(request, "term")
    by_id = {term.id: term for term in terms}
    if wanted in by_id:
        return by_id[wanted]
    today = roc.today()
    current = next((term for term in terms if term.contains(today)), None)
    return current or (terms[0] if terms else current_term(today))


def term_and_class(request: HttpRequest) -> TermAndClass:
    """Return the term and class chosen by ?term= and ?class=, in two queries."""
    terms = list(Term.objects.order_by("-academic_year", "-semester"))
    term = selected_term(request, terms)
    classes = []
    if term is not None:
        classes = list(
            SchoolClass.objects.filter(academic_year=term.academic_year).order_by("code")
        )
    wanted = _int_param(request, "class")
    school_class = next((c for c in classes if c.id == wanted), classes[0] if classes else None)
    return TermAndClass(terms, term, classes, school_class)
