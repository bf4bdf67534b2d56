"""Pure models for claim intelligence: sentence embeddings, check-worthiness and matching (no Django)."""
