"""Retrieval: follow-up resolution, long-message parts, the hybrid (dense + BM25) retriever,
the corpus vocabulary (variants of its words) and the query speller."""
