from django.urls import path

from submissions.views import notices, receipts, transfers

RECEIPTS = "tasks/receipt-confirmation/receipts/"
RECEIPT_TASK_ITEM = {"code": "receipt-confirmation"}
TRANSFERS = "tasks/basic-data/transfers/"
BASIC_DATA_TASK_ITEM = {"code": "basic-data"}

urlpatterns = [
    path("receipts/", receipts.student_receipts, name="student_receipts"),
    path("receipts/<int:receipt_id>/confirm/", receipts.receipt_confirm, name="receipt_confirm"),
    path("receipts/<int:receipt_id>/object/", receipts.receipt_object, name="receipt_object"),
    path("receipts/<int:receipt_id>/proof/", receipts.receipt_proof, name="receipt_proof"),
    path(RECEIPTS, receipts.receipt_rounds, RECEIPT_TASK_ITEM, name="receipt_rounds"),
    path(
        RECEIPTS + "<int:round_id>/",
        receipts.receipt_round_detail,
        RECEIPT_TASK_ITEM,
        name="receipt_round_detail",
    ),
    path(
        RECEIPTS + "<int:round_id>/record/",
        receipts.receipt_round_record,
        RECEIPT_TASK_ITEM,
        name="receipt_round_record",
    ),
    path(
        RECEIPTS + "<int:round_id>/notices/",
        notices.paper_notices,
        RECEIPT_TASK_ITEM,
        name="paper_notices",
    ),
    path(
        RECEIPTS + "<int:round_id>/notices/batch/",
        notices.paper_notice_batch,
        RECEIPT_TASK_ITEM,
        name="paper_notice_batch",
    ),
    path(
        RECEIPTS + "<int:round_id>/notices/jobs/<int:job_id>/",
        notices.paper_notice_job,
        RECEIPT_TASK_ITEM,
        name="paper_notice_job",
    ),
    path(
        RECEIPTS + "<int:round_id>/notices/jobs/<int:job_id>/download/",
        notices.paper_notice_job_download,
        RECEIPT_TASK_ITEM,
        name="paper_notice_job_download",
    ),
    path(
        RECEIPTS + "<int:round_id>/notices/<int:receipt_id>.pdf",
        notices.paper_notice_pdf,
        RECEIPT_TASK_ITEM,
        name="paper_notice_pdf",
    ),
    path(
        RECEIPTS + "<int:round_id>/notices/<int:receipt_id>/mailed/",
        notices.paper_notice_mailed,
        RECEIPT_TASK_ITEM,
        name="paper_notice_mailed",
    ),
    path("tasks/<slug:code>/objections/", receipts.objection_list, name="objection_list"),
    path(
        "tasks/<slug:code>/objections/<int:objection_id>/answer/",
        receipts.objection_answer,
        name="objection_answer",
    ),
    path(TRANSFERS, transfers.transfer_page, BASIC_DATA_TASK_ITEM, name="transfers"),
    path(
        TRANSFERS + "export/<int:student_id>/",
        transfers.transfer_export,
        BASIC_DATA_TASK_ITEM,
        name="transfer_export",
    ),
    path(
        TRANSFERS + "import/",
        transfers.transfer_import,
        BASIC_DATA_TASK_ITEM,
        name="transfer_import",
    ),
    path(
        TRANSFERS + "packages/<int:package_id>/",
        transfers.transfer_download,
        BASIC_DATA_TASK_ITEM,
        name="transfer_download",
    ),
]

# Selection (student) and submission batches (the four submit-* task items).
from submissions.views import batches, selection  # noqa: E402

urlpatterns += [
    path("selection/", selection.selection_page, name="selection"),
    path("selection/toggle/", selection.selection_toggle, name="selection_toggle"),
    path("tasks/<slug:code>/batches/", batches.batch_list, name="batch_list"),
    path("tasks/<slug:code>/batches/start/", batches.batch_start, name="batch_start"),
    path("tasks/<slug:code>/batches/<int:batch_id>/", batches.batch_detail, name="batch_detail"),
    path(
        "tasks/<slug:code>/batches/<int:batch_id>/progress/",
        batches.batch_progress,
        name="batch_progress",
    ),
    path(
        "tasks/<slug:code>/batches/<int:batch_id>/submit/",
        batches.batch_submit,
        name="batch_submit",
    ),
    path(
        "tasks/<slug:code>/batches/<int:batch_id>/download/",
        batches.batch_download,
        name="batch_download",
    ),
]
