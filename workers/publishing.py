"""Celery tasks for publishing: each takes ids and calls one claims service."""
