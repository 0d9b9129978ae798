"""Form fields shared by every app."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portfolio import roc


class ROCDateInput(forms.TextInput):
    """A text input that shows a date in the ROC calendar, such as 097/03/15."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "097/03/15", "inputmode": "numeric", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return roc.format_roc_date(value)
        return super().format_value(value)


class ROCDateField(forms.DateField):
    """A date typed in the ROC calendar (097/03/15, 97.3.15, 0970315) or as 2008-03-15."""

    widget = ROCDateInput
    default_error_messages = {
        "invalid": _("Enter the date in the ROC calendar as year/month/day, for example 097/03/15.")
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        try:
            return roc.parse_roc_date(text)
        except ValueError as roc_error:
            try:
                return datetime.date.fromisoformat(text)
            except ValueError:
                raise ValidationError(str(roc_error), code="invalid") from None


# For ModelAdmin.formfield_overrides: every date field of the model in ROC form.
ROC_DATE_OVERRIDES = {"form_class": ROCDateField, "widget": ROCDateInput}
