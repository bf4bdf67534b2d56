"""Celery tasks for review: each takes ids and calls one claims service."""
