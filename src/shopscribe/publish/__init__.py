"""Publishing approved copy to channels (a file, a Shopify product CSV, a signed webhook) with idempotent
delivery, retries, scheduling, rollback and a publication log."""

from shopscribe.publish.deliveries import Delivery, FileExport, Item, Outcome, ShopifyCsv, Webhook, handle, sign
from shopscribe.publish.service import (
    CHANNELS,
    PublishRequest,
    PublishResult,
    RollbackRequest,
    WithdrawRequest,
    WithdrawResult,
    publication_key,
    publication_log,
    publish,
    rollback,
    withdraw,
)

__all__ = ["CHANNELS", "Delivery", "FileExport", "Item", "Outcome", "PublishRequest", "PublishResult",
           "RollbackRequest", "ShopifyCsv", "WithdrawRequest", "WithdrawResult", "Webhook", "handle", "publication_key", "publication_log", "publish",
           "rollback", "sign", "withdraw"]
