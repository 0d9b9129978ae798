"""Forms for course records kept by offices: planning assessments, consultations and
counsellor assignments."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Staff, Student
from records.services.course_planning import CAREER_CLUSTERS


class AssessmentForm(forms.Form):
    """A student's course-planning assessment (學群探索與就業規劃) for one academic year."""

    career_clusters = forms.MultipleChoiceField(
        label=_("Career clusters"),
        choices=CAREER_CLUSTERS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the clusters the student explores or plans to study."),
        error_messages={
            "invalid_choice": _("“%(value)s” is not a career cluster. Tick clusters from the list.")
        },
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Interests, aptitude and career plans the student talked about."),
    )


class ConsultationForm(forms.Form):
    """Date, time, place, content and advice of one course consultation."""

    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("The date is missing. Enter the day of the consultation.")},
    )
    time = forms.TimeField(
        label=_("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"required": _("The time is missing. Enter when the consultation began.")},
    )
    place = forms.CharField(
        label=_("Place"),
        max_length=100,
        error_messages={
            "required": _("The place is missing. Enter where you met, for example 輔導室.")
        },
    )
    content = forms.CharField(
        label=_("Consultation content"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("The content is missing. Write what you talked about.")},
    )
    advice = forms.CharField(
        label=_("Advice"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignmentForm(forms.Form):
    """One counsellor (or none) for the ticked students of a class."""

    counsellor = forms.ModelChoiceField(
        label=_("Course counsellor"),
        queryset=Staff.objects.none(),
        required=False,
        empty_label=_("— no counsellor (remove the assignment) —"),
    )
    students = forms.ModelMultipleChoiceField(
        label=_("Students"),
        queryset=Student.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("No student is ticked. Tick the students to assign, then save again.")
        },
    )

    def __init__(self, *args, counsellors, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = counsellors
        self.fields["students"].queryset = students
