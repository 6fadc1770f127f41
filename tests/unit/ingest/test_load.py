"""Loading files, folders, sidecars and JSONL; every bad input gets a clear, located message."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ingest.load import LoadError, load_paths


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems_of(paths: list[Path], corpus: Path) -> str:
    with pytest.raises(LoadError) as caught:
        load_paths(paths, corpus_dir=corpus)
    return str(caught.value)


def test_folder_of_articles_with_sidecar(tmp_path: Path) -> None:
    write(tmp_path / "knees.txt", "Knee care\nKeep moving.")
    write(tmp_path / "knees.meta.toml", 'title = "Caring for knees"\nurl = "https://x.org/k"\n'
          "date = 2025-01-02\n")  # fmt: skip
    write(tmp_path / "sub" / "hips.md", "# Hips\nStretch daily.")
    write(tmp_path / "page.html", "<html><body><h1>Wrists</h1><p>Rest.</p></body></html>")
    write(tmp_path / "notes.pdf", b"%PDF")  # other file types in a folder are skipped
    write(tmp_path / ".hidden.txt", "backup")

    documents = load_paths([tmp_path], corpus_dir=tmp_path)

    assert [d.source_id for d in documents] == ["knees.txt", "page.html", "sub/hips.md"]
    knees, page, hips = documents
    assert knees.title == "Caring for knees"
    assert knees.meta == {"url": "https://x.org/k", "date": "2025-01-02"}
    assert knees.text == "Knee care\nKeep moving."  # kept exactly as delivered
    assert (page.format, hips.format, knees.format) == ("html", "markdown", "text")
    assert hips.title == "" and hips.fallback_title == "hips"


def test_source_id_is_relative_to_the_corpus_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    article = write(corpus / "spine" / "back.txt", "Back pain.")
    [document] = load_paths([article], corpus_dir=corpus)
    assert document.source_id == "spine/back.txt"


def test_jsonl_and_gzip_jsonl(tmp_path: Path) -> None:
    lines = [
        {
            "id": "a1",
            "title": "Asthma",
            "text": "Asthma narrows airways.",
            "url": "https://a.example",
            "x": 1,
        },
        {"id": "b2", "text": "Bronchitis is an infection."},
    ]
    write(tmp_path / "docs.jsonl", "\n".join(json.dumps(line) for line in lines) + "\n\n")
    with gzip.open(tmp_path / "more.jsonl.gz", "wt", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "c3", "title": "Colds", "text": "Rest."}) + "\n")

    documents = load_paths([tmp_path], corpus_dir=tmp_path)

    assert [(d.source_id, d.title) for d in documents] == [
        ("a1", "Asthma"),
        ("b2", ""),
        ("c3", "Colds"),
    ]
    assert documents[0].meta == {"url": "https://a.example"}


def test_every_bad_file_is_named_with_what_to_do(tmp_path: Path) -> None:
    write(tmp_path / "empty.txt", "  \n\n")
    write(tmp_path / "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    write(tmp_path / "latin1.txt", "Caf\xe9 au lait".encode("latin-1"))
    write(tmp_path / "bad.jsonl", '{"id": "1", "text": "ok"}\n{"id": "2", "text": \n')
    write(tmp_path / "good.txt", "Fine text.")

    message = problems_of([tmp_path], tmp_path)

    assert "empty.txt: is empty" in message
    assert "binary.md: looks like a binary file" in message
    assert "latin1.txt: not valid UTF-8" in message and "re-save the file as UTF-8" in message
    assert "bad.jsonl line 2: not valid JSON" in message
    assert "good.txt" not in message
    assert "4 input problem(s)" in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('["not", "an", "object"]', "expected a JSON object"),
        ('{"text": "no id"}', "missing or empty 'id'"),
        ('{"id": "x", "text": "  "}', "missing or empty 'text'"),
    ],
)
def test_malformed_jsonl_records(tmp_path: Path, line: str, expected: str) -> None:
    write(tmp_path / "d.jsonl", '{"id": "ok", "text": "fine"}\n' + line + "\n")
    message = problems_of([tmp_path / "d.jsonl"], tmp_path)
    assert f"d.jsonl line 2: {expected}" in message


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    write(tmp_path / "a.jsonl", '{"id": "same", "text": "one"}\n')
    write(tmp_path / "b.jsonl", '{"id": "other", "text": "two"}\n{"id": "same", "text": "3"}\n')
    message = problems_of([tmp_path], tmp_path)
    assert "b.jsonl line 2: duplicate id 'same'" in message
    assert "a.jsonl line 1" in message


def test_file_named_twice_is_loaded_once(tmp_path: Path) -> None:
    article = write(tmp_path / "a.txt", "Text.")
    documents = load_paths([tmp_path, article], corpus_dir=tmp_path)
    assert [d.source_id for d in documents] == ["a.txt"]


def test_file_and_jsonl_line_with_the_same_id_clash(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Text.")
    write(tmp_path / "x.jsonl", '{"id": "a.txt", "text": "clash"}\n')
    message = problems_of([tmp_path], tmp_path)
    assert "duplicate id 'a.txt'" in message


def test_missing_path_and_unsupported_file(tmp_path: Path) -> None:
    write(tmp_path / "scan.pdf", b"%PDF-1.4")
    message = problems_of([tmp_path / "nope", tmp_path / "scan.pdf"], tmp_path)
    assert "nope: no such file or folder" in message
    assert "scan.pdf: unsupported file type" in message


def test_bad_sidecars(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Text.")
    write(tmp_path / "a.meta.toml", 'title = "unterminated\n')
    write(tmp_path / "b.txt", "Text.")
    write(tmp_path / "b.meta.toml", 'titel = "typo"\n')
    message = problems_of([tmp_path], tmp_path)
    assert "a.meta.toml: not valid TOML" in message
    assert "b.meta.toml: unknown field(s) titel; allowed: title, url" in message


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "/relative/page",
        "https://",
        'https://ok.example/" onmouseover="alert(1)',
    ],
)
def test_urls_that_are_not_web_addresses_are_refused_naming_file_and_field(
    tmp_path: Path, url: str
) -> None:
    write(tmp_path / "a.txt", "Text.")
    write(tmp_path / "a.meta.toml", f"url = {json.dumps(url)}\n")
    record = {"id": "j1", "text": "Text.", "url": url}
    write(tmp_path / "more.jsonl", json.dumps(record) + "\n")
    message = problems_of([tmp_path], tmp_path)
    assert "a.meta.toml: field 'url'" in message
    assert "more.jsonl line 1: field 'url'" in message and "'j1'" in message
    assert "http://" in message and "https://" in message


def test_web_addresses_and_empty_urls_are_kept(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Text.")
    write(tmp_path / "a.meta.toml", 'url = "https://clinic.example/feet?x=1#top"\n')
    write(tmp_path / "b.txt", "Text.")
    write(tmp_path / "b.meta.toml", 'url = ""\n')
    write(tmp_path / "more.jsonl", json.dumps({"id": "j", "text": "T.", "url": "http://x.org"}))
    urls = {
        doc.source_id: doc.meta.get("url") for doc in load_paths([tmp_path], corpus_dir=tmp_path)
    }
    assert urls == {
        "a.txt": "https://clinic.example/feet?x=1#top",
        "b.txt": "",
        "j": "http://x.org",
    }


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = write(tmp_path / "locked.txt", "secret")
    # Tests may run as root, which reads any file: make the OS refuse this one.
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    message = problems_of([tmp_path], tmp_path)
    assert "locked.txt: cannot be read (Permission denied); check its permissions" in message


def test_markdown_becomes_plain_text_lines() -> None:
    from ingest.clean.markdown import markdown_to_text

    markdown = (
        "# Knee care #\n\nKeep **moving** and _rest_ when sore, see [our guide](http://x.org).\n"
        "* Ice the knee\n---\n> Ask your doctor.\n<!-- editor note -->\n## Stretches\n"
        "Use a snake_case_name here.\n"
    )
    # Blank lines carry nothing: the cleaner drops them (markdown-it-py emits none).
    assert [line for line in markdown_to_text(markdown).split("\n") if line] == [
        "Knee care",
        "Keep moving and rest when sore, see our guide.",
        "- Ice the knee",
        "Ask your doctor.",
        "Stretches",
        "Use a snake_case_name here.",
    ]
