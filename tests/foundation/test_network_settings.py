"""Malformed network settings are reported by the system checks, naming the setting and the entry."""

from __future__ import annotations

from claims.checks import network_settings


def test_well_formed_network_settings_pass(settings):
    settings.FACTCHECK_TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["10.1.0.0/16", "127.0.0.1:8080/32", "[::1]:*/128"]
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = []
    assert network_settings() == []


def test_malformed_entries_are_named(settings):
    settings.FACTCHECK_TRUSTED_PROXIES = ["10.0.0.0/33"]
    settings.FACTCHECK_FETCH_ALLOWED_NETWORKS = ["127.0.0.1:http/32"]
    settings.FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = ["intranet"]
    errors = network_settings()
    assert [error.id for error in errors] == ["claims.E001", "claims.E002", "claims.E002"]
    assert "FACTCHECK_TRUSTED_PROXIES" in errors[0].msg
    assert "'127.0.0.1:http/32'" in errors[1].msg and "FACTCHECK_FETCH_ALLOWED_NETWORKS" in errors[1].msg
    assert "'intranet'" in errors[2].msg and "FACTCHECK_WEBHOOK_ALLOWED_NETWORKS" in errors[2].msg
