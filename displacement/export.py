"""CSV export of figures: the CLI's ``export`` and the dashboard's download button.

The bytes are UTF-8 with a BOM (Excel then reads non-Latin names right), CRLF line ends, the
``EXPORT_FIELDS`` columns in order (``model.FIGURE_FIELDS``, then the review columns and the
extracted values of the correctable fields: ``reviews.REVIEW_COLUMNS``,
``reviews.EXTRACTED_COLUMNS``), and optionally an HXL hashtag row under the header so
that HDX tools read the file. Article text is untrusted: a text cell that a spreadsheet would
run as a formula is neutralised (OWASP CSV injection guidance), numbers stay numbers, and a
vague figure leaves its numeric cells empty.
"""
from __future__ import annotations

import csv
import io
import math
import re
from typing import Optional

import numpy as np
import pandas as pd

from .filters import Filters, apply
from .model import FIGURE_FIELDS
from .reviews import EXTRACTED_COLUMNS, REVIEW_COLUMNS, apply_reviews

BOM = "\ufeff"
#: the CSV's columns: the figure record, who reviewed it, and what the extractor had found
EXPORT_FIELDS: tuple[str, ...] = FIGURE_FIELDS + REVIEW_COLUMNS + EXTRACTED_COLUMNS
INT_COLUMNS = ("start", "end", "value", "low", "high", "extracted_value", "extracted_low", "extracted_high")
FLOAT_COLUMNS = ("reported_value", "household_size", "lat", "lon", "confidence", "extracted_lat", "extracted_lon")
NUMERIC_COLUMNS = INT_COLUMNS + FLOAT_COLUMNS

# OWASP: cells must not begin with = + - @ tab or carriage return (line feed too, and the
# full-width forms that some spreadsheets fold to ASCII); the fix is a leading apostrophe.
_DANGEROUS = re.compile(r"^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?$")

# HXL hashtags (https://hxlstandard.org) per column; the value columns get ``#affected`` with
# the attribute of what they count (see ``affected_tag``).
HXL_TAGS: dict[str, str] = {
    "figure_id": "#meta+id",
    "document_id": "#meta+document",
    "title": "#meta+title",
    "source": "#meta+source",
    "url": "#meta+url",
    "published": "#date+reported",
    "quote": "#description+quote",
    "start": "#meta+offset+start",
    "end": "#meta+offset+end",
    "number_text": "#description+number",
    "qualifier": "#meta+qualifier",
    "reported_value": "#meta+reported+num",
    "reported_unit": "#meta+reported+unit",
    "household_size": "#meta+household+size",
    "term": "#indicator+term",
    "category": "#indicator+category",
    "figure_type": "#indicator+type",
    "location": "#loc+name",
    "admin1": "#adm1+name",
    "country_iso3": "#country+code",
    "lat": "#geo+lat",
    "lon": "#geo+lon",
    "location_precision": "#loc+precision",
    "location_text": "#loc+text",
    "origin": "#loc+origin",
    "destination": "#loc+destination",
    "period_start": "#date+start",
    "period_end": "#date+end",
    "date": "#date",
    "date_precision": "#date+precision",
    "confidence": "#meta+confidence",
    "extractor_version": "#meta+version",
    "attributed_to": "#org+source",
    "review_status": "#status+review",
    "reviewed_by": "#contact+name+reviewer",
    "reviewed_at": "#date+reviewed",
    "review_note": "#description+review",
}
# what a figure counts -> HXL #affected attribute; terms first, then categories
HXL_TERMS = {
    "idps": "+idps",
    "internally_displaced": "+idps",
    "displaced": "+displaced",
    "forced_to_flee": "+displaced",
    "refugees": "+refugees",
    "returnees": "+returnees",
    "killed": "+killed",
    "injured": "+injured",
    "missing": "+missing",
    "evacuated": "+evacuated",
    "trapped": "+trapped",
    "in_camp": "+idps+incamp",
    "homeless": "+homeless",
    "affected": "",
}
HXL_CATEGORIES = {
    "displaced": "+displaced",
    "refugees": "+refugees",
    "returnees": "+returnees",
    "evacuated": "+evacuated",
    "trapped": "+trapped",
    "camp": "+idps+incamp",
    "homeless": "+homeless",
    "casualties": "+casualties",
    "housing": "+housing",
    "affected": "",
}


def sanitize_cell(text: str) -> str:
    """``text`` made safe for a spreadsheet: a leading apostrophe when it would start a formula
    (``=`` ``+`` ``-`` ``@`` tab CR LF), except a plain signed number such as ``-12.5``."""
    if text and _DANGEROUS.match(text) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def affected_tag(frame: pd.DataFrame) -> str:
    """``#affected`` plus the attribute that fits every row: a single term (``+killed``,
    ``+refugees``, ``+idps``...), else a single category, else none."""
    for column, table in (("term", HXL_TERMS), ("category", HXL_CATEGORIES)):
        if column in frame and len(frame):
            values = set(frame[column].dropna().astype(str))
            if len(values) == 1 and frame[column].notna().all():
                attribute = table.get(values.pop())
                if attribute:
                    return "#affected" + attribute
    return "#affected"


def hxl_row(frame: pd.DataFrame) -> list[str]:
    """The hashtag of each ``EXPORT_FIELDS`` column; an extracted value has its field's tag
    with ``+extracted`` (``#affected+idps+extracted``, ``#adm1+name+extracted``)."""
    affected = affected_tag(frame)
    tags = dict(HXL_TAGS)
    tags.update({"value": affected, "low": affected + "+min", "high": affected + "+max"})
    tags.update({"extracted_" + name: tags[name] + "+extracted" for name in list(tags) if "extracted_" + name in EXPORT_FIELDS})
    return [tags.get(name, "#meta+" + re.sub(r"[^a-z0-9]", "", name.lower())) for name in EXPORT_FIELDS]


def _number_column(series: pd.Series) -> pd.Series:
    """Finite numbers as float64 (NaN otherwise): text that is not a plain number, such as a
    vague "thousands", is dropped rather than written into a numeric column."""
    if series.dtype == object or pd.api.types.is_string_dtype(series.dtype):
        text = series.astype("str").str.strip()
        plain = text.str.match(_PLAIN_NUMBER.pattern, na=False)
        series = text.where(plain).str.replace(",", "", regex=False)
    numbers = pd.to_numeric(series, errors="coerce").astype("float64")
    return numbers.where(numbers.abs() != math.inf)


def _int_cells(series: pd.Series) -> pd.Series:
    numbers = _number_column(series).round()
    return numbers.astype("Int64").astype("str").where(numbers.notna(), "")


def _float_text(number: float) -> str:
    """Python's shortest round-trip form, without a trailing ``.0`` (``33.5``, ``44``, ``1e+16``)."""
    text = str(number)
    return text[:-2] if text.endswith(".0") and _WHOLE.match(text) else text


_WHOLE = re.compile(r"^-?\d+\.0$")


def _float_cells(series: pd.Series) -> pd.Series:
    """Each distinct number is formatted once (a million coordinates and confidences hold a
    few thousand distinct values), then spread back to the rows."""
    values = _number_column(series).to_numpy(dtype="float64", na_value=np.nan)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = np.array([_float_text(float(u)) for u in uniques] + [""], dtype=object)[codes]
    texts[(values == 0) & np.signbit(values)] = "-0"  # factorize takes -0.0 for 0.0
    return pd.Series(texts, index=series.index, dtype="str")


# a cell is risky when its first character is one of these (``_DANGEROUS``)
_DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _text_cells(series: pd.Series) -> pd.Series:
    text = series.astype("str")
    text = text.where(series.notna(), "")
    # the cheap test first (the first character), the number pattern only on those few cells
    risky = text.str.slice(0, 1).isin(_DANGEROUS_FIRST).to_numpy(dtype=bool, na_value=False).copy()
    if risky.any():
        rows = np.flatnonzero(risky)
        subset = text.iloc[rows]
        plain = subset.str.match(_PLAIN_NUMBER.pattern, na=False).to_numpy(dtype=bool, na_value=False)
        risky[rows[plain]] = False
    if risky.any():
        text = text.where(~risky, "'" + text)
    return text


def cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The export cells as strings: ``EXPORT_FIELDS`` columns (missing ones empty), integers
    without decimals, floats in shortest round-trip form, text neutralised."""
    frame = frame.reset_index(drop=True)  # a filtered or concatenated frame may repeat labels
    if "review_status" not in frame:  # figures no review was applied to: as extracted, unreviewed
        frame = apply_reviews(frame, [])
    out = {}
    for name in EXPORT_FIELDS:
        if name not in frame:
            out[name] = pd.Series([""] * len(frame), index=frame.index, dtype="str")
        elif name in INT_COLUMNS:
            out[name] = _int_cells(frame[name])
        elif name in FLOAT_COLUMNS:
            out[name] = _float_cells(frame[name])
        else:
            out[name] = _text_cells(frame[name])
    return pd.DataFrame(out, index=frame.index, columns=list(EXPORT_FIELDS))


def to_csv_bytes(frame: pd.DataFrame, hxl: bool = False) -> bytes:
    """The figures of ``frame`` as CSV bytes: UTF-8 with BOM, CRLF, the ``EXPORT_FIELDS``
    columns (missing ones empty, extra ones left out), rows in frame order, formula-like text
    neutralised, and with ``hxl`` the HXL hashtag row under the header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_FIELDS)
    if hxl:
        writer.writerow(hxl_row(frame))
    if not len(frame):
        return (BOM + out.getvalue()).encode("utf-8", errors="replace")
    table = cells(frame)
    body = _csv_rows_arrow(table)
    if body is not None:
        return (BOM + out.getvalue()).encode("utf-8") + body
    table.to_csv(out, header=False, index=False, lineterminator="\r\n")
    return (BOM + out.getvalue()).encode("utf-8", errors="replace")


CSV_CHUNK_ROWS = 50_000  # Arrow joins 35 columns far faster in slices of this many rows


def _csv_rows_arrow(table: pd.DataFrame) -> Optional[bytes]:
    """The rows of a frame of text cells as CSV bytes, built column-wise in Arrow: the same
    bytes as Python's ``csv`` writer with ``QUOTE_MINIMAL`` and CRLF (a cell is quoted when it
    holds ``"``, ``,``, CR or LF, and its quotes are doubled), several times faster. None when
    pyarrow cannot take a cell (a lone surrogate) or a cell holds NUL; the caller then uses
    the ``csv`` writer."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow comes with the store's loaders
        return None
    kind = pa.large_string()  # 64-bit offsets: a CSV may exceed 2 GB
    quote, nothing = pa.scalar('"', kind), pa.scalar("", kind)
    columns = []
    for name in table.columns:
        try:
            column = pa.array(table[name], type=kind, from_pandas=True)
        except (pa.ArrowException, UnicodeError, TypeError, ValueError):
            return None
        if isinstance(column, pa.ChunkedArray):
            column = column.combine_chunks()
        column = pc.fill_null(column, nothing)
        special = pc.match_substring_regex(column, '["\r\n,]')
        if pc.any(special).as_py():
            escaped = pc.replace_substring(column, '"', '""')
            column = pc.if_else(special, pc.binary_join_element_wise(quote, escaped, quote, nothing), column)
        columns.append(column)
    comma, crlf = pa.scalar(",", kind), pa.scalar("\r\n", kind)
    parts = []
    for start in range(0, len(table), CSV_CHUNK_ROWS):
        chunk = [column.slice(start, CSV_CHUNK_ROWS) for column in columns]
        chunk[-1] = pc.binary_join_element_wise(chunk[-1], crlf, nothing)
        lines = pc.binary_join_element_wise(*chunk, comma)
        _, offsets, data = lines.buffers()
        bounds = np.frombuffer(offsets, dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
        parts.append(memoryview(data)[int(bounds[0]) : int(bounds[-1])])
    body = b"".join(parts)
    return None if b"\x00" in body else body  # NUL: left to the csv writer, as before


def export_frame(store, filters: Filters) -> pd.DataFrame:
    """The figures of ``store``, with their latest reviews applied, that pass ``filters``
    (what the dashboard shows; rejected figures only when the filter asks for them)."""
    return apply(store.reviewed_frame(), filters)


def export_csv(store, filters: Filters, hxl: bool = False) -> bytes:
    """``to_csv_bytes(filters.apply(store.reviewed_frame(), filters), hxl)``."""
    return to_csv_bytes(export_frame(store, filters), hxl=hxl)


# ---- situations (issue 14): the situation table as the page shows it ---------------------------

#: HXL hashtags of the situation table's columns (``situations.SITUATION_COLUMNS``)
SITUATION_HXL: dict[str, str] = {
    "category": "#indicator+category",
    "location": "#loc+name",
    "admin1": "#adm1+name",
    "country_iso3": "#country+code",
    "location_precision": "#loc+precision",
    "date": "#date",
    "value": "#affected+num",
    "low": "#affected+num+min",
    "high": "#affected+num+max",
    "qualifier": "#meta+qualifier",
    "number_text": "#description+number",
    "sources": "#meta+source+count",
    "reports": "#meta+report+count",
    "estimates": "#meta+estimate+count",
    "conflict": "#status+conflict",
    "conflict_low": "#affected+num+conflict+min",
    "conflict_high": "#affected+num+conflict+max",
    "trend": "#affected+num+trend",
    "report_id": "#meta+id",
}


def situations_csv_bytes(table: pd.DataFrame, hxl: bool = True) -> bytes:
    """The situation table as CSV (UTF-8 with BOM, the figures export's conventions): the trend
    as its values joined by ";", oldest first; with ``hxl`` the HXL row under the header
    (``#affected+idps`` when the table holds one category of displaced people)."""
    from .situations import SITUATION_COLUMNS

    out = table.reindex(columns=SITUATION_COLUMNS).copy()
    out["trend"] = out["trend"].map(lambda t: ";".join(str(int(v)) for v in t) if isinstance(t, (list, tuple)) else "")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SITUATION_COLUMNS)
    if hxl:
        tags = dict(SITUATION_HXL)
        categories = set(out["category"].dropna())
        if len(categories) == 1:  # internally displaced people are HXL's +idps; else the figures export's attribute
            only = next(iter(categories))
            tags["value"] = "#affected" + ("+idps" if only == "displaced" else HXL_CATEGORIES.get(only, "")) + "+num"
        writer.writerow([tags[c] for c in SITUATION_COLUMNS])
    for row in out.itertuples(index=False):
        writer.writerow([_cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return sanitize_cell(str(value))
