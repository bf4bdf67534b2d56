"""How claims and fact-checks store their sentence embeddings: one store, one index shape for both.

halfvec (16-bit floats) rather than vector: the table and its HNSW index take half the memory (768 bytes a row
instead of 1,536 before graph links), and all-MiniLM-L6-v2's unit vectors lose nothing a ranking can see at
that precision (bench/match measures HNSW recall against exact float32 neighbours). Cosine, because the
vectors are compared by cosine everywhere else (`claims.intelligence.matching`).
"""

EMBEDDING_DIMENSIONS = 384
# Denser and better-built graphs than pgvector's defaults (m 16, ef_construction 64), whose graph over a million
# claims misses whole clusters of near neighbours at any affordable search breadth (bench/match); this one costs
# about twice the build time and a fifth more index. Search breadth (hnsw.ef_search) is set by the matching selector.
EMBEDDING_INDEX = {"fields": ["embedding"], "m": 24, "ef_construction": 128, "opclasses": ["halfvec_cosine_ops"]}
# Fact-checks only (claims are matched across languages by their statement at query time), far fewer rows than
# claims: pgvector's default graph finds their neighbours.
MULTILINGUAL_EMBEDDING_INDEX = {"fields": ["multilingual_embedding"], "opclasses": ["halfvec_cosine_ops"]}
