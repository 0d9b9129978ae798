"""Forms of the receipt, objection, paper-notice and transfer pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from submissions.models import Objection, SubmissionBatch


class AnnounceRoundForm(forms.Form):
    academic_year = forms.IntegerField(label=_("Academic year"), min_value=100, max_value=999)
    starts_on = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        help_text=_("Open until 23:59:59 on this day; at least 3 days counting both ends."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ObjectionForm(forms.Form):
    part = forms.ChoiceField(label=_("Part"), choices=SubmissionBatch.Part.choices)
    line = forms.TypedChoiceField(
        label=_("Item"), coerce=int, required=False, empty_value=None, choices=()
    )
    description = forms.CharField(
        label=_("What is wrong"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Which item, what the receipt shows and what it should show."),
    )

    def __init__(self, *args, receipt=None, **kwargs):
        super().__init__(*args, **kwargs)
        lines = list(receipt.lines.all()) if receipt is not None else []
        self.fields["line"].choices = [("", _("The whole part"))] + [
            (line.pk, line.description) for line in lines
        ]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Answer"), choices=Objection.Answer.choices, widget=forms.RadioSelect
    )
    answer_text = forms.CharField(
        label=_("Reply to the student"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MailedForm(forms.Form):
    mailed_on = forms.DateField(
        label=_("Mailed on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class TransferImportForm(forms.Form):
    package = forms.FileField(
        label=_("Transfer package"),
        help_text=_("The ZIP archive the other school exported, named {school code}_{date}.zip."),
    )
