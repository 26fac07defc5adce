"""Topics and stories from what the demo generator knows, for stores too large to cluster on this machine.

Clustering a million articles takes hours here, yet the Topics and Stories pages must be timed at that
size. Each of the world's topic keys (a storyline or a background subject: 12 of them) becomes a topic,
and a topic's articles of one UTC day become a story: 4,706 stories in 1,000,000 articles, every article
in one (the story clusterer finds 87 stories in 10,000 demo articles, and leaves many articles alone).
The fit holds no model, so ``mediamon cluster`` would fail on such a store: for timing pages only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, select

from ingest.demo import World
from ingest.demo.render import default_base_url
from ingest.store.bulk import save_clusters_bulk
from ingest.store.schema import articles

REPRESENTATIVES = 5


@dataclass
class _Story:
    label: str
    first: datetime
    last: datetime
    articles: int = 0
    outlets: set[int] = field(default_factory=set)
    independent: int = 0


def store_truth_clusters(engine: Engine, world: World, now: datetime) -> dict[str, int]:
    """Give every stored article of the world its truth topic and story; returns the counts written."""
    key_of = {
        default_base_url(demo.outlet) + demo.path: demo.topic for demo in world.iter_articles() if demo.topic
    }
    columns = (articles.c.id, articles.c.canonical_url, articles.c.title, articles.c.published)
    more = (articles.c.source_id, articles.c.duplicate_of)
    with engine.connect() as conn:
        rows = conn.execute(select(*columns, *more).order_by(articles.c.id)).all()
    topic_ids = {key: n for n, key in enumerate(sorted(set(key_of.values())), start=1)}
    members: dict[int, list[int]] = defaultdict(list)
    found: dict[tuple[int, str], _Story] = {}
    assigned: list[tuple[int, int, int]] = []  # article, topic, story
    story_ids: dict[tuple[int, str], int] = {}
    for r in rows:
        key = key_of.get(r.canonical_url)
        if key is None or r.published is None:
            continue
        topic = topic_ids[key]
        members[topic].append(r.id)
        day = (topic, r.published.date().isoformat())
        story = found.setdefault(day, _Story(r.title, r.published, r.published))
        story.first, story.last = min(story.first, r.published), max(story.last, r.published)
        story.articles += 1
        story.outlets.add(r.source_id)
        story.independent += r.duplicate_of is None
        assigned.append((r.id, topic, story_ids.setdefault(day, len(story_ids) + 1)))
    save_clusters_bulk(
        engine,
        [_topic_row(t, key, members[t]) for key, t in topic_ids.items()],
        [_story_row(story_ids[day], s) for day, s in found.items()],
        assigned,
        now,
    )
    return {"topics": len(members), "stories": len(found), "articles": len(assigned)}


def _topic_row(topic: int, key: str, ids: list[int]) -> dict[str, object]:
    terms = json.dumps([[word, 1.0] for word in key.split("-")])
    return dict(
        id=topic,
        label=key.replace("-", " "),
        terms=terms,
        signature=terms,
        representatives=json.dumps(ids[:REPRESENTATIVES]),
        size=len(ids),
        status="live",
    )


def _story_row(story: int, s: _Story) -> dict[str, object]:
    return dict(
        id=story,
        label=s.label,
        first_seen=s.first,
        last_seen=s.last,
        articles=s.articles,
        outlets=len(s.outlets),
        independent=s.independent,
    )
