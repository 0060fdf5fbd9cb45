"""The displacement dashboard: `streamlit run dashboard.py` (or `displacement dashboard`).

Streamlit only: widgets, caching and layout. Filtering (`displacement.filters`), CSV building
(`displacement.export`), charts (`displacement.charts`) and the page's numbers and text
(`displacement.views`) are package functions with their own tests.
"""
from __future__ import annotations

import getpass
import os
import threading
from datetime import date
from pathlib import Path

import streamlit as st

from displacement import access, charts, review_views, views
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
        st.session_state["review"] = wanted.review or ""  # "" : the default, all but the rejected
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
    st.session_state["review"] = ""


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
    review = sb.selectbox("Reviews", list(review_views.REVIEW_FILTER_LABELS), key="review",
                          format_func=review_views.REVIEW_FILTER_LABELS.get,
                          help="Rejected figures leave the charts, the headline and the CSV unless chosen here.")
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
        "review": review or "",
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


def sidebar_settings(url: str, version: str, can_edit: bool) -> float | None:
    size = None
    with st.sidebar.expander("Settings"):
        if can_edit:
            size = _household_size_input()
        st.caption(f"Store: `{views.redact_url(url)}`  \nSet it with `DISPLACEMENT_DB` (environment) or a "
                   "`DISPLACEMENT_DB` secret.")
        documents, figures = store_counts(url, version)
        st.caption(f"{documents:,} articles · {figures:,} figures stored")
    return size


def _household_size_input() -> float | None:
    return st.number_input(
        "Household size for uploads",
        min_value=1.0, max_value=20.0, value=None, step=0.1, key="household_size",
        placeholder=f"per-country table, else {views.default_household_size():g}",
        help=("People per household, used when an uploaded article counts households or families. "
              "Blank: the country's size from the shipped table, else "
              f"{views.default_household_size():g}."),
    )


# ---- who may change the store (displacement/access.py) ------------------------------------------

def _secrets() -> dict:
    """The secrets access.py reads ({} without a secrets.toml)."""
    try:
        return {name: st.secrets[name] for name in ("auth", access.PASSWORD_SECRET, access.EDITORS_SECRET)
                if name in st.secrets}
    except Exception:  # noqa: BLE001 - no secrets.toml at all
        return {}


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        return ""


def editor_access() -> tuple[access.Setup, access.Access]:
    secrets = _secrets()
    how = access.setup(secrets.get("auth"), secrets, os.environ)
    user = st.user.to_dict() if how.mode == "oidc" else None
    return how, access.decide(how, user=user, signed_in_name=st.session_state.get("_editor_name"), os_user=_os_user())


def _sign_in_with_password(how: access.Setup) -> None:
    try:
        st.session_state["_editor_name"] = access.check_sign_in(
            how, st.session_state.get("editor_name"), st.session_state.get("editor_password"))
        st.session_state.pop("_sign_in_error", None)
    except ValueError as exc:
        st.session_state["_sign_in_error"] = str(exc)
    st.session_state["editor_password"] = ""  # never kept in the session


def _sign_out() -> None:
    st.session_state.pop("_editor_name", None)


def sidebar_editor(how: access.Setup, acc: access.Access) -> None:
    """Who is editing, and the sign-in or sign-out control of this page's set-up."""
    sb = st.sidebar
    sb.header("Editor")
    if how.mode == "oidc":
        if st.user.get("is_logged_in"):
            sb.caption(views.md_escape(acc.message))
            sb.button("Sign out", key="sign_out", on_click=st.logout, icon=":material/logout:")
            return
        sb.caption(acc.message)
        if sb.button("Sign in", key="sign_in", icon=":material/login:"):
            try:
                st.login(how.provider) if how.provider else st.login()
            except Exception as exc:  # noqa: BLE001 - e.g. Authlib missing: say so, keep the page
                sb.error(f"Sign-in failed: {views.md_escape(exc)}")
        return
    if how.mode == "password" and not acc.can_edit:
        sb.caption(acc.message)
        sb.text_input("Your name", key="editor_name", placeholder="recorded with your changes")
        sb.text_input("Editor password", key="editor_password", type="password")
        sb.button("Sign in as editor", key="editor_sign_in", on_click=_sign_in_with_password, args=(how,),
                  icon=":material/login:")
        if st.session_state.get("_sign_in_error"):
            sb.error(st.session_state["_sign_in_error"])
        return
    sb.caption(views.md_escape(acc.message))
    if how.mode == "password":
        sb.button("Sign out", key="editor_sign_out", on_click=_sign_out, icon=":material/logout:")


def sidebar_upload(store, household_size: float | None, editor: str) -> None:
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
                                                  added_by=editor, **views.upload_kwargs(household_size))
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


def evidence_section(frame, url: str, version: str, key: str, store, acc: access.Access) -> None:
    st.subheader("Evidence")
    rows, table = evidence_for(url, version, key, frame)
    if len(frame) > len(rows):
        st.caption(f"The {len(rows):,} most recent of {len(frame):,} figures; the CSV holds all of them.")
    event = st.dataframe(
        table, key="evidence", on_select="rerun", selection_mode="single-row", hide_index=True,
        width="stretch", height=min(40 + 35 * max(len(table), 1), 460), placeholder="",
        column_order=["Number", "Unit", "Qualifier", "Category", "Place", "Date", "Sentence", "How counted",
                      "Source", "Link", "Confidence", "Review", "Held for review"],
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
            "Review": st.column_config.TextColumn("Review", width=120, help="The latest review of the figure."),
        },
    )
    selected = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if selected and selected[0] < len(rows):
        row = rows.iloc[selected[0]]
        st.html(views.evidence_html(row))
        review_panel(row.to_dict(), store, acc, url, version, "evidence")
    else:
        st.caption("Select a row to see its sentence with the number, place and date marked"
                   + (", and to review it." if acc.can_edit else "."))


# ---- reviews (displacement/review_views.py, reviews.py) -----------------------------------------

@st.cache_data(max_entries=64, show_spinner=False)
def history_for(url: str, version: str, figure_id: str):
    """A figure's reviews, oldest first (re-matched ones included), per data version."""
    return get_store(url).reviews(figure_id)


def review_panel(row: dict, store, acc: access.Access, url: str, version: str, where: str) -> None:
    """The selected figure's review history and, for an editor, confirm / correct / reject."""
    from displacement.model import CATEGORIES
    from displacement.reviews import ReviewError

    figure_id = str(row["figure_id"])
    history = history_for(url, version, figure_id)
    st.markdown(f"**Review** · {views.md_escape(review_views.review_label(row.get('review_status'), row.get('reviewed_by')))}")
    if history:
        st.dataframe(review_views.history_table(history), hide_index=True, width="stretch", key=f"history_{where}")
        st.caption("Every review is kept; the latest decides.")
    done = st.session_state.pop(f"_reviewed_{where}", None)
    if done:
        st.success(done, icon=":material/check:")
    if not acc.can_edit:
        st.caption(views.md_escape(acc.message))
        return
    defaults = review_views.form_defaults(row)
    k = f"{where}_{figure_id}"
    with st.form(key=f"review_form_{k}", border=True):
        st.caption("Correct what the extractor got wrong (counts in people, dwellings for housing; empty: unknown); "
                   "or confirm or reject the figure as it is.")
        a, b, c = st.columns(3)
        fields = {
            "value": a.text_input("Value", defaults["value"], key=f"value_{k}"),
            "low": b.text_input("Low", defaults["low"], key=f"low_{k}"),
            "high": c.text_input("High", defaults["high"], key=f"high_{k}"),
        }
        qualifiers, categories = list(QUALIFIERS), list(CATEGORIES)
        fields["qualifier"] = a.selectbox("Qualifier", qualifiers, key=f"qualifier_{k}", format_func=views.qualifier_label,
                                          index=qualifiers.index(defaults["qualifier"]) if defaults["qualifier"] in qualifiers else 0)
        fields["category"] = b.selectbox("Category", categories, key=f"category_{k}", format_func=views.category_label,
                                         index=categories.index(defaults["category"]) if defaults["category"] in categories else 0)
        fields["date"] = c.text_input("Date (YYYY-MM-DD)", defaults["date"], key=f"date_{k}")
        fields["location"] = a.text_input("Place", defaults["location"], key=f"location_{k}")
        fields["admin1"] = b.text_input("Province / state", defaults["admin1"], key=f"admin1_{k}")
        fields["country_iso3"] = c.text_input("Country (ISO3)", defaults["country_iso3"], key=f"country_{k}")
        note = st.text_input("Note (optional)", key=f"note_{k}", placeholder="why, or the source you checked")
        x, y, z = st.columns(3)
        confirm = x.form_submit_button("Confirm as extracted", key=f"confirm_{where}", icon=":material/check:")
        correct = y.form_submit_button("Save correction", key=f"correct_{where}", type="primary", icon=":material/edit:")
        reject = z.form_submit_button("Reject: not a figure", key=f"reject_{where}", icon=":material/block:")
    action = "confirm" if confirm else "correct" if correct else "reject" if reject else None
    if action is None:
        return
    try:
        changes = (review_views.correction(row, fields, history[-1] if history else None)
                   if action == "correct" else None)
        review = store.add_review(figure_id, action, changes, editor=acc.editor, note=note)
    except ReviewError as exc:
        st.error(f"Not saved: {views.md_escape(exc)}", icon=":material/error:")
        return
    st.session_state[f"_reviewed_{where}"] = (
        f"{review.status.capitalize()} “{row.get('number_text') or ''}” as {acc.editor}"
        + (f": {review_views._changes_text(review.changes)}" if review.changes else "") + ".")
    st.rerun()


def queue_section(view, store, acc: access.Access, url: str, version: str, key: str) -> None:
    """The unreviewed figures of this view that matter most, for an editor to work through."""
    queue = queue_for(url, version, key, view)
    st.markdown(f"**{len(queue):,}** unreviewed figure{'' if len(queue) == 1 else 's'} of this view, the largest and "
                "least certain first (people × (1 − confidence)). Select one to read its evidence and review it; "
                "the next moves up.")
    if queue.empty:
        st.info("Every figure of this view has been reviewed.", icon=":material/task_alt:")
        return
    table = views.evidence_table(queue)
    event = st.dataframe(
        table, key="queue", on_select="rerun", selection_mode="single-row", hide_index=True, width="stretch",
        height=min(40 + 35 * max(len(table), 1), 420), placeholder="",
        column_order=["Number", "Unit", "Qualifier", "Category", "Place", "Date", "Confidence", "Sentence", "Source",
                      "How counted", "Held for review"],
        column_config={"Number": st.column_config.NumberColumn("Number", format="localized", width=84),
                       "Confidence": st.column_config.NumberColumn("Confidence", format="%.2f", width=84),
                       "Sentence": st.column_config.TextColumn("Sentence", width=300)},
    )
    selected = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if selected and selected[0] < len(queue):
        row = queue.iloc[selected[0]]
        st.html(views.evidence_html(row))
        review_panel(row.to_dict(), store, acc, url, version, "queue")
    elif not acc.can_edit:
        st.caption(views.md_escape(acc.message))


@st.cache_resource(max_entries=3, ttl=3600, show_spinner=False)
def queue_for(url: str, version: str, key: str, _view):
    return review_views.review_queue(_view)


def about_section(frame) -> None:
    """What the numbers mean, how confidence is set, how good this version measured, and what
    reviewers found."""
    import pandas as pd

    from displacement import quality, reviews

    st.subheader("About these numbers")
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("**Categories**")
        st.markdown("\n".join(f"- **{views.category_label(c)}**: {views.md_escape(m)}"
                               for c, m in review_views.CATEGORY_MEANINGS.items()))
        st.markdown("**Qualifiers** (how the article hedged the number)")
        st.markdown("\n".join(f"- **{views.qualifier_label(q)}**: {views.md_escape(m)}"
                               for q, m in review_views.QUALIFIER_MEANINGS.items()))
    with right:
        st.markdown("**Confidence**")
        st.markdown(views.md_escape(review_views.CONFIDENCE_TEXT))
        record = quality.load_quality()
        st.markdown("**Measured quality of this version**")
        if record:
            st.table(pd.DataFrame(quality.quality_rows(record)).set_index("Measured on"))
            st.caption(f"Extractor {views.md_escape(record.get('extractor_version'))}, measured "
                       f"{views.md_escape(record.get('measured'))} by `benchmarks/extract_quality.py`. Precision: "
                       "the share of extracted figures that are real figures; recall: the share of the real "
                       "figures found; place right: the share of found figures placed where the article says.")
        else:
            st.caption("Not measured for this version.")
        st.markdown("**Reviews**")
        shares = review_views.status_shares(reviews.status_counts(frame))
        st.markdown(views.md_escape(shares) if shares else "No figure has been reviewed yet.")


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


QUEUE_TAB, ABOUT_TAB, SOURCES_TAB = "To review", "About these numbers", "Sources"


def _add_feed(store) -> None:
    from displacement import source_views

    try:
        url = source_views.check_feed_url(st.session_state.get("new_feed_url", ""))
    except source_views.FeedAddressError as exc:
        st.session_state["_feed_message"] = ("error", str(exc))
        return
    added = store.add_feed(url)
    st.session_state["_feed_message"] = ("success", f"Following {url}: `displacement watch` polls it next."
                                         if added else f"{url} is already followed.")
    st.session_state["new_feed_url"] = ""


def sources_section(store, acc: access.Access) -> None:
    """The followed feeds with their last poll, new items and errors; an editor adds or pauses one."""
    from displacement import source_views

    feeds = store.feeds()
    st.caption("Feeds that `displacement watch` follows (RSS or Atom), with what their last poll brought. "
               "The watcher runs outside the page: `displacement watch --every 15m`.")
    if feeds.empty:
        st.info("No feed is followed yet.", icon=":material/rss_feed:")
    else:
        st.dataframe(source_views.feed_rows(feeds), hide_index=True, use_container_width=True, key="feeds_table")
    kind, message = st.session_state.pop("_feed_message", (None, None))
    if kind == "error":
        st.error(message)
    elif kind == "success":
        st.success(message)
    if not acc.can_edit:
        return
    st.text_input("Follow a feed", key="new_feed_url", placeholder="https://example.org/feed.xml")
    st.button("Follow", key="add_feed", on_click=_add_feed, args=(store,), icon=":material/add:")
    if not feeds.empty:
        chosen = st.selectbox("Feed", feeds["url"].tolist(), key="feed_to_pause")
        paused = bool(feeds.set_index("url").loc[chosen, "paused"])
        if st.button("Resume" if paused else "Pause", key="pause_feed"):
            store.set_feed_paused(chosen, not paused)
            st.rerun()


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
    how, acc = editor_access()
    sidebar_editor(how, acc)
    household_size = sidebar_settings(url, version, acc.can_edit)
    if acc.can_edit:  # readers get no upload control at all
        sidebar_upload(store, household_size, acc.editor)

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

    situations_tab, figures_tab, queue_tab, about_tab, sources_tab = st.tabs(
        [*sv.VIEWS, QUEUE_TAB, ABOUT_TAB, SOURCES_TAB], key=sv.VIEW_PARAM, bind="query-params")
    with about_tab:
        about_section(frame)
    with sources_tab:
        sources_section(store, acc)
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
        evidence_section(view, url, version, key, store, acc)  # every figure, held ones with their reason
    with queue_tab:
        queue_section(view, store, acc, url, version, key)


main()
