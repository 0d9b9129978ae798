"""Forms for diverse performances: the per-kind student form and the office entry form.

The kind-specific fields come from records.performance_kinds. The forms only
convert what was typed; records.services.performances checks the rules, and
`add_service_errors` puts its messages next to the fields they name.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from records import performance_kinds

DOCUMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png,image/heic"
MEDIA_ACCEPT = ".mp3,.mp4,audio/mpeg,video/mp4"

# Values filled in for a new form, so students rarely type the year and semester.
YEAR_FIELDS = ("offered_year", "activity_year")
SEMESTER_FIELDS = ("offered_semester", "activity_semester")


class KindFieldsMixin:
    """Add the fields of one kind, except those the caller fixes, before the common fields."""

    def add_kind_fields(self, kind: str, fixed: dict, academic_year: int, semester: int):
        kind_fields = {}
        for spec in performance_kinds.fields_of(kind):
            if spec.name in fixed:
                continue
            field = performance_kinds.form_field(spec)
            if spec.name in YEAR_FIELDS:
                field.initial = academic_year
            elif spec.name in SEMESTER_FIELDS:
                field.initial = str(semester)
            kind_fields[spec.name] = field
        self.fields = {**kind_fields, **self.fields}


class PerformanceFilesMixin(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3, "data-counter": 100}),
        help_text=_("What you did and learned, in at most 100 characters."),
        error_messages={"required": _("Write a short summary of what you did.")},
    )
    document = forms.FileField(
        label=_("Proof document"),
        required=False,
        widget=forms.FileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_("PDF, JPG or PNG, at most 4 MB. Photos that are too large are reduced."),
    )
    media = forms.FileField(
        label=_("Audio or video"),
        required=False,
        widget=forms.FileInput(attrs={"accept": MEDIA_ACCEPT}),
        help_text=_("MP3 or MP4, at most 10 MB."),
    )
    video_url = forms.CharField(
        label=_("External video link"),
        required=False,
        max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        help_text=_("Instead of a file you may link to a video, for example on YouTube."),
    )

    def data_for_service(self) -> dict:
        """Return the typed values without the files, as the service takes them."""
        skipped = {
            "document",
            "media",
            "client_token",
            "remove_document",
            "remove_media",
            "students",
        }
        return {name: value for name, value in self.cleaned_data.items() if name not in skipped}


class PerformanceForm(KindFieldsMixin, PerformanceFilesMixin):
    """Upload or edit a student's own performance of one kind.

    When editing, an empty file input keeps the stored file, and the remove
    boxes drop one without replacing it.
    """

    client_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, kind, academic_year, semester, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.instance = instance
        self.add_kind_fields(kind, {}, academic_year, semester)
        if instance is None:
            return
        del self.fields["client_token"]
        for spec in performance_kinds.fields_of(kind):
            self.initial.setdefault(spec.name, performance_kinds.value_of(instance, spec))
        self.initial.setdefault("summary", instance.summary)
        self.initial.setdefault("video_url", instance.video_url)
        if instance.document_id:
            self.fields["remove_document"] = forms.BooleanField(
                label=_("Remove the stored proof document"), required=False
            )
        if instance.media_id:
            self.fields["remove_media"] = forms.BooleanField(
                label=_("Remove the stored audio or video"), required=False
            )


class OfficeEntryForm(KindFieldsMixin, PerformanceFilesMixin):
    """Enter one performance for many students, named by number or by class and seat."""

    students = forms.CharField(
        label=_("Students"),
        widget=forms.Textarea(attrs={"rows": 8, "autocapitalize": "off", "spellcheck": "false"}),
        help_text=_(
            "One student per line: the student number (1139001), or the class and seat "
            "number (101-05)."
        ),
        error_messages={"required": _("Enter at least one student number.")},
    )

    def __init__(self, *args, kind, fixed, academic_year, semester, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.add_kind_fields(kind, fixed, academic_year, semester)
        self.fields["students"] = self.fields.pop("students")

    def student_lines(self) -> list[str]:
        return self.cleaned_data["students"].splitlines()


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, each message beside the field it names."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
