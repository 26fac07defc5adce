"""Actors: who is named with whom (communities coloured); one actor's coverage, countries and sentences."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import charts, panels, queries
from dashboard.drill import for_actor_with_country, for_entity, for_period
from dashboard.labels import country_label
from dashboard.network import communities, layout
from dashboard.queries import Filters, Level
from dashboard.queries.periods import as_unit
from dashboard.state import current_filters, drill_down, engine

LEVEL_LABELS = {"article": "in one article", "sentence": "in one sentence"}


def network(base: Filters, nodes: pd.DataFrame, level: Level) -> None:
    ids = [int(k) for k in nodes["key"]]
    edges = panels.query("actor_edges", base, ids, level)
    groups = communities(ids, edges)
    shown = nodes.rename(columns={"articles": "size"}).assign(
        community=[groups.get(int(k), 0) for k in nodes["key"]]
    )
    title = f"Actors named together {LEVEL_LABELS[level]}"
    fig = charts.network_figure(shown, edges, layout(ids, edges), title)
    caption = (
        "Node size: articles naming the actor; lines: articles naming both (thicker = more); "
        "colour: community found by Louvain modularity."
    )
    point = panels.first_point(panels.chart(fig, "actor_network", caption))
    if point and panels.custom(point) is not None:
        drill_down(for_entity(base, "actor", str(panels.custom(point))))


def profile(actor: int) -> None:
    found = panels.query("actor_profile", actor)
    if not found:
        return
    home = country_label(found["country"]) if found["country"] else "none found"
    st.text(
        f"{found['name']} — {found['kind']}; country: {home} "
        f"(confidence {found['confidence']:.2f}, from {found['basis']})"
    )


def timeline(base: Filters, actor: int) -> None:
    unit = as_unit(st.radio("Per", queries.UNITS, index=0, horizontal=True, key="actor_unit"))
    series = panels.query("entity_series", base, "actor", [actor], unit)
    fig = charts.timeline(series, "articles", f"Articles naming the actor per {unit}", "articles")
    fig, gaps = panels.with_missing_days(fig, base)
    point = panels.first_point(
        panels.chart(fig, "actor_timeline", f"Articles naming the actor per {unit}. {gaps}")
    )
    if point and panels.custom(point, 1):
        drill_down(for_period(for_entity(base, "actor", str(actor)), str(panels.custom(point, 1)), unit))


def countries(base: Filters, actor: int) -> None:
    found = panels.query("actor_countries", base, actor).head(15)
    if found.empty:
        st.info("No country is named in the articles about this actor.")
        return
    fig = charts.ranked_bars(found, "articles", "Countries named with the actor")
    caption = "Articles naming both the actor and the country (anywhere in the article)."
    point = panels.first_point(panels.chart(fig, "actor_countries", caption))
    if point and panels.custom(point) is not None:
        drill_down(for_actor_with_country(base, actor, str(panels.custom(point))))


def topics(base: Filters, actor: int) -> None:
    found = panels.query("actor_topics", base, actor)
    if found.empty:
        st.info("No topics for these articles yet: they appear once clustering has fitted them.")
        return
    frame = found.rename(columns={"id": "key"}).head(15)
    fig = charts.ranked_bars(frame, "articles", "Topics of the articles naming the actor", charts.PALETTE[3])
    point = panels.first_point(panels.chart(fig, "actor_topics", "Articles naming the actor, by topic."))
    if point and panels.custom(point) is not None:
        drill_down(replace(for_entity(base, "actor", str(actor)), topics=(int(panels.custom(point)),)))


def sentences(base: Filters, actor: int) -> None:
    found = panels.query("actor_mentions", base, actor, 100)
    st.caption(f"Sentences naming the actor, newest first ({len(found)} shown; the CSV has them all).")
    panels.table(
        found,
        "actor_sentences",
        lambda: queries.actor_mentions(engine(), base, actor, None),
        column_config={"url": st.column_config.LinkColumn("link", display_text="open"), "id": None},
    )


def actor_view(base: Filters, nodes: pd.DataFrame, chosen: tuple[int, ...]) -> None:
    st.subheader("One actor")
    names = dict(zip(nodes["key"], nodes["label"], strict=True)) | panels.query("actor_names", chosen)
    options = list(dict.fromkeys([*chosen, *(int(k) for k in nodes["key"])]))
    actor = st.selectbox("Actor", options, format_func=lambda a: names.get(a, f"actor {a}"), key="actor")
    if actor is None:
        return
    profile(int(actor))
    timeline(base, int(actor))
    left, right = st.columns(2)
    with left:
        countries(base, int(actor))
    with right:
        topics(base, int(actor))
    sentences(base, int(actor))


filters = current_filters()
base = filters.without_entities()
st.title("Actors")
st.caption(
    "People and organisations, and who is named with whom. Actors chosen in the sidebar are the ones shown; "
    "without a choice, the most mentioned. The other filters pick the articles."
)
level_col, size_col = st.columns(2)
picked = level_col.radio(
    "Named together",
    list(LEVEL_LABELS),
    format_func=LEVEL_LABELS.__getitem__,
    horizontal=True,
    key="actor_level",
)
level: Level = "sentence" if picked == "sentence" else "article"
size = size_col.slider("Actors in the network (the most mentioned)", 5, 80, 30, key="actor_size")
if not panels.query("entity_count", "actor"):
    st.info("No actors found yet: run `mediamon enrich` to find people and organisations in the articles.")
else:
    with st.spinner("Counting co-mentions…"):
        chosen = filters.actors if len(filters.actors) >= 2 else ()
        nodes = (
            panels.query("entity_totals", base, "actor", list(chosen))
            if chosen
            else panels.query("top_entities", base, "actor", size)
        )
    if nodes.empty:
        st.info("No actor is named in the articles matching these filters.")
    else:
        network(base, nodes, level)
        actor_view(base, nodes, filters.actors)
