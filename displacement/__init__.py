"""displacement: figures of displaced, trapped and camp-sheltered people, from news text."""
__version__ = "0.1.0"


def extract_figures(text, published=None, **kwargs):
    """See :func:`displacement.extract.extract_figures`."""
    from .extract import extract_figures as _extract

    return _extract(text, published, **kwargs)
