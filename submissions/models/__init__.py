"""What leaves the school for the central database, one module per concept."""

from submissions.models.archive import PortfolioSeal, PurgeRecord
from submissions.models.batches import SubmissionBatch, SubmissionItem
from submissions.models.receipts import Objection, PaperNotice, Receipt, ReceiptLine, ReceiptRound
from submissions.models.selection import Selection
from submissions.models.transfers import TransferPackage

__all__ = [
    "Objection",
    "PaperNotice",
    "PortfolioSeal",
    "PurgeRecord",
    "Receipt",
    "ReceiptLine",
    "ReceiptRound",
    "Selection",
    "SubmissionBatch",
    "SubmissionItem",
    "TransferPackage",
]
