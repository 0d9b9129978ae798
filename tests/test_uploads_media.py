"""prepare_upload for audio and video: MP3 and MP4 within the media limit."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from records.uploads import DOCUMENT, MEDIA, prepare_upload
from tests.uploads_samples import content_bytes, mp3_bytes, mp4_bytes, upload


def rejection(uploaded_file, purpose=MEDIA):
    with pytest.raises(ValidationError) as caught, override("zh-hant"):
        prepare_upload(uploaded_file, purpose)
    with override("zh-hant"):
        return caught.value.error_list[0].code, caught.value.messages[0]


def test_mp3_accepted():
    data = mp3_bytes()

    prepared = prepare_upload(upload("朗讀.mp3", data, "audio/mpeg"), MEDIA)

    assert prepared.mime_type == "audio/mpeg"
    assert prepared.extension == "mp3"
    assert prepared.original_name == "朗讀.mp3"
    assert prepared.sha256 == hashlib.sha256(data).hexdigest()
    assert content_bytes(prepared) == data


def test_mp3_with_large_cover_art_accepted():
    data = mp3_bytes(cover_art_bytes=200_000)

    prepared = prepare_upload(upload("歌曲.mp3", data), MEDIA)

    assert prepared.mime_type == "audio/mpeg"


def test_mp4_accepted():
    prepared = prepare_upload(upload("實驗影片.mp4", mp4_bytes(), "video/mp4"), MEDIA)

    assert prepared.mime_type == "video/mp4"
    assert prepared.extension == "mp4"
    assert prepared.stored_name.endswith(".mp4")


def test_mp4_named_otherwise_accepted_as_mp4():
    prepared = prepare_upload(upload("clip.bin", mp4_bytes()), MEDIA)

    assert prepared.extension == "mp4"
    assert prepared.download_name == "clip.mp4"


def test_truncated_mp4_rejected():
    data = mp4_bytes(media_bytes=5000)[:-1000]

    code, message = rejection(upload("cut.mp4", data))

    assert code == "mp4_damaged"
    assert "「cut.mp4」是不完整或已損壞的 MP4 影片" in message


def test_mp4_without_moov_rejected():
    data = mp4_bytes()
    moov_start = data.index(b"moov") - 4
    moov_size = int.from_bytes(data[moov_start : moov_start + 4], "big")

    code, _message = rejection(
        upload("nomoov.mp4", data[:moov_start] + data[moov_start + moov_size :])
    )

    assert code == "mp4_damaged"


def test_media_over_limit_rejected():
    data = mp3_bytes(frames=26_000)  # about 10.8 MB

    code, message = rejection(upload("演講.mp3", data))

    assert len(data) > 10 * 1024 * 1024
    assert code == "media_too_large"
    assert "「演講.mp3」為 10." in message
    assert "超過影音檔案 10.0" in message
    assert "剪短" in message


def test_mov_video_rejected_with_advice():
    code, message = rejection(upload("IMG_1234.MOV", mp4_bytes(brand=b"qt  ")))

    assert code == "unsupported_media_type"
    assert "MOV 影片" in message
    assert "最相容" in message


def test_m4a_audio_rejected():
    code, message = rejection(upload("錄音.m4a", mp4_bytes(brand=b"M4A ")))

    assert code == "unsupported_media_type"
    assert "M4A 音訊" in message


def test_mp4_rejected_as_document():
    code, message = rejection(upload("影片.mp4", mp4_bytes()), DOCUMENT)

    assert code == "unsupported_document_type"
    assert "MP4 影片" in message
