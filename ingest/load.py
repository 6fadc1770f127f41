"""Read the clinic's articles from files and folders into `RawDocument`s, validating as we go.

Accepted inputs: `.txt`, `.md`, `.html`/`.htm` files (one article each, with an optional
`name.meta.toml` sidecar) and `.jsonl` / `.jsonl.gz` files (one article per line:
`{"id", "title"?, "text", "url"?, "author"?, "date"?, "license"?}`).

Loading never writes anything and never cleans: files are kept as delivered and cleaning is
the pipeline's next step. Every problem found in any input is collected and raised together as
one `LoadError`, so a clinic fixes all bad files in one go and the index is never touched.
"""

from __future__ import annotations

import gzip
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from assistant.errors import UserError

Format = Literal["text", "markdown", "html"]

ARTICLE_SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}
SIDECAR_SUFFIX = ".meta.toml"
META_FIELDS = ("title", "url", "author", "date", "license")
# What `url` may hold: a web address (shown to patients as "Read the article"), or nothing.
_WEB_URL = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)


class LoadError(UserError):
    """One or more inputs could not be loaded; the message lists every problem found."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        listing = "\n  ".join(self.problems)
        super().__init__(
            f"{len(self.problems)} input problem(s); nothing was written to the index:\n"
            f"  {listing}\nFix or remove these files and run `assistant ingest` again."
        )


@dataclass(frozen=True)
class RawDocument:
    """One article as delivered: raw text in its original format plus editable metadata.

    `title` is "" when neither a sidecar nor the JSONL line gave one; the pipeline then
    derives it from the first line of the cleaned text or, failing that, `fallback_title`.
    """

    source_id: str
    text: str
    format: Format
    origin: str  # where it came from, for messages: a path, or "path line N"
    title: str = ""
    fallback_title: str = ""
    meta: dict[str, str] = field(default_factory=dict)  # url, author, date, license


def load_paths(paths: Sequence[Path], *, corpus_dir: Path) -> list[RawDocument]:
    """Load every article under `paths` (files or folders), sorted by `source_id`.

    `source_id` of a file is its path relative to `corpus_dir` when inside it, otherwise
    relative to the folder given on the command line (or just the file name). Raises
    `LoadError` listing every unreadable, empty, binary, wrongly encoded or malformed input,
    every duplicate id, and every missing path.
    """
    problems: list[str] = []
    documents: list[RawDocument] = []
    seen: set[Path] = set()  # a file named twice (folder + file) is loaded once
    for path in paths:
        if not path.exists():
            problems.append(
                f"{path}: no such file or folder (check ASSISTANT_CORPUS_DIR or the path)"
            )
            continue
        base = _base_for(path, corpus_dir)
        for file in _article_files(path, problems):
            if file.resolve() in seen:
                continue
            seen.add(file.resolve())
            if _is_jsonl(file):
                documents.extend(_load_jsonl(file, problems))
            else:
                document = _load_article_file(file, base, problems)
                if document is not None:
                    documents.append(document)
    problems.extend(_duplicate_problems(documents))
    if problems:
        raise LoadError(problems)
    return sorted(documents, key=lambda document: document.source_id)


def _base_for(path: Path, corpus_dir: Path) -> Path:
    resolved, corpus = path.resolve(), corpus_dir.resolve()
    if resolved == corpus or corpus in resolved.parents:
        return corpus
    return resolved if resolved.is_dir() else resolved.parent


def _is_jsonl(file: Path) -> bool:
    return file.name.endswith((".jsonl", ".jsonl.gz"))


def _is_article(file: Path) -> bool:
    return file.suffix.lower() in ARTICLE_SUFFIXES and not file.name.endswith(SIDECAR_SUFFIX)


def _article_files(path: Path, problems: list[str]) -> Iterator[Path]:
    if path.is_file():
        if _is_article(path) or _is_jsonl(path):
            yield path
        else:
            problems.append(
                f"{path}: unsupported file type; use .txt, .md, .html, .jsonl or .jsonl.gz"
            )
        return
    # Hidden files and folders (editor backups, .git) are not articles; sidecars and other
    # file types (README, images) in a corpus folder are skipped silently.
    for file in sorted(path.rglob("*")):
        relative = file.relative_to(path)
        if any(part.startswith(".") for part in relative.parts) or not file.is_file():
            continue
        if _is_article(file) or _is_jsonl(file):
            yield file


def _read_text(file: Path, problems: list[str], what: str = "") -> str | None:
    try:
        data = file.read_bytes()
    except OSError as error:
        problems.append(f"{file}: cannot be read ({error.strerror}); check its permissions")
        return None
    return _decode(data, str(file), problems, what)


def _decode(data: bytes, name: str, problems: list[str], what: str = "") -> str | None:
    if b"\x00" in data[:8192]:
        problems.append(f"{name}: looks like a binary file, not text{what}; save it as UTF-8 text")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.append(
            f"{name}: not valid UTF-8 (byte {error.start}){what}; re-save the file as UTF-8"
        )
        return None
    return text


def _load_article_file(file: Path, base: Path, problems: list[str]) -> RawDocument | None:
    text = _read_text(file, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(f"{file}: is empty; add the article's text or remove the file")
        return None
    meta = _read_sidecar(file, problems)
    source_id = file.resolve().relative_to(base).as_posix()
    title = meta.pop("title", "")
    return RawDocument(
        source_id=source_id,
        text=text,
        format=ARTICLE_SUFFIXES[file.suffix.lower()],
        origin=str(file),
        title=title,
        fallback_title=file.stem.replace("-", " ").replace("_", " "),
        meta=meta,
    )


def sidecar_path(article: Path) -> Path:
    """The metadata sidecar of an article: `name.meta.toml` next to `name.txt`."""
    return article.with_name(article.stem + SIDECAR_SUFFIX)


def _read_sidecar(file: Path, problems: list[str]) -> dict[str, str]:
    sidecar = sidecar_path(file)
    if not sidecar.exists():
        return {}
    text = _read_text(sidecar, problems)
    if text is None:
        return {}
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.append(f"{sidecar}: not valid TOML ({error}); fix the metadata file")
        return {}
    unknown = sorted(set(data) - set(META_FIELDS))
    if unknown:
        problems.append(
            f"{sidecar}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(META_FIELDS)}"
        )
        return {}
    # TOML dates arrive as datetime.date; everything is stored as text.
    meta = {key: str(value).strip() for key, value in data.items()}
    problem = url_problem(meta.get("url", ""))
    if problem:
        problems.append(f"{sidecar}: {problem}")
        return {}
    return meta


def url_problem(url: str) -> str | None:
    """Why `url` cannot be an article's `url` field, or None (empty is fine).

    Only http(s) addresses with a host are accepted: `javascript:`, `data:`, `file:` and
    relative links would be refused when shown anyway, so they are refused here, at ingest.
    """
    if not url or (_WEB_URL.fullmatch(url) and urlsplit(url).hostname):
        return None
    shown = url if len(url) <= 60 else url[:57] + "..."
    return (
        f"field 'url' is {shown!r}; it must be a web address starting with http:// or "
        'https:// (or "" when there is none)'
    )


def _load_jsonl(file: Path, problems: list[str]) -> Iterator[RawDocument]:
    try:
        if file.name.endswith(".gz"):
            with gzip.open(file, "rb") as stream:
                data = stream.read()
        else:
            data = file.read_bytes()
    except (OSError, EOFError) as error:
        problems.append(f"{file}: cannot be read ({error}); check the file")
        return
    text = _decode(data, str(file), problems)
    if text is None:
        return
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        problems.append(f"{file}: is empty; add one JSON object per line or remove the file")
        return
    for number, line in enumerate(lines, start=1):
        if line.strip():
            document = _parse_jsonl_line(line, f"{file} line {number}", problems)
            if document is not None:
                yield document


def _parse_jsonl_line(line: str, origin: str, problems: list[str]) -> RawDocument | None:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        problems.append(f"{origin}: not valid JSON ({error.msg}); one JSON object per line")
        return None
    if not isinstance(record, dict):
        problems.append(f"{origin}: expected a JSON object with 'id' and 'text'")
        return None
    source_id, text = record.get("id"), record.get("text")
    if not isinstance(source_id, str | int) or not str(source_id).strip():
        problems.append(f"{origin}: missing or empty 'id'; every line needs a unique id")
        return None
    if not isinstance(text, str) or not text.strip():
        problems.append(f"{origin}: missing or empty 'text' for id {source_id!r}")
        return None
    meta = {key: str(record[key]).strip() for key in META_FIELDS if record.get(key) is not None}
    problem = url_problem(meta.get("url", ""))
    if problem:
        problems.append(f"{origin}: {problem} (id {source_id!r})")
        return None
    title = meta.pop("title", "")
    return RawDocument(
        source_id=str(source_id).strip(),
        text=text,
        format="text",
        origin=origin,
        title=title,
        fallback_title=str(source_id),
        meta=meta,
    )


def _duplicate_problems(documents: Iterable[RawDocument]) -> list[str]:
    first_seen: dict[str, str] = {}
    problems = []
    for document in documents:
        earlier = first_seen.setdefault(document.source_id, document.origin)
        if earlier != document.origin:
            problems.append(
                f"{document.origin}: duplicate id {document.source_id!r} "
                f"(also in {earlier}); ids must be unique"
            )
    return problems
