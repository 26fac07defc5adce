"""Topics: each one's share of coverage over time; one topic's terms, actors, countries, stories, articles."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import charts, panels, queries
from dashboard.charts.topics import NONE_KEY, OTHER_KEY, TOP_TOPICS
from dashboard.drill import and_entity, for_period
from dashboard.lineage import lineage_note, refit_note, topic_names
from dashboard.queries import Filters, Kind, TopicDetail, Unit
from dashboard.queries.periods import as_unit
from dashboard.state import current_filters, drill_down, engine

SCALES = {"share": "share of articles", "articles": "articles"}
STORY_COLUMNS = {
    "id": None,
    "label": st.column_config.TextColumn("story", help="The story's most central headline."),
    "first": st.column_config.DatetimeColumn("first seen", format="YYYY-MM-DD HH:mm"),
    "last": st.column_config.DatetimeColumn("last seen", format="YYYY-MM-DD HH:mm"),
    "total": st.column_config.NumberColumn("all articles", help="The story's, over all dates and outlets."),
}


def timeline(
    base: Filters,
    series: pd.DataFrame,
    topics: pd.DataFrame,
    chosen: tuple[int, ...],
    unit: Unit,
    share: bool,
) -> None:
    shown = charts.leading_topics(series, chosen)
    title = f"Topics: {SCALES['share' if share else 'articles']} per {unit}"
    fig = charts.topic_areas(series, topic_names(topics), shown, title, share)
    fig, gaps = panels.with_missing_days(fig, base)
    which = "the topics chosen in the sidebar" if chosen else f"the {TOP_TOPICS} topics with most articles"
    what = "share of the articles" if share else "articles"
    caption = (
        f"Each topic's {what} matching the filters per {unit} (the topic filter aside). In colour: {which}; "
        f"grey: other topics, and lighter, articles no topic took. {gaps}"
    ).strip()
    point = panels.first_point(panels.chart(fig, "topic_timeline", caption))
    if point and panels.custom(point, 1):
        live = {int(t) for t in topics.loc[topics["status"] == "live", "id"]}
        open_area(base, series, shown, live, [str(panels.custom(point, i)) for i in (0, 1)], unit)


def open_area(
    base: Filters, series: pd.DataFrame, shown: list[int], live: set[int], clicked: list[str], unit: Unit
) -> None:
    """Open the clicked area's articles of that period; the topic filter takes live topics only."""
    key, start = clicked
    if key == NONE_KEY:
        st.info("Articles without a topic cannot be listed by topic: the topic filter selects topics only.")
        return
    ids = {int(t) for t in series["topic"].dropna()} - set(shown) if key == OTHER_KEY else {int(key)}
    if ids - live:
        st.info(
            "Some of these articles have a topic a refit has since dropped, so they cannot be listed by it."
        )
        return
    drill_down(for_period(replace(base, topics=tuple(sorted(ids))), start, unit))


def topic_totals(series: pd.DataFrame) -> pd.DataFrame:
    """Articles per topic over all periods (the timeline's own counts), the largest first."""
    totals = series.groupby("topic", dropna=False)["articles"].sum().reset_index()
    return totals.sort_values(["articles", "topic"], ascending=[False, True]).reset_index(drop=True)


def topic_list(counts: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    st.session_state["_topic_rows"] = [None if pd.isna(t) else int(t) for t in counts["topic"]]
    total = int(counts["articles"].sum())
    table = counts.merge(catalogue, left_on="topic", right_on="id", how="left")
    table["label"] = table["label"].fillna("(no topic)")
    table["share"] = table["articles"] / total if total else 0.0
    table = table[["topic", "label", "status", "articles", "share", "size"]]
    st.caption(
        "Topics of the matching articles, with their share of them; size is the topic's articles at its "
        "last fit, over all dates. Select a row to view the topic."
    )
    panels.table(
        table,
        "topics_list",
        lambda: table,
        column_config={"share": st.column_config.NumberColumn("share", format="percent")},
        on_select=_pick_row,
        selection_mode="single-row",
    )


def _pick_row() -> None:
    rows = st.session_state["topics_list_table"].selection.rows
    if rows:
        picked = st.session_state.get("_topic_rows", [])
        if rows[0] < len(picked) and picked[rows[0]] is not None:
            st.session_state["topic"] = picked[rows[0]]


def entity_bars(scoped: Filters, kind: Kind, title: str, key: str) -> None:
    found = panels.query("top_entities", scoped, kind, 10)
    if found.empty:
        st.info(f"No {'country' if kind == 'country' else 'actor'} is named in these articles.")
        return
    fig = charts.ranked_bars(found, "articles", title, charts.PALETTE[0 if kind == "country" else 3])
    point = panels.first_point(panels.chart(fig, key, "Articles of the topic naming each one."))
    if point and panels.custom(point) is not None:
        chosen = and_entity(scoped, kind, str(panels.custom(point)))
        if chosen is None:
            st.info("Choose “all of them” in the sidebar to open the articles naming this one too.")
        else:
            drill_down(chosen)


def terms(detail: TopicDetail, scoped: Filters) -> None:
    frame = pd.DataFrame({"key": [t for t, _ in detail.terms], "weight": [w for _, w in detail.terms]})
    fig = charts.ranked_bars(frame.assign(label=frame["key"]), "weight", "Top terms of the topic")
    caption = "Weight of each word or two-word phrase in the topic (NMF over TF-IDF), the heaviest 20."
    point = panels.first_point(panels.chart(fig, "topic_terms", caption))
    if point and panels.custom(point) is not None:
        drill_down(replace(scoped, search=f'{scoped.search} "{panels.custom(point)}"'.strip()))


def topic_view(base: Filters, options: list[int], catalogue: pd.DataFrame, fits: pd.DataFrame) -> None:
    st.subheader("One topic")
    names = topic_names(catalogue)
    topic = st.selectbox("Topic", options, format_func=lambda t: names.get(t, f"topic {t}"), key="topic")
    detail = panels.query("topic_detail", int(topic)) if topic is not None else None
    if detail is None:
        return
    scoped = replace(base, topics=(detail.id,))
    count = panels.query("count_articles", scoped)
    st.text(f"{detail.label} (topic #{detail.id}): {count:,} articles match the filters")
    st.caption(lineage_note(detail, catalogue, fits))
    live = detail.status == "live"
    if st.button(f"Open its {count:,} articles", key="topic_articles", disabled=not count or not live):
        drill_down(scoped)
    if not live:
        st.caption(
            "Only live topics can be a filter, so the articles this one may still have are not listed."
        )
    left, right = st.columns(2)
    with left:
        terms(detail, scoped)
    with right:
        entity_bars(scoped, "country", "Countries named in the topic", "topic_countries")
    entity_bars(scoped, "actor", "Actors named in the topic", "topic_actors")
    stories = panels.query("story_table", scoped, 20, "articles")
    st.caption("The topic's stories, counted over its articles matching the filters (20 with most articles).")
    panels.table(
        stories,
        "topic_stories",
        lambda: queries.story_table(engine(), scoped, None, "articles"),
        column_config=STORY_COLUMNS,
    )
    reps = panels.query("representative_articles", detail.representatives)
    st.caption("Its most central articles at the last fit, the most central first (whatever the filters).")
    panels.table(
        reps,
        "topic_representatives",
        lambda: reps,
        column_config={"url": st.column_config.LinkColumn("link", display_text="open"), "id": None},
    )


filters = current_filters()
base = replace(filters, topics=())
st.title("Topics")
st.caption(
    "What the coverage is about: topics fitted on the articles' words. Topics chosen in the sidebar pick the "
    "ones shown in colour; the other filters pick the articles."
)
if not panels.query("has_topics"):
    st.info("No topics yet: run `mediamon cluster` to fit them (it needs at least 50 articles).")
else:
    catalogue = panels.query("topic_catalogue")
    fits = panels.query("topic_fit_history")
    if not fits.empty:
        st.caption(refit_note(fits))
    unit_col, scale_col = st.columns(2)
    unit = as_unit(unit_col.radio("Per", queries.UNITS, index=1, horizontal=True, key="topic_unit"))
    scale = scale_col.radio(
        "Scale", list(SCALES), format_func=SCALES.__getitem__, horizontal=True, key="topic_scale"
    )
    share = scale == "share"
    with st.spinner("Counting topics…"):
        series = panels.query("topic_series", base, unit)
    if series.empty:
        st.info(
            "No articles match these filters. Widen the date range or press “Reset filters” in the sidebar."
        )
    else:
        timeline(base, series, catalogue, filters.topics, unit, share)
        counts = topic_totals(series)
        topic_list(counts, catalogue)
        found = [int(t) for t in counts["topic"].dropna()]
        live = catalogue["status"] == "live"  # then vanished and merged ones, for their lineage
        known = [int(t) for t in (*catalogue.loc[live, "id"], *catalogue.loc[~live, "id"])]
        topic_view(base, list(dict.fromkeys([*filters.topics, *found, *known])), catalogue, fits)
