"""Whole dashboard pages on an existing store: each view's script run by Streamlit's AppTest, as the server
runs it for a browser, with the query cache cleared before every run. The time is queries + figure
building + the page script + AppTest's own overhead (the Ingest health page, which reads almost nothing,
shows how much that is); the browser's drawing is not in it.

python -m benchmarks.pages URL [--reps 10] [--drop-caches]   (e.g. a store kept from ``benchmarks.scale``)

With ``--drop-caches`` (root only) the operating system's page cache is emptied before each page's first
run, so "first" is a cold start: nothing of the store in memory, as after a reboot.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import statistics
import time
from functools import cache
from pathlib import Path

from streamlit.components.v2.component_manager import BidiComponentManager

import dashboard
from benchmarks.machine import describe
from dashboard.app import PAGES

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
VIEWS = {title.lower(): f"views/{script}" for script, title, _ in PAGES}  # every page the app has


@cache
def components() -> BidiComponentManager:
    """Streamlit's registry of installed components. A server scans the installed packages for them once,
    at start; a new AppTest would scan at its first run (0.3-0.9 s here), so every run shares one."""
    found = BidiComponentManager()
    found.discover_and_register_components(start_file_watching=False)
    return found


def time_page(view: str) -> float:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()  # every run reads the store, as the first visitor after the cache expires
    app = AppTest.from_file(APP, default_timeout=600)
    app._bidi_component_manager = components()  # a private attribute (Streamlit 1.67): see components()
    started = time.perf_counter()
    app.switch_page(view).run()
    seconds = time.perf_counter() - started
    if app.exception:
        raise RuntimeError(f"{view}: {app.exception[0].message}")
    return seconds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the store's database URL")
    parser.add_argument("--reps", type=int, default=10, help="warm runs of each page")
    parser.add_argument("--drop-caches", action="store_true", help="cold first runs (needs root)")
    args = parser.parse_args(argv)
    os.environ["MEDIAMON_DATABASE_URL"] = args.url
    for module in pkgutil.walk_packages(dashboard.__path__, "dashboard."):
        if ".views" not in module.name:  # the views are scripts that AppTest runs
            importlib.import_module(module.name)  # a server has its modules loaded before any visitor
    # Loaded lazily by the brief's spike terms; scikit-learn takes seconds, once per server process.
    importlib.import_module("ingest.textfeatures")
    components()  # as a server does at start
    machine = describe()
    first_run = "cold (ms)" if args.drop_caches else "first (ms)"
    print(f"{'page':<18}{first_run:>12}{'warm p50':>10}{'warm p95':>10}")
    for name, view in VIEWS.items():
        if args.drop_caches:
            os.sync()
            Path("/proc/sys/vm/drop_caches").write_text("3\n")
        first = time_page(view)
        warm = sorted(time_page(view) for _ in range(args.reps))
        p95 = warm[min(len(warm) - 1, round(0.95 * (len(warm) - 1)))]
        print(f"{name:<18}{first * 1000:>12,.0f}{statistics.median(warm) * 1000:>10,.0f}{p95 * 1000:>10,.0f}")
    print(f"machine: {machine}")


if __name__ == "__main__":
    main()
