"""The displacement dashboard: `streamlit run dashboard.py` (or `displacement dashboard`).

Streamlit only: widgets, caching and layout. Filtering (`displacement.filters`), CSV building
(`displacement.export`), charts (`displacement.charts`) and the page's numbers and text
(`displacement.views`) are package functions with their own tests.
"""
from __future__ import annotations

import os
import threading
from datetime import date
from pathlib import Path

import streamlit as st

from displacement import charts, views
from displacement.filters import DATE_MAX, DATE_MIN, LIST_PARAMS, Filters, apply, options
from displacement.model import QUALIFIERS

HERE = Path(__file__).resolve().parent
SEEDS = HERE / "seeds"
UPLOAD_TYPES = ["txt", "html", "htm", "jsonl", "csv"]

st.set_page_config(
    page_title="Displacement figures",
    page_icon=":material/groups:",
    layout="wide",
    initial_sidebar_state="expanded",
)
st.html(
    "<style>[data-testid='stMainBlockContainer']{padding-top:2.2rem;padding-left:2.2rem;"
    "padding-right:2.2rem}</style>"
)


# ---- store and data (cached by the store's data version) ------------------------------------

def store_url() -> str:
    """$DISPLACEMENT_DB, else the DISPLACEMENT_DB Streamlit secret, else the store's default."""
    env = os.environ.get("DISPLACEMENT_DB")
    if env:
        return env
    try:
        secret = st.secrets.get("DISPLACEMENT_DB")
    except Exception:  # no secrets.toml at all
        secret = None
    if secret:
        return str(secret)
    from displacement import store

    return store.default_url()


@st.cache_resource(show_spinner=False)
def get_store(url: str):
    from displacement import store

    return store.open_store(url)


@st.cache_resource(show_spinner=False)
def seed_lock(url: str) -> threading.Lock:
    return threading.Lock()


@st.cache_resource(max_entries=2, show_spinner="Loading figures…")
def load_frame(url: str, version: str):
    """The whole figures table with the latest review of each figure applied (rejected ones
    included: ``apply`` leaves them out unless the link's ``review`` asks for them), shared (not
    copied) by every session until the data changes."""
    return get_store(url).reviewed_frame()


@st.cache_resource(max_entries=2, show_spinner=False)
def load_options(url: str, version: str) -> dict:
    frame = load_frame(url, version)
    cols = {"category": "category", "term": "term", "country": "country_iso3", "location": "location",
            "source": "source"}
    out = {name: options(frame, col) for name, col in cols.items()}
    out["country_names"] = views.country_names(frame)
    return out


# Small caches: a filtered frame can be most of a million-row table (a filter that keeps every
# row returns the loaded frame itself, not a copy). Filtering takes tens of milliseconds, so only
# the current view and the previous ones are kept.
@st.cache_resource(max_entries=3, ttl=3600, show_spinner=False)
def filtered_frame(url: str, version: str, key: str, _filters: Filters):
    """The filtered rows for one filter set (``key`` is its query string); read-only."""
    return apply(load_frame(url, version), _filters)


@st.cache_data(max_entries=16, show_spinner=False)
def headline_for(url: str, version: str, key: str, _filters: Filters) -> views.Headline:
    return views.headline(shown_frame(url, version, key, _filters))


# cache_resource, not cache_data: the bytes are immutable and shared as they are, where
# cache_data would pickle and copy up to tens of megabytes on every rerun that shows the button
@st.cache_resource(max_entries=4, ttl=3600, show_spinner="Preparing the CSV…")
def csv_for(url: str, version: str, key: str, hxl: bool, _filters: Filters) -> bytes:
    from displacement import export

    return export.to_csv_bytes(filtered_frame(url, version, key, _filters), hxl=hxl)


@st.cache_data(max_entries=16, show_spinner=False)
def options_for(url: str, version: str, name: str, key: str, _filters: Filters) -> list[str]:
    """A list filter's options under the other chosen filters (``filters.NARROWED_BY``)."""
    from displacement.filters import options_given

    return options_given(load_frame(url, version), _filters, name)


@st.cache_resource(max_entries=3, ttl=3600, show_spinner=False)
def held_for(url: str, version: str, key: str, _filters: Filters):
    """Why each figure of the view is held back for review ("" when it is not)."""
    from displacement import evidence

    return evidence.held_for_review(filtered_frame(url, version, key, _filters))


@st.cache_resource(max_entries=3, ttl=3600, show_spinner=False)
def shown_frame(url: str, version: str, key: str, _filters: Filters):
    """The figures the charts and headline use: the view without those held for review."""
    from displacement import evidence

    return evidence.chartable(filtered_frame(url, version, key, _filters), held_for(url, version, key, _filters))


@st.cache_resource(max_entries=3, ttl=3600, show_spinner="Grouping restatements into reports…")
def reports_for(url: str, version: str, key: str, _filters: Filters):
    """(report of each figure, reports table) of one filtered view (issue 14)."""
    from displacement import situations

    return situations.group(filtered_frame(url, version, key, _filters))


@st.cache_resource(max_entries=3, ttl=3600, show_spinner=False)
def situations_for(url: str, version: str, key: str, _filters: Filters):
    from displacement import situations

    return situations.situations_table(reports_for(url, version, key, _filters)[1])


@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False)
def situation_csv_for(url: str, version: str, key: str, _filters: Filters) -> bytes:
    from displacement import export

    return export.situations_csv_bytes(situations_for(url, version, key, _filters), hxl=True)


@st.cache_resource(show_spinner=False)
def seed_attempts(url: str) -> dict:
    """Per store, whether this server process already tried the seeds (a failure is shown once
    per session, not retried on every rerun)."""
    return {}


def seed_if_empty(store, url: str) -> None:
    """A fresh clone has an empty store: read the bundled seed articles into it, once."""
    attempts = seed_attempts(url)
    if "error" in attempts:
        st.error(views.md_escape(attempts["error"]), icon=":material/error:")
        return
    if attempts.get("done") or not SEEDS.is_dir():
        return
    if store.count_documents() > 0:  # asked once per server process, not on every rerun
        attempts["done"] = True
        return
    with seed_lock(url):
        if store.count_documents() > 0:
            attempts["done"] = True
            return
        from displacement import pipeline

        try:
            with st.spinner("First run: reading the bundled seed articles into the store…", show_time=True):
                summary = pipeline.ingest_paths([str(SEEDS)], store)
        except Exception as exc:  # noqa: BLE001 - the page must still open on what is stored
            attempts["error"] = f"Could not read the seed articles into the store: {type(exc).__name__}: {exc}"
            st.error(views.md_escape(attempts["error"]), icon=":material/error:")
            return
        attempts["done"] = True
        st.toast(f"Read {summary.read} seed articles: {summary.figures_stored:,} "
                 f"figure{'s' if summary.figures_stored != 1 else ''} stored.")
        if summary.failed:
            st.warning(
                f"{len(summary.failed)} of {summary.read} seed articles could not be read into the store:  \n"
                + "  \n".join(f"**{views.md_escape(f.name)}**: {views.md_escape(f.reason)}" for f in summary.failed),
                icon=":material/warning:",
            )


# ---- filters bound to the URL -----------------------------------------------------------------
# The page URL is the view: on a session's first run the widgets are set from the link's query
# parameters (read by ``Filters``, like the CLI), and every run writes the current filters back
# with ``Filters.to_query_params()``. (``bind="query-params"`` was not used: it matches URL
# values against the widgets' display labels, so ``?country=IRQ`` would have to read
# ``?country=IRQ – Iraq``.)

def init_from_link() -> dict[str, list[str]]:
    """Sets the filter widgets from the link, once per session. Returns the values the link asked
    for, which stay selectable even where the data has none (so the view says "no figures")."""
    if "_link_requested" not in st.session_state:
        wanted, problems = views.filters_from_link(st.query_params)
        for name in LIST_PARAMS:
            st.session_state[name] = list(getattr(wanted, name))
        st.session_state["since"] = date.fromisoformat(wanted.since) if wanted.since else None
        st.session_state["until"] = date.fromisoformat(wanted.until) if wanted.until else None
        st.session_state["q"] = wanted.q
        st.session_state["min_confidence"] = float(wanted.min_confidence)
        st.session_state["review"] = wanted.review  # no widget yet: kept as the link gave it
        st.session_state["_link_problems"] = problems
        st.session_state["_link_requested"] = {name: list(getattr(wanted, name)) for name in LIST_PARAMS}
    return st.session_state["_link_requested"]


def write_link(filters: Filters) -> None:
    """Keeps the address bar equal to the view (other parameters, e.g. ``embed``, are kept)."""
    want = {k: (v if isinstance(v, list) else [str(v)]) for k, v in filters.to_query_params().items()}
    for name in views.FILTER_PARAMS:
        have = st.query_params.get_all(name)
        if name in want and have != want[name]:
            st.query_params[name] = want[name]
        elif name not in want and have:
            del st.query_params[name]


def clear_filters() -> None:
    for name in LIST_PARAMS:
        st.session_state[name] = []
    st.session_state["since"] = None
    st.session_state["until"] = None
    st.session_state["q"] = ""
    st.session_state["min_confidence"] = 0.0
    st.session_state["review"] = None


def set_hide_vague() -> None:
    if st.session_state.get("hide_vague"):
        st.session_state["qualifier"] = [q for q in QUALIFIERS if q != "vague"]
    else:
        st.session_state["qualifier"] = []


def sidebar_filters(opts: dict, requested: dict[str, list[str]], url: str, version: str) -> Filters:
    sb = st.sidebar
    sb.header("Filters")

    def choices(name: str) -> list[str]:
        current = st.session_state.get(name) or []
        return views.options_with(list(requested.get(name, [])) + list(current), opts.get(name, []))

    names = opts.get("country_names", {})
    q = sb.text_input("Search the sentences", key="q", placeholder="e.g. trapped, camp, Mosul",
                      help="Case-insensitive text that the sentence must contain.")
    category = sb.multiselect("Category", choices("category"), key="category",
                              format_func=views.category_label, placeholder="All categories")
    country = sb.multiselect("Country", choices("country"), key="country",
                             format_func=lambda c: f"{c} – {names[c]}" if c in names else c,
                             placeholder="All countries", help="ISO 3166 alpha-3 codes, as in the CSV.")
    narrowing = Filters.from_query_params({k: st.session_state.get(k) or [] for k in ("category", "term", "country")}
                                          | {k: st.session_state[k].isoformat() for k in ("since", "until")
                                             if st.session_state.get(k)})
    opts = {**opts, "location": options_for(url, version, "location", views.query_string(narrowing.to_query_params()),
                                            narrowing)}
    location = sb.multiselect("Place", choices("location"), key="location", placeholder="All places",
                              help="Places with a figure in the chosen categories, countries and dates.")
    since = sb.date_input("From (reference date)", min_value=DATE_MIN, max_value=DATE_MAX, key="since",
                          format="YYYY-MM-DD", help="The date each figure refers to, inclusive.")
    until = sb.date_input("To (reference date)", min_value=DATE_MIN, max_value=DATE_MAX, key="until",
                          format="YYYY-MM-DD")
    more = any(st.session_state.get(k) for k in ("term", "source", "qualifier", "min_confidence"))
    with sb.expander("More filters", expanded=more):
        term = st.multiselect("Term", choices("term"), key="term", format_func=lambda t: t.replace("_", " "),
                              placeholder="All terms", help="What the number counts, finer than the category.")
        source = st.multiselect("Source", choices("source"), key="source", placeholder="All sources")
        qualifier = st.multiselect("Qualifier", list(QUALIFIERS), key="qualifier",
                                   format_func=views.qualifier_label, placeholder="All qualifiers")
        st.session_state["hide_vague"] = bool(qualifier) and "vague" not in qualifier
        st.checkbox("Hide vague figures (\"thousands\", \"hundreds\")", key="hide_vague", on_change=set_hide_vague)
        min_conf = st.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="min_confidence",
                             help="Higher when the number, the term and the place sit close together.")
    params: dict[str, object] = {
        "category": category, "term": term, "country": country, "location": location, "source": source,
        "qualifier": qualifier, "q": (q or "").strip(),
        "since": since.isoformat() if since else "", "until": until.isoformat() if until else "",
        "review": st.session_state.get("review") or "",
    }
    if min_conf:
        params["min_confidence"] = f"{min_conf:g}"
    filters = Filters.from_query_params({k: v for k, v in params.items() if v not in ("", [], None)})
    if not filters.is_empty():
        sb.button("Clear all filters", on_click=clear_filters, icon=":material/filter_alt_off:")
    write_link(filters)
    return filters


@st.cache_data(max_entries=4, show_spinner=False)
def store_counts(url: str, version: str) -> tuple[int, int]:
    store = get_store(url)
    return store.count_documents(), store.count_figures()


def sidebar_settings(url: str, version: str) -> float | None:
    with st.sidebar.expander("Settings"):
        size = st.number_input(
            "Household size for uploads",
            min_value=1.0, max_value=20.0, value=None, step=0.1, key="household_size",
            placeholder=f"per-country table, else {views.default_household_size():g}",
            help=("People per household, used when an uploaded article counts households or families. "
                  "Blank: the country's size from the shipped table, else "
                  f"{views.default_household_size():g}."),
        )
        st.caption(f"Store: `{views.redact_url(url)}`  \nSet it with `DISPLACEMENT_DB` (environment) or a "
                   "`DISPLACEMENT_DB` secret.")
        documents, figures = store_counts(url, version)
        st.caption(f"{documents:,} articles · {figures:,} figures stored")
    return size


def sidebar_upload(store, household_size: float | None) -> None:
    sb = st.sidebar
    sb.header("Add articles")
    n = st.session_state.setdefault("_upload_round", 0)
    files = sb.file_uploader(
        "Articles (.txt, .html, .jsonl, .csv)", type=UPLOAD_TYPES, accept_multiple_files=True,
        key=f"uploads_{n}", help="A .jsonl or .csv feed holds one article per row (a `text` column, "
        "optionally title, published, url, source).",
    )
    if files and sb.button(f"Add {len(files)} file{'s' if len(files) != 1 else ''} to the store",
                           type="primary", key="ingest_uploads", icon=":material/upload:"):
        from displacement import pipeline

        with st.spinner("Reading and extracting…"):
            try:
                summary = pipeline.ingest_uploads([(f.name, f.getvalue()) for f in files], store,
                                                  **views.upload_kwargs(household_size))
                report = views.upload_report(summary)
            except Exception as exc:  # noqa: BLE001 - the page says what went wrong, never a traceback
                report = views.upload_error_report(exc)
        st.session_state["_upload_report"] = report
        st.session_state["_upload_round"] = n + 1  # a fresh, empty uploader
        st.rerun()
    report = st.session_state.get("_upload_report")
    if report:
        (sb.success if report["ok"] else sb.warning)(report["summary"])
        for name, reason in report["failures"]:
            sb.error(f"**{views.md_escape(name)}**: {views.md_escape(reason)}")
        for name, note in report.get("notes", ()):
            sb.info(f"**{views.md_escape(name)}**: {views.md_escape(note)}")


# ---- the page --------------------------------------------------------------------------------

def headline_section(head: views.Headline) -> None:
    st.html(views.headline_html(head, charts.CATEGORY_COLORS))


def toolbar(filters: Filters, n_rows: int, url: str, version: str, key: str) -> None:
    params = filters.to_query_params()
    left, share, hxl_col, down = st.columns([4.2, 1.7, 1.2, 2.4], vertical_alignment="center")
    left.markdown(f"Showing **{n_rows:,}** figure{'' if n_rows == 1 else 's'} · "
                  f"{views.md_escape(views.filter_summary(params))}")
    with share.popover("Share this view", icon=":material/link:", width="stretch"):
        link = views.share_link(st.context.url, {**params, **_extra_params()})
        st.markdown("This link reopens the dashboard with the same filters:")
        st.code(link, language=None, wrap_lines=True)
        st.caption("The address bar always holds the same link.")
    hxl = hxl_col.toggle("HXL row", key="hxl", help="Add the HXL hashtag row under the CSV header, for HDX tools.")
    name = views.download_name(filters.slug(), date.today(), hxl)
    if n_rows <= views.DIRECT_DOWNLOAD_MAX_ROWS:
        data = csv_for(url, version, key, hxl, filters)
    else:  # a big CSV is built on click, not on every rerun
        data = lambda: csv_for(url, version, key, hxl, filters)  # noqa: E731
    down.download_button(
        f"Download CSV ({views.plural(n_rows, 'figure')})", data=data, file_name=name, mime="text/csv",
        on_click="ignore", icon=":material/download:", type="primary", key="download_csv",
        disabled=n_rows == 0, width="stretch",
        help="Exactly the figures shown, all columns, as `displacement export` writes them.",
    )


@st.cache_resource(max_entries=18, ttl=3600, show_spinner=False)
def chart_for(kind: str, url: str, version: str, key: str, _frame):
    """A chart of one filtered view, built once (selecting a table row reruns the page)."""
    if kind == "location":
        return charts.by_location(_frame)
    if kind == "map":
        return charts.places_map(_frame)
    return charts.over_time(_frame, color_by=kind.removeprefix("time-"))


@st.cache_resource(max_entries=6, ttl=3600, show_spinner=False)
def evidence_for(url: str, version: str, key: str, _frame):
    rows = views.evidence_rows(_frame)
    return rows, views.evidence_table(rows)


def charts_section(frame, url: str, version: str, key: str) -> None:
    left, right = st.columns(2, gap="medium")
    with left:
        st.altair_chart(chart_for("location", url, version, key, frame), width="stretch")
    with right:
        st.altair_chart(chart_for("map", url, version, key, frame), width="stretch")
    if "color_by" not in st.session_state:  # once per session, from the link
        st.session_state["color_by"] = views.color_from_link(st.query_params.get(views.COLOR_PARAM))
    colour = st.segmented_control("Colour the time chart by", list(views.COLOR_CHOICES), key="color_by") or "Category"
    if views.color_params(colour):
        st.query_params[views.COLOR_PARAM] = views.color_params(colour)[views.COLOR_PARAM]
    elif views.COLOR_PARAM in st.query_params:
        del st.query_params[views.COLOR_PARAM]
    st.altair_chart(chart_for(f"time-{colour.lower()}", url, version, key, frame), width="stretch")


def evidence_section(frame, url: str, version: str, key: str) -> None:
    st.subheader("Evidence")
    rows, table = evidence_for(url, version, key, frame)
    if len(frame) > len(rows):
        st.caption(f"The {len(rows):,} most recent of {len(frame):,} figures; the CSV holds all of them.")
    event = st.dataframe(
        table, key="evidence", on_select="rerun", selection_mode="single-row", hide_index=True,
        width="stretch", height=min(40 + 35 * max(len(table), 1), 460), placeholder="",
        column_order=["Number", "Unit", "Qualifier", "Category", "Place", "Date", "Sentence", "How counted",
                      "Source", "Link", "Confidence", "Held for review"],
        column_config={
            "Number": st.column_config.NumberColumn(
                "Number", format="localized", width=84,
                help="Best estimate (the lower bound for a vague figure), in the unit beside it."),
            "Unit": st.column_config.TextColumn("Unit", width=70,
                                                help="People; housing is counted in dwellings, never in people."),
            "How counted": st.column_config.TextColumn(
                "How counted", width=200, help="A household conversion and its source, or a vague amount's bound."),
            "Held for review": st.column_config.TextColumn(
                "Held for review", width=160, help="Why the figure is left out of the charts and headline."),
            "Qualifier": st.column_config.TextColumn("Qualifier", width=72),
            "Category": st.column_config.TextColumn("Category", width=100),
            "Place": st.column_config.TextColumn("Place", width=124),
            "Date": st.column_config.TextColumn("Date", width=84, help="Reference date, at its reported precision."),
            "Sentence": st.column_config.TextColumn("Sentence", width=268),
            "Source": st.column_config.TextColumn("Source", width=160, help="Publisher or site, title, date."),
            "Link": st.column_config.LinkColumn("Link", display_text="open ↗", width=58),
            "Confidence": st.column_config.NumberColumn("Confidence", format="%.2f", width=84,
                                                        help="0–1: how close the number, term and place sit."),
        },
    )
    selected = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if selected and selected[0] < len(rows):
        st.html(views.evidence_html(rows.iloc[selected[0]]))
    else:
        st.caption("Select a row to see its sentence with the number, place and date marked.")


def situation_section(view, filters: Filters, url: str, version: str, key: str, names: dict) -> None:
    """Per place and category, the current estimate from the reports that restate each other;
    choosing a row opens its timeline and its reports with every article and sentence."""
    from displacement import situation_views as sv
    from displacement import situations

    if len(view) > sv.GROUP_ON_OPEN_MAX and not st.session_state.get(f"_group_{key}"):
        st.info(f"This view holds {len(view):,} figures: grouping them into reports takes a while "
                f"(about a second per 100,000). Narrow it with a category, country or dates in the sidebar, "
                "or group it now.", icon=":material/hourglass:")
        if st.button("Group this view into situations", key="group_now", icon=":material/merge:"):
            st.session_state[f"_group_{key}"] = True
            st.rerun()
        return
    ids, reports = reports_for(url, version, key, filters)
    table = situations_for(url, version, key, filters)
    left, share, down = st.columns([5.4, 1.7, 2.4], vertical_alignment="center")
    left.markdown(f"**{len(table):,}** situation{'' if len(table) == 1 else 's'} from **{len(reports):,}** "
                  f"report{'' if len(reports) == 1 else 's'} of **{len(view):,}** figure{'' if len(view) == 1 else 's'} · "
                  "restatements counted once, never added up")
    with share.popover("Share this view", icon=":material/link:", width="stretch"):
        link = views.share_link(st.context.url, {**filters.to_query_params(), **_extra_params()})
        st.markdown(f"[This link]({link}) reopens this tab with the same filters and situation:")
        st.text_area("Link", link, key="situation_link", label_visibility="collapsed", disabled=True, height=90)
    down.download_button(
        f"Download situations ({len(table):,})", data=situation_csv_for(url, version, key, filters),
        file_name=views.download_name("situations-" + filters.slug(), date.today(), True), mime="text/csv",
        on_click="ignore", icon=":material/download:", key="download_situations", disabled=table.empty,
        width="stretch", help="This table with an HXL row, as `displacement situations` writes it.")
    if table.empty:
        st.info("No stock figure in this view: situations are built from figures of people in a situation "
                "(displaced, in camps, trapped...). Flows are in the Figures tab.", icon=":material/info:")
    rows = sv.situation_rows(table, names)
    event = st.dataframe(
        rows.drop(columns="key"), key="situations", on_select="rerun", selection_mode="single-row",
        hide_index=True, width="stretch", height=min(40 + 35 * max(len(rows), 1), 420), placeholder="–",
        column_config={
            "Estimate": st.column_config.NumberColumn("Estimate", format="localized",
                                                      help="The best-sourced report of the latest date."),
            "Trend": st.column_config.LineChartColumn("Trend", help="The estimates over time, oldest first."),
            "Sources": st.column_config.NumberColumn("Sources", help="Publishers behind the current estimate."),
            "Conflict": st.column_config.TextColumn(
                "Conflict", help="Other reports of the same date disagree: their range (never averaged)."),
        },
    )
    selected = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if selected and selected[0] < len(rows):
        st.query_params[sv.SITUATION_PARAM] = rows["key"].iloc[selected[0]]
    chosen = sv.parse_situation_key(st.query_params.get(sv.SITUATION_PARAM))
    if chosen is None:
        st.caption("Select a row to see its timeline and every report behind it.")
        return
    title = sv.situation_title(chosen, names)
    chosen_reports = sv.situation_reports(reports, chosen)
    st.altair_chart(sv.timeline_chart(situations.estimates(chosen_reports), title), width="stretch")
    above = sv.parents_text(sv.parents(table, chosen))
    if above:
        st.caption(views.md_escape(above))
    for line in sv.running_total_text(situations.running_totals(chosen_reports)):
        st.markdown("**Running total** (people who fled, counted from a stated start; reprints grouped, "
                    f"never added): {views.md_escape(line)}")
    if chosen_reports.empty:
        st.caption("No report of this situation in the current view.")
    for report in chosen_reports.head(sv.REPORTS_SHOWN).to_dict(orient="records"):
        figures = sv.report_figures(view, ids, report["report_id"])
        st.html(sv.report_html(report, figures))
    if len(chosen_reports) > sv.REPORTS_SHOWN:
        st.caption(f"The {sv.REPORTS_SHOWN} most recent of {len(chosen_reports):,} reports.")


def _extra_params() -> dict:
    """The link parameters of the view beyond the filters (the tab, the situation opened)."""
    from displacement import situation_views as sv

    return {name: st.query_params.get(name) for name in (sv.VIEW_PARAM, sv.SITUATION_PARAM, views.COLOR_PARAM)
            if st.query_params.get(name)}


def main() -> None:
    url = store_url()
    try:
        store = get_store(url)
    except Exception as exc:  # a bad URL or an unreachable database: say which, stop
        st.error(f"Cannot open the store `{views.redact_url(url)}`: {views.md_escape(exc)}")
        st.stop()
    seed_if_empty(store, url)
    version = store.data_version()
    frame = load_frame(url, version)
    opts = load_options(url, version)

    requested = init_from_link()
    filters = sidebar_filters(opts, requested, url, version)
    household_size = sidebar_settings(url, version)
    sidebar_upload(store, household_size)

    st.title("Displacement figures from the news")
    st.caption("Every figure of displaced, trapped and sheltering people found in the stored articles, with the "
               "sentence that reports it. Figures are as reported: restatements are never added up.")
    for problem in st.session_state.pop("_link_problems", []):  # said once, on opening the link
        st.warning(f"Part of the link was not understood and is ignored: {views.md_escape(problem)}")
    if filters.since and filters.until and filters.since > filters.until:
        st.warning("The “From” date is after the “To” date: no figure can match.")

    key = views.query_string(filters.to_query_params())
    view = filtered_frame(url, version, key, filters)
    from displacement import situation_views as sv

    situations_tab, figures_tab = st.tabs(list(sv.VIEWS), key=sv.VIEW_PARAM, bind="query-params")
    if frame.empty:
        st.info("The store holds no figures yet. Add articles in the sidebar (.txt, .html, .jsonl or .csv), "
                "or run `displacement ingest PATH`.", icon=":material/inbox:")
        return
    if view.empty:
        st.warning(f"No figures match these filters ({views.md_escape(views.filter_summary(filters.to_query_params()))}). "
                   "Widen the date range, remove a filter, or clear them all in the sidebar.",
                   icon=":material/filter_alt_off:")
        with figures_tab:
            toolbar(filters, len(view), url, version, key)
        return
    with situations_tab:
        situation_section(view, filters, url, version, key, opts.get("country_names", {}))
    with figures_tab:
        toolbar(filters, len(view), url, version, key)
        headline_section(headline_for(url, version, key, filters))
        charts_section(shown_frame(url, version, key, filters), url, version, key)
        evidence_section(view, url, version, key)  # every figure, those held for review with their reason


main()
