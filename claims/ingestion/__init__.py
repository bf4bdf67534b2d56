"""Pure ingestion helpers (no Django imports): SSRF-safe fetching, HTML and feed parsing, text identity."""
