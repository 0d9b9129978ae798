"""Forms of the certification queue: certify selected outcomes, reject one with a reason."""

from django import forms
from django.utils.translation import gettext_lazy as _

from records.models import CourseOutcome, Section
from records.services.certification import REASON_MAX_LENGTH


class CertifySelectedForm(forms.Form):
    """The outcomes ticked in one section's queue, to certify in one request."""

    outcomes = forms.ModelMultipleChoiceField(
        queryset=CourseOutcome.objects.none(),
        error_messages={
            "required": _("No outcome is selected. Tick the outcomes to certify, then try again."),
            "invalid_choice": _(
                "Outcome %(value)s is not in this section's queue. Reload the page and select "
                "again."
            ),
            "invalid_pk_value": _(
                "“%(pk)s” is not an outcome number. Reload the page and select again."
            ),
        },
    )

    def __init__(self, *args, section: Section, **kwargs):
        super().__init__(*args, **kwargs)
        # Outcomes of any status: a second click on an already decided outcome
        # is skipped by the service instead of failing validation.
        self.fields["outcomes"].queryset = CourseOutcome.objects.filter(
            section=section
        ).select_related("section__term", "section__school_class")


class RejectForm(forms.Form):
    """The reason (認證說明) for not certifying one outcome."""

    reason = forms.CharField(
        label=_("Reason for not certifying"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Certification is not a grade. Say whether the work is not the student's own or "
            "belongs to another course, for example “the report is for the chemistry course”."
        ),
        error_messages={
            "required": _(
                "The reason is missing. Say why the outcome is not certified, for example that "
                "it is not the student's own work or belongs to another course."
            ),
        },
    )

    def __init__(self, *args, outcome: CourseOutcome, **kwargs):
        # One form per outcome on the page, so each needs its own field names and ids.
        super().__init__(*args, prefix=f"outcome-{outcome.pk}", **kwargs)
