"""Where the shared evaluation data lives (gold annotations, peer test sets; never copied here).

``$DISPLACEMENT_SHARED`` if set, else ``../shared`` beside the checkout. Tests that need it
skip with a reason when it is absent (`.ci/run` points the variable at it when it can)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    env = os.environ.get("DISPLACEMENT_SHARED")
    return Path(env) if env else ROOT.parent / "shared"
