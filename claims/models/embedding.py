"""How claims and fact-checks store their sentence embeddings: one store, one index shape for both.

halfvec (16-bit floats) rather than vector: the table and its HNSW index take half the memory (768 bytes a row
instead of 1,536 before graph links), and all-MiniLM-L6-v2's unit vectors lose nothing a ranking can see at
that precision (bench/match measures HNSW recall against exact float32 neighbours). Cosine, because the
vectors are compared by cosine everywhere else (`claims.intelligence.matching`).
"""

EMBEDDING_DIMENSIONS = 384
# m and ef_construction are pgvector's defaults; search breadth (hnsw.ef_search) is set per query by the
# matching selector.
EMBEDDING_INDEX = {"fields": ["embedding"], "m": 16, "ef_construction": 64, "opclasses": ["halfvec_cosine_ops"]}
