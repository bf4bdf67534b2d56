from .access import ApiToken
from .articles import Article, ArticleRevision, Feed, FeedEntry, IngestionItem, IngestionJob
from .outbox import OutboxMessage
from .publishing import FactCheck, Webhook, WebhookDelivery
from .review import CheckerProfile, Claim, ClaimEvent, ClaimMatch, Evidence, Notification, Verdict

__all__ = [
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
    "Verdict",
    "Webhook",
    "WebhookDelivery",
]
