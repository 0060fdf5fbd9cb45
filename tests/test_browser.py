"""The dashboard in a real browser: `streamlit run dashboard.py` on a free port, driven by
Debian's chromium through the playwright package (never `playwright install`).

It opens a shared link with filters, checks that the three charts drew something, that the
share control and the address bar hold the same link, and that the downloaded CSV is exactly
what `displacement export` gives for those filters; it saves a screenshot at 1400x1000 to
artifacts/dashboard.png (and the whole page to artifacts/dashboard-full.png).
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from displacement import export, views
from displacement.filters import Filters
from displacement.model import Document, Figure
from displacement.store import open_store

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LINK = "/?category=trapped&country=IRQ&view=Figures"  # the Figures tab (Situations opens by default)

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(600)]


def _need_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def _chromium(errors: list[str]):
    """Debian's chromium through playwright: (context, page) at 1400x1000, downloads accepted,
    JavaScript errors of the page appended to ``errors``; closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            yield context, page
        finally:
            browser.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(port: int, proc: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"streamlit did not answer on port {port}:\n{log.read_text()[-3000:]}")


@contextmanager
def _dashboard(url: str, tmp_path: Path, **env_extra: str):
    """`streamlit run dashboard.py` on a free port, serving the store at ``url``: (address, log).
    A local run (DISPLACEMENT_LOCAL=1, as `displacement dashboard` sets it) unless ``env_extra``
    says otherwise, e.g. DISPLACEMENT_EDITOR_PASSWORD."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLACEMENT_LOCAL", "DISPLACEMENT_EDITOR_PASSWORD")}
    env.update(DISPLACEMENT_DB=url, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false", DISPLACEMENT_LOCAL="1")
    env.update(env_extra)
    log = tmp_path / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "dashboard.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        _wait_healthy(port, proc, log)
        yield f"http://127.0.0.1:{port}", log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)


def _filled_store(path):
    """(url, store): a SQLite store at ``path`` holding the AppTest figures (the same
    deterministic ones), written through Store.write_batch."""
    from test_dashboard_apptest import FIGURES

    url = f"sqlite:///{path}"
    store = open_store(url)
    by_doc: dict[str, list[Figure]] = {}
    for f in FIGURES:
        by_doc.setdefault(f.document_id, []).append(f)
    store.write_batch([(Document(id=d, text=" ".join(f.quote for f in fs), title=f"Article {d}"), fs)
                       for d, fs in by_doc.items()], version="test")
    return url, store


@pytest.fixture
def served(tmp_path):
    """A SQLite store with the AppTest figures, and `streamlit run dashboard.py` serving it."""
    _need_chromium()
    url, store = _filled_store(tmp_path / "browser.db")
    try:
        with _dashboard(url, tmp_path) as (base, log):
            yield store, base, log
    finally:
        store.close()


# JavaScript: each chart's title and how many data marks of each kind Vega drew (SVG renderer)
_CHART_MARKS = """() => [...document.querySelectorAll('.vega-embed svg')].map(svg => {
  const count = (kind) => svg.querySelectorAll(`g.role-mark.mark-${kind} > path, g.role-mark.mark-${kind} > line`).length;
  const title = svg.querySelector('g.role-title-text text');
  return {title: title ? title.textContent : '', rect: count('rect'), symbol: count('symbol'), shape: count('shape')};
})"""


def test_shared_link_charts_and_download_in_chromium(served):
    store, base, log = served
    filters = Filters.from_query_params({"category": "trapped", "country": "IRQ"})
    expected_csv = export.export_csv(store, filters)
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with _chromium(errors) as (context, page):
        page.goto(base + LINK, wait_until="domcontentloaded")

        # the filters from the link are in the sidebar, and the view says how many figures
        page.get_by_text("Showing").first.wait_for(timeout=90_000)
        page.wait_for_function(
            "document.querySelectorAll('.vega-embed canvas, .vega-embed svg').length >= 3", timeout=90_000
        )
        page.wait_for_timeout(1500)  # let Vega finish drawing
        bars, world, timeline = page.evaluate(_CHART_MARKS)
        # three trapped figures in Iraq: Mosul, Qayyarah, Fallujah
        assert bars["title"] == "Largest figure reported, by place" and bars["rect"] == 3, bars
        assert world["title"] == "Where the figures are", world
        assert world["shape"] == 177 and world["symbol"] == 3, world  # country outlines + 3 places
        assert timeline["title"] == "Figures over time" and timeline["symbol"] == 3, timeline
        main = page.locator("[data-testid='stMain']")
        assert "Showing 3 figures" in main.inner_text()
        sidebar = page.locator("[data-testid='stSidebar']").inner_text()
        assert "Trapped" in sidebar and "IRQ – Iraq" in sidebar
        # the address bar keeps the view (canonical form of the link)
        assert page.url.endswith("?category=trapped&country=IRQ&view=Figures")

        # nothing wider than the window at 1400 px
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than the window"
        page.screenshot(path=str(ARTIFACTS / "dashboard.png"))

        # the share control shows the same link
        page.get_by_role("button", name=re.compile("Share this view")).click()
        code = page.locator("[data-testid='stPopoverBody'] code, [data-testid='stPopoverBody'] pre").first
        code.wait_for(timeout=10_000)
        assert code.inner_text().strip() == base + "/?category=trapped&country=IRQ&view=Figures"
        page.keyboard.press("Escape")

        # the download is exactly the export of the same filters
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=re.compile(r"Download CSV \(3 figures\)")).click()
        download = info.value
        assert download.suggested_filename == views.download_name(filters.slug(), date.today())
        got = Path(download.path()).read_bytes()
        assert got == expected_csv
        rows = got.decode("utf-8-sig").splitlines()
        assert len(rows) == 4 and all(",trapped," in r and ",IRQ," in r for r in rows[1:])

        # the whole page, for a person to look at
        height = page.evaluate(
            "document.querySelector('[data-testid=stMain]').scrollHeight"
        )
        page.set_viewport_size({"width": 1400, "height": min(max(int(height), 1000), 4000)})
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "dashboard-full.png"))
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 20_000


# ---- situations (issue 14): the seeds plus uploaded restatements -------------------------------

RESTATEMENTS = {
    "reuters.txt": "Sudan appeal\n\nGENEVA, 1 March 2024 (Reuters) - Nearly 3.4 million people are displaced inside "
                   "Sudan, UNHCR said on Friday.\n",
    "ap.txt": "Sudan crisis deepens\n\nKHARTOUM, 2 March 2024 (AP) - Some 3.4 million people are displaced in Sudan, "
              "UNHCR said.\n",
    "afp.txt": "Aid appeal\n\nNAIROBI, 3 March 2024 (AFP) - More than three million people are displaced in Sudan, "
               "aid agencies say.\n",
}


@pytest.fixture
def served_empty(tmp_path):
    """`streamlit run dashboard.py` on an empty store: the page reads the seeds by itself."""
    _need_chromium()
    url = f"sqlite:///{tmp_path / 'situations.db'}"
    with _dashboard(url, tmp_path) as (base, log):
        yield url, base, log


def test_uploaded_restatements_are_one_report_with_a_timeline_and_a_link(served_empty, tmp_path):
    from displacement.cli import main as cli

    url, base, log = served_empty
    files = []
    for name, text in RESTATEMENTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        files.append(str(tmp_path / name))
    link = "/?category=displaced&country=SDN&situation=displaced%7CSDN%7CSudan"
    errors: list[str] = []
    with _chromium(errors) as (context, page):
        page.goto(base + "/", wait_until="domcontentloaded")
        page.get_by_text("situations from", exact=False).first.wait_for(timeout=120_000)  # seeds read
        # upload the restatements through the sidebar, as an analyst would
        page.locator("[data-testid='stSidebar'] input[type='file']").set_input_files(files)
        page.get_by_role("button", name=re.compile(r"Add 3 files to the store")).click()
        page.get_by_text(re.compile(r"3 new")).first.wait_for(timeout=120_000)

        page.goto(base + link, wait_until="domcontentloaded")
        main = page.locator("[data-testid='stMain']")
        page.get_by_text("Displaced: Sudan").first.wait_for(timeout=90_000)
        page.get_by_text(re.compile(r"3 figures from 3 sources")).first.wait_for(timeout=30_000)
        body = main.inner_text()
        assert "attributed to UNHCR" in body and "More than three million people are displaced in Sudan" in body
        page.wait_for_function("document.querySelectorAll('.vega-embed svg').length >= 1", timeout=60_000)
        page.wait_for_timeout(1500)
        marks = page.evaluate(_CHART_MARKS)
        assert any(m["symbol"] >= 1 for m in marks), marks  # the timeline's point(s)
        assert "situation=displaced%7CSDN%7CSudan" in page.url  # the address bar keeps the situation
        page.screenshot(path=str(ARTIFACTS / "situations.png"))

        # the link reopens the same situation in a new page
        again = context.new_page()
        again.goto(page.url, wait_until="domcontentloaded")
        again.get_by_text("Displaced: Sudan").first.wait_for(timeout=90_000)
        again.get_by_text(re.compile(r"3 figures from 3 sources")).first.wait_for(timeout=30_000)

        # the situation CSV is what `displacement situations` writes for the same filters
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=re.compile(r"Download situations")).click()
        got = Path(info.value.path()).read_bytes()
    out = tmp_path / "cli.csv"
    assert cli(["situations", "--db", url, "--category", "displaced", "--country", "SDN", "--out", str(out)]) == 0
    assert got == out.read_bytes()
    assert b"Sudan" in got
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]


# ---- reviews with the editor password (issue 15) ---------------------------------------------------

PASSWORD = "correct horse"


@pytest.fixture
def served_with_password(tmp_path):
    """The AppTest figures served by a hosted-style page whose editors sign in with a password."""
    _need_chromium()
    url, store = _filled_store(tmp_path / "reviews.db")
    try:
        with _dashboard(url, tmp_path, DISPLACEMENT_LOCAL="", DISPLACEMENT_EDITOR_PASSWORD=PASSWORD) as (base, log):
            yield store, base, log
    finally:
        store.close()


def _select_row(page, testid_index: int, row: int) -> None:
    """Clicks the selection box of ``row`` in the ``testid_index``-th visible dataframe (a
    canvas grid: 35 px rows under a 35 px header, the selection column at the left)."""
    grid = page.locator("[data-testid='stDataFrame']:visible").nth(testid_index)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 35 * row + 17)


def _open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(800)


def test_an_editor_signs_in_corrects_and_rejects_and_a_viewer_cannot(served_with_password, tmp_path):
    import csv
    import io

    from displacement import review_views
    from test_dashboard_apptest import FIGURES

    store, base, log = served_with_password
    queue = review_views.review_queue(store.reviewed_frame())["figure_id"].tolist()
    first, second = queue[0], queue[1]  # 3.4 million in Iraq, then up to one million in Mosul
    assert (first, second) == (FIGURES[0].figure_id, FIGURES[1].figure_id)
    errors: list[str] = []
    with _chromium(errors) as (context, page):
        page.goto(base + "/", wait_until="domcontentloaded")
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text("Editors sign in").first.wait_for(timeout=90_000)
        assert sidebar.locator("input[type='file']").count() == 0  # no upload before signing in
        sidebar.get_by_label("Your name").fill("Bo Chen")
        sidebar.get_by_label("Editor password").fill(PASSWORD)
        sidebar.get_by_role("button", name=re.compile("Sign in as editor")).click()
        sidebar.get_by_text("Editing as Bo Chen").first.wait_for(timeout=30_000)
        sidebar.locator("input[type='file']").wait_for(state="attached", timeout=30_000)  # the upload appears

        # correct the first figure of the queue
        _open_tab(page, "To review")
        page.get_by_text("unreviewed figures of this view").first.wait_for(timeout=30_000)
        _select_row(page, 0, 0)
        form = page.locator("[data-testid='stForm']:visible").first
        form.wait_for(timeout=30_000)
        form.get_by_label("Value").fill("3,500,000")
        form.get_by_label("High").fill("3500000")
        form.get_by_label("Note (optional)").fill("IOM DTM round 9")
        form.get_by_role("button", name=re.compile("Save correction")).click()
        page.get_by_text(re.compile("Corrected .Nearly 3.4 million. as Bo Chen")).first.wait_for(timeout=30_000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)

        # the queue moved up: its first row is now the Mosul figure; reject it
        page.get_by_text(f"{len(queue) - 1} unreviewed figures").first.wait_for(timeout=30_000)
        _select_row(page, 0, 0)
        form = page.locator("[data-testid='stForm']:visible").first
        form.wait_for(timeout=30_000)
        assert "up to one million" in page.locator("[data-testid='stMain']").inner_text().lower()
        form.get_by_role("button", name=re.compile("Reject")).click()
        page.get_by_text(re.compile("Rejected .up to one million. as Bo Chen")).first.wait_for(timeout=30_000)

        # the CSV of the Figures tab: the rejected figure absent, the corrected one with its columns
        _open_tab(page, "Figures")
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=re.compile(rf"Download CSV \({len(FIGURES) - 1} figures\)")).click()
        got = Path(info.value.path()).read_text(encoding="utf-8-sig")
        rows = {r["figure_id"]: r for r in csv.DictReader(io.StringIO(got))}
        assert second not in rows and len(rows) == len(FIGURES) - 1
        fixed = rows[first]
        assert (fixed["value"], fixed["high"], fixed["extracted_value"], fixed["extracted_high"]) == (
            "3500000", "3500000", "3400000", "3400000")
        assert (fixed["review_status"], fixed["reviewed_by"], fixed["review_note"]) == (
            "corrected", "Bo Chen", "IOM DTM round 9")
        assert {r["review_status"] for k, r in rows.items() if k != first} == {"unreviewed"}

        # a viewer without the password: no upload, no review control, on any tab
        viewer = context.browser.new_context(viewport={"width": 1400, "height": 1000})
        other = viewer.new_page()
        other.goto(base + "/", wait_until="domcontentloaded")
        vsidebar = other.locator("[data-testid='stSidebar']")
        vsidebar.get_by_text("Editors sign in").first.wait_for(timeout=90_000)
        _open_tab(other, "To review")
        other.get_by_text("unreviewed figures of this view").first.wait_for(timeout=30_000)
        _select_row(other, 0, 0)
        other.get_by_text("Editors sign in with their name").nth(1).wait_for(timeout=30_000)  # under the figure
        assert vsidebar.locator("input[type='file']").count() == 0
        assert other.locator("[data-testid='stForm']").count() == 0
        for label in ("Save correction", "Confirm as extracted", "Reject: not a figure", "Add"):
            assert other.get_by_role("button", name=re.compile(label)).count() == 0
        viewer.close()
    assert [r.editor for r in store.reviews()] == ["Bo Chen", "Bo Chen"]
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
