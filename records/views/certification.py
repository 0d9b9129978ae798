"""The teacher's certification pages: sections with waiting outcomes, and one section's queue.

A section's queue is visible to its teacher, to a substitute covering it today
and to the proxy who certifies it now. Anyone else gets 404. Deciding
also needs the certification window open, which the service checks.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.access import staff_of
from accounts.services.acting import Acting
from records.forms.certification import CertifySelectedForm, RejectForm
from records.models import CourseOutcome, Section
from records.services.certification import (
    CertificationError,
    acting_rank_label,
    certification_status,
    certifier_for,
    certify,
    queue_of,
    reject,
    sections_to_certify,
)
from records.services.sections import sections_for_teacher, who_certifies


def get_staff_for_certification(request):
    staff = staff_of(request.user)
    if staff is None:
        raise PermissionDenied
    return staff


def get_section_for_certifier(request, section_id: int, at) -> tuple[Section, Acting | None]:
    """Return the section and the user's Acting record for it (None when not certifying now).

    Raises Http404 unless the user teaches the section, covers it today, or
    certifies it now as a proxy.
    """
    staff = staff_of(request.user)
    if staff is None:
        raise Http404
    section = get_object_or_404(
        Section.objects.select_related("term", "school_class", "teacher"), pk=section_id
    )
    acting = certifier_for(section, staff, at)
    if acting is None and not sections_for_teacher(staff, at).filter(pk=section.pk).exists():
        raise Http404
    return section, acting


@login_required
def certification_overview(request):
    staff = get_staff_for_certification(request)
    rows = sections_to_certify(staff, timezone.now())
    return render(request, "records/certification/overview.html", {"rows": rows})


def _queue_context(section, acting, at, bound_forms=None):
    bound_forms = bound_forms or {}
    status = certification_status(section, at)
    waiting, decided = queue_of(section)
    can_decide = status.is_open and acting is not None
    for outcome in waiting:
        outcome.reject_form = bound_forms.get(outcome.pk) or RejectForm(outcome=outcome)
    for outcome in [*waiting, *decided]:
        for decision in outcome.decisions.all():
            decision.role_label = acting_rank_label(decision.acting_rank)
    context = {
        "section": section,
        "acting": acting,
        "status": status,
        "can_decide": can_decide,
        "waiting": waiting,
        "decided": decided,
    }
    if acting is None:
        context["certifiers"] = who_certifies(section, at)
    elif acting.acting_for is not None:
        context["acting_label"] = acting_rank_label(str(acting.rank))
    return context


@login_required
def certification_queue(request, section_id):
    now = timezone.now()
    section, acting = get_section_for_certifier(request, section_id, now)
    context = _queue_context(section, acting, now)
    return render(request, "records/certification/queue.html", context)


@login_required
@require_POST
def certify_selected(request, section_id):
    now = timezone.now()
    section, _acting = get_section_for_certifier(request, section_id, now)
    form = CertifySelectedForm(request.POST, section=section)
    if not form.is_valid():
        for error in form.errors["outcomes"]:
            messages.error(request, error)
        return redirect("certification_queue", section_id=section.pk)
    try:
        result = certify(form.cleaned_data["outcomes"], request.user, now)
    except CertificationError as error:
        messages.error(request, str(error))
        return redirect("certification_queue", section_id=section.pk)
    if result.certified:
        count = len(result.certified)
        messages.success(
            request,
            ngettext("%(count)s outcome certified.", "%(count)s outcomes certified.", count)
            % {"count": count},
        )
    if result.skipped:
        count = len(result.skipped)
        messages.info(
            request,
            ngettext(
                "%(count)s selected outcome was no longer waiting and was left unchanged.",
                "%(count)s selected outcomes were no longer waiting and were left unchanged.",
                count,
            )
            % {"count": count},
        )
    return redirect("certification_queue", section_id=section.pk)


@login_required
@require_POST
def reject_outcome(request, section_id, outcome_id):
    """Reject one outcome; htmx requests get the outcome's card back, others a redirect."""
    now = timezone.now()
    section, acting = get_section_for_certifier(request, section_id, now)
    outcome = get_object_or_404(
        CourseOutcome.objects.select_related("section__term", "section__school_class"),
        pk=outcome_id,
        section=section,
    )
    form = RejectForm(request.POST, outcome=outcome)
    decision = None
    if form.is_valid():
        try:
            decision = reject(outcome, request.user, form.cleaned_data["reason"], now)
        except CertificationError as error:
            form.add_error(None, str(error))

    if form.errors:
        if request.htmx:
            return _render_card(request, section, acting, now, outcome.pk, form)
        context = _queue_context(section, acting, now, bound_forms={outcome.pk: form})
        return render(request, "records/certification/queue.html", context, status=400)

    if decision is None:
        message = _("“%(title)s” was no longer waiting; nothing was changed.")
    else:
        message = _("“%(title)s” was marked as not certified.")
    if request.htmx:
        return _render_card(request, section, acting, now, outcome.pk, None, notice=message)
    messages.success(request, message % {"title": outcome.title})
    return redirect("certification_queue", section_id=section.pk)


def _render_card(request, section, acting, at, outcome_id, form, notice=None):
    context = _queue_context(section, acting, at, bound_forms={outcome_id: form} if form else None)
    outcome = next(o for o in [*context["waiting"], *context["decided"]] if o.pk == outcome_id)
    context["outcome"] = outcome
    context["notice"] = notice % {"title": outcome.title} if notice else None
    # 200 even with form errors, because htmx swaps in only successful responses.
    return render(request, "records/certification/_outcome.html", context)
