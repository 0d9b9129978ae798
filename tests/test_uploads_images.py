"""prepare_upload for photos and screenshots: conversion, orientation, location data, size."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override
from PIL import Image

from records.uploads import DOCUMENT, MEDIA, prepare_upload
from tests.uploads_samples import UPLOADS, content_bytes, photo_with_gps, sample, upload

FOUR_MB = 4 * 1024 * 1024
EXIF_GPS_IFD = 0x8825


def open_prepared(prepared) -> Image.Image:
    return Image.open(io.BytesIO(content_bytes(prepared)))


def prepare_in_chinese(uploaded_file, purpose=DOCUMENT):
    with override("zh-hant"):
        return prepare_upload(uploaded_file, purpose)


@pytest.fixture(scope="module")
def large_photo():
    """The 12.5 MB phone photo, prepared once for the tests that inspect the result."""
    return prepare_in_chinese(sample("phone-photo-large.jpg"))


def test_large_phone_photo_fits_limit(large_photo):
    prepared = large_photo

    assert (UPLOADS / "phone-photo-large.jpg").stat().st_size > 12_500_000
    assert prepared.size < FOUR_MB
    assert prepared.mime_type == "image/jpeg"
    assert prepared.extension == "jpg"
    assert prepared.original_name == "phone-photo-large.jpg"


def test_large_phone_photo_turned_upright(large_photo):
    prepared = large_photo
    image = open_prepared(prepared)

    # The camera stored 4032 × 3024 with orientation 6 (turn 90° clockwise).
    assert image.width < image.height
    assert image.getexif().get(0x0112, 1) == 1


def test_large_phone_photo_has_no_metadata(large_photo):
    prepared = large_photo
    image = open_prepared(prepared)

    assert EXIF_GPS_IFD not in image.getexif()
    assert "exif" not in image.info
    assert "xmp" not in image.info
    assert "comment" not in image.info


def test_large_phone_photo_notices_say_what_changed(large_photo):
    prepared = large_photo

    assert len(prepared.notices) == 2
    assert "「phone-photo-large.jpg」原為 12.0" in prepared.notices[0]
    assert "超過 4.0" in prepared.notices[0]
    assert "3024 × 4032 像素的 JPG" in prepared.notices[0]
    assert prepared.notices[1] == "「phone-photo-large.jpg」已依相機記錄的方向轉正。"


def test_gps_removed_from_small_photo():
    uploaded = upload("IMG_0042.jpg", photo_with_gps(orientation=1), "image/jpeg")

    prepared = prepare_in_chinese(uploaded)
    image = open_prepared(prepared)

    assert image.format == "JPEG"
    assert image.getexif().get_ifd(EXIF_GPS_IFD) == {}
    assert EXIF_GPS_IFD not in image.getexif()
    assert prepared.notices == ["已移除「IMG_0042.jpg」中的位置（GPS）資料。"]


def test_gps_removed_from_png():
    uploaded = upload("map.png", photo_with_gps(pillow_format="PNG"), "image/png")

    prepared = prepare_in_chinese(uploaded)
    image = open_prepared(prepared)

    assert prepared.mime_type == "image/png"
    assert image.format == "PNG"
    assert EXIF_GPS_IFD not in image.getexif()


def test_rotated_small_photo_turned_upright():
    uploaded = upload("side.jpg", photo_with_gps(size=(800, 600), orientation=6), "image/jpeg")

    prepared = prepare_in_chinese(uploaded)

    assert open_prepared(prepared).size == (600, 800)
    assert "「side.jpg」已依相機記錄的方向轉正。" in prepared.notices


def test_small_clean_photo_kept_byte_for_byte():
    data = (UPLOADS / "photo-small.jpg").read_bytes()

    prepared = prepare_in_chinese(sample("photo-small.jpg"))

    assert content_bytes(prepared) == data
    assert prepared.mime_type == "image/jpeg"
    assert prepared.notices == []


def test_screenshot_stays_png():
    data = (UPLOADS / "screenshot.png").read_bytes()

    prepared = prepare_in_chinese(sample("screenshot.png"))

    assert prepared.mime_type == "image/png"
    assert prepared.extension == "png"
    assert content_bytes(prepared) == data


def test_png_over_limit_made_to_fit(settings):
    settings.PORTFOLIO = {**settings.PORTFOLIO, "DOCUMENT_MAX_BYTES": 300 * 1024}

    prepared = prepare_in_chinese(sample("screenshot.png"))

    assert prepared.size <= 300 * 1024
    assert open_prepared(prepared).format in ("PNG", "JPEG")
    assert "「screenshot.png」原為 2.6" in prepared.notices[0]


def test_heic_photo_becomes_jpeg():
    prepared = prepare_in_chinese(sample("iphone-photo.heic"))
    image = open_prepared(prepared)

    assert prepared.mime_type == "image/jpeg"
    assert prepared.extension == "jpg"
    assert prepared.stored_name.endswith(".jpg")
    assert image.format == "JPEG"
    assert image.size == (2016, 1512)
    assert prepared.original_name == "iphone-photo.heic"
    assert prepared.download_name == "iphone-photo.jpg"
    assert prepared.notices[0].startswith("HEIC 照片「iphone-photo.heic」已轉換為 JPG")


def test_truncated_jpeg_rejected():
    data = (UPLOADS / "photo-small.jpg").read_bytes()
    uploaded = upload("half.jpg", data[: len(data) // 2], "image/jpeg")

    with pytest.raises(ValidationError) as caught, override("zh-hant"):
        prepare_upload(uploaded, DOCUMENT)

    with override("zh-hant"):
        assert caught.value.error_list[0].code == "image_damaged"
        assert "「half.jpg」看起來是JPG 圖片，但無法開啟" in caught.value.messages[0]


def test_photo_rejected_as_media():
    with pytest.raises(ValidationError) as caught:
        prepare_upload(sample("photo-small.jpg"), MEDIA)

    assert caught.value.error_list[0].code == "unsupported_media_type"


def test_truncated_jpeg_rejected_after_weasyprint_import():
    import weasyprint  # noqa: F401  (sets ImageFile.LOAD_TRUNCATED_IMAGES on import)

    data = (UPLOADS / "photo-small.jpg").read_bytes()
    uploaded = upload("half.jpg", data[: len(data) // 2], "image/jpeg")

    with pytest.raises(ValidationError) as caught:
        prepare_upload(uploaded, DOCUMENT)

    assert caught.value.error_list[0].code == "image_damaged"
