"""zh-Hant for the third-party apps, kept in locale_vendor/ beside the project's locale/.

django-guardian, django-import-export and django-celery-beat ship only
Simplified Chinese and django-axes ships no Chinese, so without
locale_vendor/ their admin screens are English. `make test` compiles the
catalogue before pytest runs; run `make messages` before running this file alone.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

VENDOR_PO = Path(settings.BASE_DIR) / "locale_vendor" / "zh_Hant" / "LC_MESSAGES" / "django.po"

# %s, %(name)s and str.format() fields such as {0}, {} or {count}.
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\{\w*\}")

# Mainland wording and Simplified-only characters that must not appear in a msgstr.
MAINLAND_WORDS = ["文件", "數據", "默認", "賬號", "登錄", "用戶", "許可權", "計劃任務", "選中"]
SIMPLIFIED_CHARACTERS = "们这选择导为时间务户账认设录删数据输错误执启编辑组权览"


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        # django-guardian
        ("Object permissions", "物件權限"),
        ("Manage group", "管理群組"),
        # django-import-export
        ("File to import", "要匯入的檔案"),
        ("Confirm import", "確認匯入"),
        ("Export", "匯出"),
        # django-celery-beat
        ("Periodic Tasks", "排程任務"),
        ("Interval Schedule", "間隔排程"),
        # django-axes
        ("access attempts", "登入嘗試"),
        (
            "Account locked: too many login attempts. Please try again later.",
            "帳號已鎖定：登入失敗次數過多，請稍後再試。",
        ),
    ],
)
def test_vendor_msgid_in_zh_hant(msgid, expected):
    with translation.override("zh-hant"):
        assert translation.gettext(msgid) == expected


def test_vendor_plural_msgid_in_zh_hant():
    with translation.override("zh-hant"):
        message = translation.ngettext(
            "{0} task was successfully enabled", "{0} tasks were successfully enabled", 3
        )

    assert message.format(3) == "已成功啟用 3 個任務"


def test_vendor_catalogue_keeps_placeholders():
    catalogue = polib.pofile(str(VENDOR_PO))

    for entry in catalogue:
        if "no-python-brace-format" in entry.flags:
            # The English plural endings {1} and {2} are left out on purpose.
            continue
        msgstr = entry.msgstr or entry.msgstr_plural[0]
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        assert sorted(PLACEHOLDER.findall(msgstr)) == expected, entry.msgid


def test_vendor_catalogue_taiwan_wording():
    catalogue = polib.pofile(str(VENDOR_PO))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    for entry in catalogue:
        msgstr = entry.msgstr or entry.msgstr_plural[0]
        for word in MAINLAND_WORDS:
            assert word not in msgstr, (entry.msgid, word)
        for character in SIMPLIFIED_CHARACTERS:
            assert character not in msgstr, (entry.msgid, character)


def test_admin_index_vendor_apps_zh_hant(client, django_user_model):
    superuser = django_user_model.objects.create_superuser(
        "site-admin", "admin@school.example", "correct horse 113"
    )
    client.force_login(superuser)

    response = client.get(reverse("admin:index"))

    page = response.content.decode()
    assert response.status_code == 200
    # django-celery-beat: the app and its schedule models.
    assert "排程任務" in page
    assert "間隔排程" in page
    assert "定時排程" in page
    assert "太陽事件" in page
    assert "Periodic Tasks" not in page
    assert "Intervals" not in page
    # django-axes: its models (the app label "Axes" has no translatable name).
    assert "登入嘗試" in page
    assert "登入紀錄" in page
    assert "登入失敗紀錄" in page
    assert "Access attempts" not in page
    assert "Access logs" not in page


def test_admin_import_page_zh_hant(client, django_user_model):
    superuser = django_user_model.objects.create_superuser(
        "site-admin", "admin@school.example", "correct horse 113"
    )
    client.force_login(superuser)

    response = client.get(reverse("admin:records_section_import"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "要匯入的檔案" in page
    assert "將匯入下列欄位：" in page
    assert "File to import" not in page
    assert "This importer will import the following fields" not in page
