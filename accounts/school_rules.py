"""The school's task items, proxy chains and task group, as its supplementary
rules on the learning portfolio set them (校務會議 revision of 30 June 2023).

Chains name job titles as written in the school's staff list, so whoever holds
a post acts for it; administrators can pin a specific person in Django admin.
Where the rules name a post the staff list spells differently, the staff list's
spelling is used (協行教師 is 協同教學教師, 註冊組組長 is 註冊組長).
"""

DATA = "data"
OUTREACH = "outreach"

# (code, name, work group, responsible unit, duties, owners, first proxies, second proxies)
TASK_ITEMS = [
    (
        "system-maintenance", "系統維護", DATA, "教務處註冊組、圖書館資訊組",
        "負責建置及管理學習歷程檔案平臺，包含帳號開設、障礙排除、使用者疑問及系統相關問題處理。",
        ["註冊組長", "資訊組長"], ["註冊組幹事", "圖書館技士"], ["專案助理"],
    ),
    (
        "basic-data", "學生基本資料", DATA, "教務處註冊組",
        "學生之相關學籍資料，由註冊組於學生入學後登錄，每學期需再次檢核確認。",
        ["註冊組幹事"], ["註冊組長"], ["專案助理"],
    ),
    (
        "course-planning", "修課評估", DATA, "輔導室",
        "依據學生之性向興趣及進路發展登錄「學群（類群）探索與就業規劃」於系統。",
        ["輔導組長"], ["輔導老師"], ["輔導老師"],
    ),
    (
        "elective-names", "選修課程名稱", DATA, "教務處教學組",
        "於選課作業完成後登錄學生選修科目資料。",
        ["教學組長"], ["教學組幹事"], ["專案助理"],
    ),
    (
        "consultation-records", "課程諮詢紀錄", DATA, "課程諮詢教師",
        "登錄「日期/時間/地點」及「諮詢內容及意見」；協助及督促學生學習歷程檔案相關事宜。",
        ["課程諮詢教師召集人"], ["課程諮詢教師"], ["課程諮詢教師"],
    ),
    (
        "grades", "修課成績", DATA, "教務處註冊組",
        "登錄學生修課科目及學業成績表現。",
        ["註冊組幹事"], ["註冊組長"], ["專案助理"],
    ),
    (
        "course-outcomes", "課程學習成果", DATA, "各學科領域召集人、科主任、任課教師",
        "督導學生每學期依時程登錄修課（含必、選修等有核計學分者）之學習成果，並經任課教師認證。",
        [], [], [],
    ),
    (
        "attendance", "出缺勤紀錄", DATA, "學務處",
        "負責完成學生全學年出缺勤紀錄登錄及後續維護。",
        ["生輔組長"], ["生輔組幹事"], ["管理員"],
    ),
    (
        "cadres", "學生幹部/學生社團/各科小老師", DATA,
        "學務處訓育組、活動組、生輔組、教務處教學組",
        "負責完成學生會幹部、學生社團幹部、班級幹部紀錄、社團紀錄及各科小老師之登錄與維護。",
        ["訓育組長", "活動組長", "生輔組長", "教學組長"],
        ["學務處幹事", "生輔組幹事", "教學組幹事"],
        ["學務處管理員", "教學組助理"],
    ),
    (
        "public-service", "校內外公共服務活動/志工服務", DATA, "學務處",
        "負責要求學生完成全學年校外公共服務活動/志工服務等資料登錄及維護，提醒學生當學期上傳。",
        ["訓育組長", "活動組長"], ["學務處幹事"], ["學務主任"],
    ),
    (
        "competitions", "多元表現：學生個人校內競賽表現", DATA, "校內承辦單位",
        "負責於賽後完成學生個人校內競賽成績表現紀錄（含名稱、內容、成績及證明文件）之登錄。",
        ["活動組長"], ["學務處幹事"], ["學務主任"],
    ),
    (
        "self-directed-learning", "多元表現：自主學習", DATA, "圖書館讀服組",
        "負責要求學生完成每學年自主學習相關計畫，並提醒學生當學期上傳至多元表現-彈性學習。",
        ["讀服組長"], ["圖書館主任"], ["協同教學教師"],
    ),
    (
        "counselling-outreach", "課程諮詢宣導", OUTREACH, "課程諮詢教師",
        "進行學生選課說明、個人及團體選課諮詢輔導、編輯選課輔導手冊。",
        ["課程諮詢教師"], ["代理課程諮詢教師"], ["代理課程諮詢教師"],
    ),
    (
        "portfolio-outreach", "檔案建置內容宣導", OUTREACH, "輔導室",
        "辦理選課輔導與檔案建置、登錄等相關學生訓練及學習歷程檔案相關親師說明。",
        ["輔導主任"], ["輔導組長"], ["輔導老師"],
    ),
    (
        "system-training", "系統平臺操作教育訓練", OUTREACH, "教務處註冊組",
        "辦理系統相關人員系統操作教育訓練。",
        ["註冊組長"], ["註冊組幹事"], ["專案助理"],
    ),
]  # fmt: skip

# Submitting to the central database and confirming receipts (rules section 十):
# the registry submits enrolment data and grades, course outcomes and diverse
# performances and runs the receipt confirmation; student activities submits
# the school cadre records. The rules name the units only, so each chain is the
# unit's usual one.
SUBMISSION_TASK_ITEMS = [
    (
        "submit-enrolment-grades", "提交：學籍資料及學業成績", DATA, "教務處註冊組",
        "於規定時間內完成學生學籍資料及學業成績提交，並協助確認收訖明細疑義。",
        ["註冊組幹事"], ["註冊組長"], ["專案助理"],
    ),
    (
        "submit-outcomes", "提交：課程學習成果", DATA, "教務處註冊組",
        "於規定時間內完成課程學習成果提交，並協助確認收訖明細疑義。",
        ["註冊組幹事"], ["註冊組長"], ["專案助理"],
    ),
    (
        "submit-cadres", "提交：校內幹部經歷", DATA, "學務處活動組",
        "於規定時間內完成校內幹部經歷提交，並協助確認收訖明細疑義。",
        ["活動組長"], ["學務處幹事"], ["學務主任"],
    ),
    (
        "submit-performances", "提交：多元表現", DATA, "教務處註冊組",
        "於規定時間內完成多元表現提交，並協助確認收訖明細疑義。",
        ["註冊組幹事"], ["註冊組長"], ["專案助理"],
    ),
    (
        "receipt-confirmation", "收訖明細確認", DATA, "教務處註冊組",
        "公告收訖明細確認時間、匯入收訖明細、寄發離校生紙本通知並完成收訖明細之確認。",
        ["註冊組長"], ["註冊組幹事"], ["專案助理"],
    ),
]  # fmt: skip

# The course-outcome task item is acted for per section: the section's
# teacher, then the substitute teacher.
PER_SECTION_TASK_ITEMS = {"course-outcomes"}

# (seat, role, job title): 19 seats, the principal as convenor and the Dean of
# Academic Affairs as executive secretary.
TASK_GROUP_SEATS = [
    ("校長", "convenor", "校長"),
    ("教務主任", "executive_secretary", "教務主任"),
    ("學務主任", "member", "學務主任"),
    ("輔導主任", "member", "輔導主任"),
    ("圖書館主任", "member", "圖書館主任"),
    ("實習主任", "member", "實習主任"),
    ("教學組長", "member", "教學組長"),
    ("註冊組長", "member", "註冊組長"),
    ("訓育組長", "member", "訓育組長"),
    ("活動組長", "member", "活動組長"),
    ("輔導組長", "member", "輔導組長"),
    ("資料組長", "member", "資料組長"),
    ("資訊組長", "member", "資訊組長"),
    ("讀服組長", "member", "讀服組長"),
    ("實習組長", "member", "實習組長"),
    ("課程諮詢教師召集人", "member", "課程諮詢教師召集人"),
    ("教師代表", "member", ""),
    ("家長代表", "member", ""),
    ("學生代表", "member", ""),
]

# Offices and their sections, as the staff list names them.
OFFICES = {
    "校長室": [],
    "教務處": ["註冊組", "教學組"],
    "學務處": ["訓育組", "活動組", "生輔組"],
    "輔導室": ["輔導組", "資料組"],
    "圖書館": ["資訊組", "讀服組"],
    "實習處": ["實習組"],
}


def load_school_rules(apps) -> None:
    """Create the offices, task items with their chains and the task group seats.

    Existing rows are kept as they are, so administrators' changes survive; the
    function is safe to run again (migrations call it with their historical apps).
    """
    office_model = apps.get_model("accounts", "Office")
    task_item_model = apps.get_model("accounts", "TaskItem")
    assignment_model = apps.get_model("accounts", "TaskAssignment")
    seat_model = apps.get_model("accounts", "TaskGroupSeat")

    for office_name, section_names in OFFICES.items():
        office, _ = office_model.objects.get_or_create(name=office_name)
        for section_name in section_names:
            office_model.objects.get_or_create(name=section_name, defaults={"parent": office})

    for order, row in enumerate(TASK_ITEMS + SUBMISSION_TASK_ITEMS):
        code, name, work_group, unit, duties, owners, first, second = row
        item, created = task_item_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "work_group": work_group,
                "responsible_unit": unit,
                "duties": duties,
                "per_section": code in PER_SECTION_TASK_ITEMS,
                "order": order,
            },
        )
        if not created:
            continue
        for rank, titles in enumerate((owners, first, second)):
            for position, title in enumerate(titles):
                assignment_model.objects.create(
                    task_item=item, rank=rank, job_title=title, position=position
                )

    for order, (title, role, job_title) in enumerate(TASK_GROUP_SEATS):
        seat_model.objects.get_or_create(
            title=title, defaults={"role": role, "job_title": job_title, "order": order}
        )
