from .access import ApiToken
from .articles import Article, ArticleRevision, Feed, FeedEntry, IngestionItem, IngestionJob
from .outbox import OutboxMessage
from .publishing import FactCheck, Webhook, WebhookDelivery
from .reappearances import Reappearance
from .review import CheckerProfile, Claim, ClaimEvent, ClaimMatch, Evidence, Notification, Verdict
from .topics import WatchedTopic

# The largest primary key (bigint): ids in input are checked against it before they reach a query.
MAX_ID = 2**63 - 1

__all__ = [
    "MAX_ID",
    "ApiToken",
    "Article",
    "ArticleRevision",
    "CheckerProfile",
    "Claim",
    "ClaimEvent",
    "ClaimMatch",
    "Evidence",
    "FactCheck",
    "Feed",
    "FeedEntry",
    "IngestionItem",
    "IngestionJob",
    "Notification",
    "OutboxMessage",
    "Reappearance",
    "Verdict",
    "WatchedTopic",
    "Webhook",
    "WebhookDelivery",
]
