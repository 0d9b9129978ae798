import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portfolio.forms import ROCDateField


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("097/03/15", datetime.date(2008, 3, 15)),
        ("97.3.15", datetime.date(2008, 3, 15)),
        ("0970315", datetime.date(2008, 3, 15)),
        ("2008-03-15", datetime.date(2008, 3, 15)),
    ],
)
def test_roc_date_field_accepts_forms(typed, expected):
    assert ROCDateField().clean(typed) == expected


def test_roc_date_field_rejects_impossible_date():
    with pytest.raises(ValidationError) as caught:
        ROCDateField().clean("097/13/45")
    assert "097/13/45" in caught.value.messages[0]


def test_student_admin_shows_roc_birth_date(admin_client, student):
    url = reverse("admin:accounts_student_change", args=[student.pk])
    page = admin_client.get(url).content.decode()
    assert 'value="097/03/15"' in page
