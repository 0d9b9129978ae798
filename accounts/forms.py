"""Forms of the accounts app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portfolio.import_steps import ImportForm


class StudentImportForm(ImportForm):
    """The roster import form, with the academic year the roster's classes belong to."""

    academic_year = forms.IntegerField(
        label=_("academic year"),
        required=False,
        min_value=1,
        help_text=_(
            "ROC academic year of the roster's classes, for example 113. Leave empty to use "
            "the year most rows imply (entry year + grade − 1)."
        ),
    )
