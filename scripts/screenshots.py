"""Screenshots of the page for the README: the evidence of a household conversion and the review
panel, written to docs/ as small PNGs.

It fills a temporary SQLite store with a few figures (one counted in families), starts
`streamlit run dashboard.py` on a free port as a local run (DISPLACEMENT_LOCAL=1: editable), and
drives Debian's chromium through the playwright package (never `playwright install`).

usage: .venv/bin/python scripts/screenshots.py [--out docs] [--chromium /usr/bin/chromium]
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from displacement.model import Document, Figure, make_figure_id  # noqa: E402
from displacement.store import open_store  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


def _figure(doc: str, quote: str, number_text: str, value: int, qualifier: str, category: str, place: str,
            country: str, lat: float, lon: float, day: str, confidence: float, **extra) -> Figure:
    start = quote.index(number_text)
    return Figure(
        figure_id=make_figure_id(doc, start, start + len(number_text)), document_id=doc, quote=quote, start=start,
        end=start + len(number_text), number_text=number_text, value=value, low=extra.pop("low", value),
        high=extra.pop("high", value), qualifier=qualifier, reported_value=extra.pop("reported_value", value),
        reported_unit=extra.pop("reported_unit", "people"), term=extra.pop("term", category), category=category,
        figure_type="stock", title=extra.pop("title"), source=extra.pop("source"), url=extra.pop("url"),
        published=day, location=place, country_iso3=country, lat=lat, lon=lon, location_precision="place",
        location_text=place, date=day, date_precision="day", confidence=confidence, **extra,
    )


FIGURES = [
    _figure("kassala", "About 1,500 families were sheltering in a school in Kassala, the UN said.", "About 1,500",
            8400, "approx", "camp", "Kassala", "SDN", 15.45, 36.4, "2024-05-01", 0.75, reported_value=1500,
            reported_unit="households", household_size=5.6, term="in_camp",
            title="Sudan: thousands shelter in schools", source="ReliefWeb", url="https://reliefweb.int/report/sudan/1"),
    _figure("fasher", "Some 25,000 people are still trapped in El Fasher.", "Some 25,000", 25000, "approx",
            "trapped", "El Fasher", "SDN", 13.63, 25.35, "2024-05-20", 0.85, title="El Fasher under siege",
            source="Reuters", url="https://www.reuters.com/world/africa/1"),
    _figure("gedaref", "Nearly 90,000 people have fled to Gedaref since March.", "Nearly 90,000", 90000, "approx",
            "displaced", "Gedaref", "SDN", 14.03, 35.38, "2024-04-10", 0.55, title="Flight to the east",
            source="AP", url="https://apnews.com/article/1"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, proc: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("streamlit did not start")


def _small_png(path: Path) -> None:
    """Re-save as a palette PNG (a screenshot has few colours): a fraction of the size."""
    from PIL import Image

    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def _select_first_row(page, grid) -> None:
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'shots.db'}"
        store = open_store(url)
        by_doc: dict[str, list[Figure]] = {}
        for f in FIGURES:
            by_doc.setdefault(f.document_id, []).append(f)
        store.write_batch([(Document(id=d, text=fs[0].quote, title=fs[0].title), fs) for d, fs in by_doc.items()],
                          version="screenshots")
        store.add_review(FIGURES[0].figure_id, "confirm", editor="Ann Lee", note="checked against the OCHA sitrep",
                         at="2026-01-05T09:00:00+00:00")
        store.add_review(FIGURES[2].figure_id, "confirm", editor="Ann Lee", at="2026-01-05T09:10:00+00:00")
        store.add_review(FIGURES[2].figure_id, "correct", {"value": "85,000", "low": "85000", "high": "85000"},
                         editor="Bo Chen", note="IOM DTM counts 85,000", at="2026-01-06T10:30:00+00:00")
        store.close()
        port = _free_port()
        env = dict(os.environ, DISPLACEMENT_DB=url, DISPLACEMENT_LOCAL="1", USER="ann")
        env.pop("DISPLACEMENT_EDITOR_PASSWORD", None)
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        try:
            _wait(port, proc)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=args.chromium, args=ARGS)
                page = browser.new_page(viewport={"width": 1300, "height": 3400})  # tall: the main block scrolls inside itself
                # the evidence of the household conversion (Figures tab, the Kassala row selected)
                page.goto(f"http://127.0.0.1:{port}/?view=Figures&category=camp", wait_until="domcontentloaded")
                page.get_by_text("Evidence").first.wait_for(timeout=90_000)
                main = page.locator("[data-testid='stMain']")
                grid = main.locator("[data-testid='stDataFrame']:visible").first
                _select_first_row(page, grid)
                page.get_by_text("How it was counted").first.wait_for(timeout=30_000)
                page.wait_for_timeout(800)
                top = grid.bounding_box()["y"] - 50
                bottom = page.get_by_text("How it was counted").first.bounding_box()
                page.screenshot(path=str(out / "evidence-household.png"),
                                clip={"x": 310, "y": top, "width": 980, "height": bottom["y"] + bottom["height"] + 20 - top},
                                )
                # the review panel of a corrected figure: its history and the form
                page.goto(f"http://127.0.0.1:{port}/?view=Figures&category=displaced", wait_until="domcontentloaded")
                page.get_by_text("Evidence").first.wait_for(timeout=90_000)
                page.wait_for_timeout(1500)
                grid = main.locator("[data-testid='stDataFrame']:visible").first
                _select_first_row(page, grid)
                button = main.get_by_role("button", name="Reject: not a figure")
                button.wait_for(timeout=30_000)
                page.wait_for_timeout(1000)
                head = main.get_by_text("Review ·").first.bounding_box()
                foot = button.bounding_box()
                top = head["y"] - 10
                page.screenshot(path=str(out / "review-panel.png"), full_page=True,
                                clip={"x": 310, "y": top, "width": 980, "height": foot["y"] + foot["height"] + 24 - top})
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    for name in ("evidence-household.png", "review-panel.png"):
        _small_png(out / name)
        print(f"wrote {out / name} ({(out / name).stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
