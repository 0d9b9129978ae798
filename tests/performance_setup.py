"""Shared setup for the diverse-performance tests: a term with its upload window and
valid data for every kind."""

import datetime

from portfolio.roc import TAIPEI
from records.models import DiversePerformance, ScheduleWindow, Term

Kind = DiversePerformance.Kind

# Inside the upload window of 113 semester 1 (2024-09-01 to 2024-10-31).
NOON = datetime.datetime(2024, 10, 1, 12, 0, tzinfo=TAIPEI)
BEFORE_WINDOW = datetime.datetime(2024, 8, 20, 12, 0, tzinfo=TAIPEI)
AFTER_WINDOW = datetime.datetime(2024, 11, 1, 0, 0, 1, tzinfo=TAIPEI)

VALID = {
    Kind.CADRE: {
        "organisation": "101班",
        "title": "班長",
        "cadre_level": "2",
        "starts_on": "2024-08-30",
    },
    Kind.COMPETITION: {
        "title": "校內英語演講比賽",
        "event": "高一組",
        "level": "1",
        "award": "第一名",
        "starts_on": "2024-09-20",
        "participation": "1",
    },
    Kind.CERTIFICATE: {
        "title": "全民英檢中級",
        "score": "160",
        "starts_on": "2024-09-10",
    },
    Kind.SERVICE: {
        "title": "淨灘活動",
        "organisation": "桃園市環保局",
        "starts_on": "2024-09-07",
        "ends_on": "2024-09-07",
        "hours": "4.5",
    },
    Kind.FLEXIBLE_LEARNING: {
        "category": "1",
        "title": "自主學習：校園植物圖鑑",
        "organiser": "圖書館讀服組",
        "offered_year": "113",
        "offered_semester": "1",
        "periods_per_week": "2",
        "weeks": "18",
    },
    Kind.GROUP_ACTIVITY: {
        "category": "2",
        "organiser": "學務處活動組",
        "title": "天文社",
        "activity_year": "113",
        "activity_semester": "1",
        "periods": "36",
    },
    Kind.WORKPLACE: {
        "category": "1",
        "organisation": "桃園國際機場",
        "title": "參訪學生",
        "starts_on": "2024-09-12",
        "ends_on": "2024-09-12",
        "hours": "3",
    },
    Kind.WORK: {"title": "短篇小說《夏至》", "starts_on": "2024-09-25"},
    Kind.UNIVERSITY_COURSE: {
        "programme": "高中生先修課程計畫",
        "organiser": "國立中央大學",
        "title": "微積分先修",
        "starts_on": "2024-09-02",
        "ends_on": "2024-09-30",
        "credits": "2",
        "total_hours": "36",
    },
    Kind.OTHER: {
        "title": "社區音樂會演出",
        "organiser": "龜山區公所",
        "starts_on": "2024-09-14",
        "ends_on": "2024-09-14",
        "hours": "2",
    },
}


def performance_data(kind=Kind.WORK, **changes) -> dict:
    """Return valid form data of a kind with a summary and a video link, changed as given."""
    data = {**VALID[kind], "summary": "說明這次經驗與收穫。", "video_url": "https://youtu.be/abc"}
    data.update(changes)
    return data


def make_term() -> Term:
    """Create term 113-1 with its diverse-performance upload window, 113/09/01 to 113/10/31."""
    term = Term.objects.create(academic_year=113, semester=1)
    ScheduleWindow.objects.create(
        term=term,
        kind=ScheduleWindow.Kind.PERFORMANCE_UPLOAD,
        starts_on=datetime.date(2024, 9, 1),
        ends_on=datetime.date(2024, 10, 31),
        self_check_on=datetime.date(2024, 10, 15),
    )
    return term


def fill_slots(student, count: int, academic_year: int = 113):
    """Create `count` student uploads of the year directly, taking slots 1 to count."""
    return DiversePerformance.objects.bulk_create(
        DiversePerformance(
            student=student,
            academic_year=academic_year,
            kind=Kind.WORK,
            title=f"作品{slot}",
            summary="摘要",
            starts_on=datetime.date(2024, 9, 1),
            video_url="https://youtu.be/abc",
            slot=slot,
        )
        for slot in range(1, count + 1)
    )
