"""Reading files and feeds into Documents. The only extractor-side module that touches files."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Iterable, Iterator, Union

from .model import Document


class SourceError(Exception):
    """A file or feed row that cannot be read; the message names the file and the reason."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class Failure:
    name: str
    reason: str


def _decode(path: str, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise SourceError(path, "binary file (NUL bytes), expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"not valid UTF-8 text at byte {exc.start}") from exc


def read_path(path: str) -> Iterator[Union[Document, Failure]]:
    """Documents in one file: a .txt article or a .jsonl feed (one article per line)."""
    name = os.path.basename(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
        text = _decode(path, data)
    except (OSError, SourceError) as exc:
        yield Failure(path, exc.reason if isinstance(exc, SourceError) else str(exc))
        return
    if path.lower().endswith(".jsonl"):
        yield from _read_jsonl(path, text)
    else:
        yield Document(id=name, text=text)


def _read_jsonl(path: str, text: str) -> Iterator[Union[Document, Failure]]:
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError("expected an object with a 'text' string")
        except ValueError as exc:
            yield Failure(f"{path}:{lineno}", str(exc))
            continue
        yield document_from_row(row, default_id=f"{os.path.basename(path)}:{lineno}")


def document_from_row(row: dict, default_id: str) -> Document:
    def opt(key: str):
        value = row.get(key)
        return None if value in (None, "") else str(value)

    return Document(
        id=opt("id") or default_id,
        text=row["text"],
        title=opt("title"),
        published=opt("published"),
        url=opt("url"),
        source=opt("source"),
    )


def read_paths(paths: Iterable[str]) -> Iterator[Union[Document, Failure]]:
    for path in paths:
        yield from read_path(path)
