"""Forms of the office record pages: enrolment changes, cadre records, attendance, reminders."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import SchoolClass, Student
from records.models import AttendanceSummary, CadreRecord, EnrolmentChange
from records.services.attendance import MAX_PERIODS, leave_type_name

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StudentNumberField(forms.CharField):
    """A student number that must name an existing student; cleans to the Student."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Student number"))
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value):
        number = super().clean(value).strip()
        student = Student.objects.filter(student_number=number).select_related("school_class")
        student = student.first()
        if student is None:
            raise forms.ValidationError(
                _("No student has the student number “%(number)s”; check the number.")
                % {"number": number}
            )
        return student


class EnrolmentChangeForm(forms.ModelForm):
    """One enrolment change of one student; a class is set only when the student moves."""

    student = StudentNumberField()
    school_class = forms.ModelChoiceField(
        label=gettext_lazy("New class"),
        queryset=SchoolClass.objects.none(),
        required=False,
        help_text=gettext_lazy("For a transfer in, a resumption or a repeat year only."),
    )

    class Meta:
        model = EnrolmentChange
        fields = ["kind", "effective_on", "other_school_code", "note"]
        widgets = {"effective_on": DATE_WIDGET}

    def __init__(self, *args, academic_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_class"].queryset = SchoolClass.objects.filter(
            academic_year__gte=academic_year - 1
        ).order_by("-academic_year", "code")
        self.order_fields(["student", "kind", "effective_on", "other_school_code",
                           "school_class", "note"])  # fmt: skip


class CadreRecordForm(forms.ModelForm):
    """A cadre post or subject assistant of one student in one term."""

    student = StudentNumberField()

    class Meta:
        model = CadreRecord
        fields = ["term", "category", "unit", "post", "level", "starts_on", "ends_on", "summary"]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["student", *self.Meta.fields])
        if self.instance.pk:
            self.initial["student"] = self.instance.student.student_number

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date is before the start date; correct one."))
        return cleaned

    def save(self, commit=True):
        self.instance.student = self.cleaned_data["student"]
        return super().save(commit=commit)


class AttendanceForm(forms.Form):
    """The periods of every leave type for one student in one term."""

    def __init__(self, *args, stored: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in AttendanceSummary.LeaveType.choices:
            self.fields[code] = forms.IntegerField(
                label=f"{leave_type_name(code)}（{label}）",
                min_value=0,
                max_value=MAX_PERIODS,
                initial=stored.get(code, 0),
            )

    def periods(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code in AttendanceSummary.LeaveType.values}


class ServiceReminderForm(forms.Form):
    """A reminder to the students of some classes to upload their service learning."""

    classes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Classes"),
        queryset=SchoolClass.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=gettext_lazy(
            "Please upload this semester's public service and volunteering as diverse "
            "performances (service learning) before the upload window closes."
        ),
    )

    def __init__(self, *args, academic_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["classes"].queryset = SchoolClass.objects.filter(
            academic_year=academic_year
        ).order_by("code")
