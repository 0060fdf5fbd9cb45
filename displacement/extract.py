"""extract_figures: numbers + units + terms + places + dates -> Figure records (pure)."""
from __future__ import annotations

from typing import Optional

from .model import Document, Figure

EXTRACTOR_VERSION = "0.1.0"


def extract_figures(text: str, published: Optional[str] = None, *, document_id: str = "",
                    household_size: Optional[float] = None) -> list[Figure]:
    """Every people-figure in ``text``, sorted by position. (Work in progress.)"""
    return []


def extract_document(doc: Document, household_size: Optional[float] = None) -> list[Figure]:
    """Figures of one Document, carrying its title, source, url and publication date."""
    return extract_figures(doc.text, doc.published, document_id=doc.id, household_size=household_size)
