"""Reading files, folders, globs, feeds and uploads into Documents.

The only extractor-side module that touches files. Everything here streams: a feed is read one
row at a time, so a 100,000-article JSONL or CSV never sits in memory whole. Bad input never
raises out of a reader: it comes out as a ``Failure`` (name + reason) in the same stream as the
Documents, so one bad file or row never stops a batch and is never silent.

Supported inputs, by extension:

- ``.txt`` (and any other explicitly named file): one article; id = file name
- ``.html`` / ``.htm``: one article; main text, title, date, URL and site name via trafilatura
- ``.jsonl``: one article per line, an object with ``text`` and optional ``id``, ``title``,
  ``published``, ``url``, ``source``; default id ``<file name>:<line>``
- ``.csv``: same columns, one article per row (header required; ``,`` ``;`` tab or ``|``)

Inside a folder, files are found recursively and in sorted order; their ids are their paths
relative to that folder. Hidden files are skipped; other extensions are reported as failures.
"""
from __future__ import annotations

import codecs
import csv
import glob
import io
import json
import os
import re
from dataclasses import dataclass
from typing import IO, Iterable, Iterator, Optional, Union

from .model import Document

DEFAULT_MAX_BYTES = 10_000_000
"""Size limit of one article file (.txt/.html) or one feed row. Feeds themselves may be larger."""

TEXT_EXTENSIONS = (".txt", ".text")
HTML_EXTENSIONS = (".html", ".htm")
FEED_EXTENSIONS = (".jsonl", ".csv")
SUPPORTED_EXTENSIONS = TEXT_EXTENSIONS + HTML_EXTENSIONS + FEED_EXTENSIONS
FEED_COLUMNS = ("id", "text", "title", "published", "url", "source")

_SAMPLE_BYTES = 65_536
_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.xlsx)"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x7fELF", "executable"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

Item = Union[Document, "Failure"]


class SourceError(Exception):
    """A file or feed row that cannot be read; the message names the file and the reason."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


@dataclass(frozen=True)
class Failure:
    """An input that was not read: ``name`` is the path (``path:line`` for a feed row)."""

    name: str
    reason: str


# ---- decoding ---------------------------------------------------------------------------------


def sniff_binary(data: bytes) -> Optional[str]:
    """Why ``data`` (the start of a file) is not text, or None if it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return f"binary file ({what}), expected text"
    if any(data.startswith(bom) for bom, enc in _BOMS if enc in ("utf-16", "utf-32")):
        return None
    if b"\x00" in data[:8192]:
        return "binary file (NUL bytes), expected text"
    return None


def detect_encoding(data: bytes) -> Optional[str]:
    """The encoding of ``data``: a BOM, else UTF-8, else a legacy code page.

    Western-European legacy text (Latin-1/cp1252) has isolated high bytes (one accented letter
    among ASCII letters); charset-normalizer often misnames short samples of it (cp1250, big5),
    so that case is decided first. Multi-byte and non-Latin code pages (long runs of high bytes)
    go to charset-normalizer. None when nothing fits.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return "utf-8"  # UTF-8 with a few broken bytes: those rows/files fail, the rest reads right
    runs = [len(m.group()) for m in _HIGH_RUN.finditer(data)]
    high = sum(runs)
    if high and sum(n for n in runs if n <= 2) >= 0.8 * high:
        try:
            data.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def _mostly_utf8(data: bytes) -> bool:
    """True when valid UTF-8 multi-byte characters outnumber invalid bytes (legacy text almost
    never forms valid UTF-8 sequences by chance)."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return good > 0 and good >= bad


def decode_bytes(name: str, data: bytes, *, html: bool = False) -> str:
    """Text of a whole file. Raises SourceError naming the file and what was expected."""
    return decode_text(name, data, html=html)[0]


def _legacy_note(encoding: str) -> Optional[str]:
    """The note a document carries when its bytes were not UTF-8 and the encoding was guessed."""
    if encoding.lower().replace("_", "-") in ("utf-8", "utf-8-sig", "ascii", "utf-16", "utf-32"):
        return None
    return f"not UTF-8: decoded as {encoding} (detected); check accented letters"


def decode_text(name: str, data: bytes, *, html: bool = False) -> tuple[str, Optional[str]]:
    """(text of a whole file, a note when its encoding had to be guessed). Raises SourceError
    naming the file and what was expected."""
    if not data.strip():
        raise SourceError(name, "empty file")
    reason = sniff_binary(data)
    if reason:
        raise SourceError(name, reason)
    encoding = None
    if html:
        declared = _META_CHARSET.search(data[:4096])
        if declared:
            try:
                codecs.lookup(declared.group(1).decode("ascii"))
                data.decode(declared.group(1).decode("ascii"))
                encoding = declared.group(1).decode("ascii")
            except (LookupError, UnicodeDecodeError):
                encoding = None
    encoding = encoding or detect_encoding(data)
    if encoding is None:
        raise SourceError(name, "undecodable text: not UTF-8 and no known encoding fits")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(name, f"undecodable text: not valid {encoding} at byte {exc.start}") from exc
    if encoding.startswith("utf-8"):
        text = text.lstrip("\ufeff")
    if len(_CONTROL.findall(text[:8192])) > max(8, len(text[:8192]) // 100):
        raise SourceError(name, "binary file (control characters), expected text")
    if not text.strip():
        raise SourceError(name, "empty file")
    return text, (None if html and _META_CHARSET.search(data[:4096]) else _legacy_note(encoding))


# ---- single articles --------------------------------------------------------------------------


def text_document(name: str, doc_id: str, data: bytes) -> Document:
    text, note = decode_text(name, data)
    return Document(id=doc_id, text=text, title=text_title(text), url=text_url(text), notes=(note,) if note else ())


TITLE_MAX_CHARS = 200
_URL_LINE = re.compile(r"(?:(?:url|link|source)\s*:\s*)?(https?://\S+)", re.IGNORECASE)


def text_title(text: str) -> Optional[str]:
    """The headline on a text article's first line: the first non-blank line when it is short
    (at most ``TITLE_MAX_CHARS``), reads as a headline rather than a sentence (it does not end
    with ``. , ; :``) and the article goes on after it. None otherwise, so a paragraph is never
    shown as a title."""
    lines = text.lstrip("\ufeff").splitlines()
    for i, line in enumerate(lines):
        first = " ".join(line.split())
        if not first:
            continue
        if len(first) > TITLE_MAX_CHARS or _URL_LINE.fullmatch(first) or first.endswith((".", ",", ";", ":")):
            return None
        if not any(rest.strip() for rest in lines[i + 1:]):
            return None
        return first
    return None


def text_url(text: str, head_lines: int = 10) -> Optional[str]:
    """The article's address when its first lines give one on a line of its own (``https://...``,
    ``URL: https://...``, ``Source: https://...``), as saved pages often do."""
    for line in text.splitlines()[:head_lines]:
        m = _URL_LINE.fullmatch(line.strip())
        if m:
            return m.group(1)
    return None


def html_document(name: str, doc_id: str, data: bytes, url: Optional[str] = None) -> Document:
    """Main text, title, date, URL and site of an HTML page (trafilatura, offline); ``url``:
    where the page was fetched from, when it was (helps trafilatura name the site)."""
    page, note = decode_text(name, data, html=True)
    import trafilatura

    result = trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    if result is None or not (result.text or "").strip():
        raise SourceError(name, "no article text found in the HTML page")
    return Document(
        id=doc_id,
        text=result.text.strip(),
        title=_clean(result.title),
        published=_clean(result.date),
        url=_clean(result.url),
        source=_clean(result.sitename or result.hostname),
        notes=(note,) if note else (),
    )


def _clean(value) -> Optional[str]:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


# ---- feeds ------------------------------------------------------------------------------------


def document_from_row(row: dict, default_id: str, note: Optional[str] = None) -> Document:
    def opt(key: str):
        value = row.get(key)
        if value is None:
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value).strip()
        return value or None

    return Document(
        id=opt("id") or default_id,
        text=row["text"],
        title=opt("title"),
        published=opt("published"),
        url=opt("url"),
        source=opt("source"),
        notes=(note,) if note else (),
    )


def _feed_encoding(name: str, handle: IO[bytes]) -> str:
    sample = handle.read(_SAMPLE_BYTES)
    handle.seek(0)
    if not sample.strip():
        raise SourceError(name, "empty file")
    reason = sniff_binary(sample)
    if reason:
        raise SourceError(name, reason)
    encoding = detect_encoding(sample)
    if encoding is None:
        raise SourceError(name, "undecodable text: not UTF-8 and no known encoding fits")
    return "utf-8-sig" if encoding == "utf-8" else encoding


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
        return False
    except UnicodeEncodeError:
        return True


def _lines(handle: IO[bytes], limit: int) -> Iterator[tuple[int, Optional[bytes]]]:
    """(line number, bytes) per line; bytes is None for a line longer than ``limit``, whose
    rest is skipped without being held in memory."""
    lineno = 0
    while True:
        raw = handle.readline(limit + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = handle.readline(1 << 20)
            yield lineno, None
            continue
        yield lineno, raw


def read_jsonl(name: str, base: str, handle: IO[bytes], max_bytes: int) -> Iterator[Item]:
    """One Document per JSON line, streamed."""
    try:
        encoding = _feed_encoding(name, handle)
    except SourceError as exc:
        yield Failure(name, exc.reason)
        return
    rows = 0
    for lineno, raw in _lines(handle, max_bytes):
        where = f"{name}:{lineno}"
        if raw is None:
            rows += 1
            yield Failure(where, f"row larger than the size limit ({max_bytes} bytes)")
            continue
        line = raw.decode(encoding, errors="surrogateescape")
        if lineno == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        rows += 1
        if _has_surrogates(line):
            yield Failure(where, f"undecodable text: not valid {encoding}")
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            yield Failure(where, f"invalid JSON: {exc}")
            continue
        failure = _check_row(where, row, max_bytes)
        if failure:
            yield failure
            continue
        yield document_from_row(row, default_id=f"{base}:{lineno}", note=_legacy_note(encoding))
    if rows == 0:
        yield Failure(name, "no articles in the feed")


def _csv_reason(exc: csv.Error, max_bytes: int) -> str:
    message = str(exc)
    if "unexpected end of data" in message or "field larger than field limit" in message:
        return (f"unterminated quote: the row that starts here never closes its quote (or a field is "
                f"larger than the size limit, {max_bytes} bytes); this row and the rest of the file not read")
    return f"invalid CSV: {message}; the rest of the file not read"


_FIELDS = ("id", "title", "published", "url", "source")


def _check_row(where: str, row, max_bytes: int) -> Optional[Failure]:
    if not isinstance(row, dict):
        return Failure(where, "expected an object with a 'text' string")
    text = row.get("text")
    if not isinstance(text, str):
        return Failure(where, "expected an object with a 'text' string")
    for key in _FIELDS:
        value = row.get(key)
        if value is not None and (isinstance(value, (dict, list, bool)) or
                                  (key == "id" and isinstance(value, float) and not value.is_integer())):
            kind = {"dict": "an object", "list": "a list", "bool": "true/false", "float": "a fraction"}.get(
                type(value).__name__, type(value).__name__)
            return Failure(where, f"'{key}' must be {'a string or a whole number' if key == 'id' else 'a string'}, "
                                  f"not {kind}")
    for key in ("text", *_FIELDS):
        value = row.get(key)
        if isinstance(value, str) and _has_surrogates(value):
            return Failure(where, f"'{key}' is not valid Unicode: it holds an unpaired surrogate "
                                  "(an escape such as \\ud800 in the JSON)")
    if not text.strip():
        return Failure(where, "empty text")
    if len(text) > max_bytes or len(text.encode("utf-8", errors="surrogatepass")) > max_bytes:
        return Failure(where, f"text larger than the size limit ({max_bytes} bytes)")
    return None


def read_csv(name: str, base: str, handle: IO[bytes], max_bytes: int) -> Iterator[Item]:
    """One Document per CSV row, streamed; the header names the columns (``text`` required)."""
    try:
        encoding = _feed_encoding(name, handle)
    except SourceError as exc:
        yield Failure(name, exc.reason)
        return
    stream = io.TextIOWrapper(handle, encoding=encoding, errors="surrogateescape", newline="")
    first = stream.readline()
    delimiter = max(",;\t|", key=first.count) if first.strip() else ","
    stream.seek(0)
    # a field may not outgrow the size limit: an open quote then fails at once (with its line)
    # instead of reading the rest of a 200 MB file into one field
    hard_limit = max(2 * max_bytes, 1 << 20)
    old_limit = csv.field_size_limit(hard_limit)
    try:
        reader = csv.reader(stream, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            yield Failure(name, "empty file")
            return
        except csv.Error as exc:
            yield Failure(name, f"invalid CSV header: {exc}")
            return
        columns = [h.strip().lstrip("\ufeff").lower() for h in header]
        if "text" not in columns:
            found = ", ".join(c for c in columns if c) or "nothing"
            yield Failure(name, f"expected a header row with a 'text' column (found: {found})")
            return
        rows = 0
        previous_end = reader.line_num
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                rows += 1
                yield Failure(f"{name}:{previous_end + 1}", _csv_reason(exc, max_bytes))
                return
            start_line, previous_end = previous_end + 1, reader.line_num
            if not any(v.strip() for v in values):
                continue
            rows += 1
            where = f"{name}:{start_line}"
            if any(_has_surrogates(v) for v in values):
                yield Failure(where, f"undecodable text: not valid {encoding}")
                continue
            row = {col: val for col, val in zip(columns, values) if col}
            failure = _check_row(where, row, max_bytes)
            if failure:
                yield failure
                continue
            yield document_from_row(row, default_id=f"{base}:{start_line}", note=_legacy_note(encoding))
        if rows == 0:
            yield Failure(name, "no articles in the feed")
    finally:
        csv.field_size_limit(old_limit)
        stream.detach()


# ---- dispatch ---------------------------------------------------------------------------------


def _kind(name: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    if ext in HTML_EXTENSIONS:
        return "html"
    if ext == ".jsonl":
        return "jsonl"
    if ext == ".csv":
        return "csv"
    return "text"


def read_handle(name: str, doc_id: str, handle: IO[bytes], size: int, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Documents in one open binary file, by the extension of ``name``."""
    kind = _kind(name)
    base = os.path.basename(name)
    if kind == "jsonl":
        yield from read_jsonl(name, base, handle, max_bytes)
        return
    if kind == "csv":
        yield from read_csv(name, base, handle, max_bytes)
        return
    if size > max_bytes:
        yield Failure(name, f"file too large ({size} bytes; the limit is {max_bytes})")
        return
    data = handle.read(max_bytes + 1)
    try:
        if kind == "html":
            yield html_document(name, doc_id, data)
        else:
            yield text_document(name, doc_id, data)
    except SourceError as exc:
        yield Failure(name, exc.reason)


def read_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES, doc_id: Optional[str] = None) -> Iterator[Item]:
    """Documents in one file: an article (.txt, .html) or a feed (.jsonl, .csv)."""
    try:
        size = os.path.getsize(path)
        handle = open(path, "rb")
    except OSError as exc:
        yield Failure(path, exc.strerror or str(exc))
        return
    with handle:
        yield from read_handle(path, doc_id or os.path.basename(path), handle, size, max_bytes)


def read_bytes(name: str, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Documents in an upload (name + raw bytes, as from ``st.file_uploader``)."""
    yield from read_handle(name, os.path.basename(name), io.BytesIO(data), len(data), max_bytes)


def iter_files(paths: Iterable[str]) -> Iterator[Union[tuple[str, str], Failure]]:
    """(path, document id) for every file named, found in a folder (recursively) or matched by
    a glob, in a stable order; a Failure for a name that matches nothing."""
    for path in paths:
        if os.path.isdir(path):
            found = []
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for file in files:
                    if not file.startswith("."):
                        full = os.path.join(root, file)
                        found.append((os.path.relpath(full, path).replace(os.sep, "/"), full))
            for rel, full in sorted(found):
                if os.path.splitext(full)[1].lower() in SUPPORTED_EXTENSIONS:
                    yield full, rel
                else:
                    yield Failure(full, "unsupported file type (expected " + ", ".join(SUPPORTED_EXTENSIONS) + ")")
        elif os.path.exists(path):
            yield path, os.path.basename(path)
        elif glob.has_magic(path):
            matches = sorted(m for m in glob.glob(path, recursive=True) if os.path.isfile(m))
            if not matches:
                yield Failure(path, "no file matches this pattern")
            for match in matches:
                yield match, os.path.basename(match)
        else:
            yield Failure(path, "no such file or directory")


def read_paths(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Documents (and Failures) from files, folders and globs, streamed in a stable order."""
    for entry in iter_files(paths):
        if isinstance(entry, Failure):
            yield entry
        else:
            path, doc_id = entry
            yield from read_path(path, max_bytes, doc_id=doc_id)
