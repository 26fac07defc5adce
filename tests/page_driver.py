"""Driving the dashboard in tests: open a page as a shared link would, read its figures, click a point."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
PAGES = {
    "mentions": "views/mentions.py",
    "pairings": "views/pairings.py",
    "actors": "views/actors.py",
    "articles": "views/articles.py",
    "coverage": "views/overview.py",
    "topics": "views/topics.py",
    "stories": "views/stories.py",
}


def app(monkeypatch: pytest.MonkeyPatch, url: str, page: str, **params: str | list[str]) -> AppTest:
    """The app opened with a link (``params``) and then moved to ``page``, as a person would."""
    monkeypatch.setenv("MEDIAMON_DATABASE_URL", url)
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(params)
    at.run()  # the landing page (the weekly brief) first
    at.switch_page(PAGES[page]).run()
    assert not at.exception, at.exception
    return at


def figures(at: AppTest) -> dict[str, dict[str, Any]]:
    """Each plotly chart's figure by its key."""
    return {e.proto.id.rsplit("-", 1)[-1]: json.loads(e.proto.spec) for e in at.get("plotly_chart")}


def select_point(at: AppTest, key: str, point: dict[str, Any]) -> AppTest:
    """Rerun as if the user clicked ``point`` on the chart ``key`` (AppTest has no plotly clicks)."""
    (element,) = [e for e in at.get("plotly_chart") if e.proto.id.endswith(f"-{key}")]
    tree, collect = at._tree, at._tree.get_widget_states

    def with_click() -> WidgetStates:
        states = collect()
        state = states.widgets.add()
        state.id = element.proto.id
        state.string_value = json.dumps(
            {"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}}
        )
        return states

    tree.get_widget_states = with_click  # type: ignore[method-assign]
    return at.run()


def values(data: Any) -> list[Any]:
    """A figure's array, whether plain JSON or plotly's typed-array encoding ({"dtype", "bdata"})."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"])).tolist()
    return list(data)
