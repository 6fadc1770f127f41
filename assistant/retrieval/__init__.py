"""Retrieval: follow-up resolution, the hybrid (dense + BM25) retriever, the query speller."""
