"""Celery tasks for ingestion: each takes ids and calls one claims service."""
