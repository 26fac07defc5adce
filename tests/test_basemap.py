"""The world map's outline: downloaded once at install, pinned by hash, never fetched by the browser."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from dashboard import basemap

OUTLINE = b'{"type": "Topology", "objects": {}}'


def _tarball(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _served(httpserver: HTTPServer, body: bytes) -> str:
    httpserver.expect_request("/sane.tgz").respond_with_data(body, content_type="application/octet-stream")
    return httpserver.url_for("/sane.tgz")


def test_the_pinned_outline_is_written_where_the_dashboard_serves_it(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    body = _tarball({basemap.MEMBER: OUTLINE, "package/README.md": b"readme"})
    url = _served(httpserver, body)
    assert not basemap.installed(tmp_path)
    written = basemap.install(url, hashlib.sha256(body).hexdigest(), tmp_path)
    assert written == tmp_path / "world_110m.json" and written.read_bytes() == OUTLINE
    assert basemap.installed(tmp_path) and [p.name for p in tmp_path.iterdir()] == ["world_110m.json"]


@pytest.mark.parametrize(
    ("members", "right_hash", "error"),
    [
        ({basemap.MEMBER: OUTLINE}, False, "has sha256"),
        ({"package/dist/usa_110m.json": OUTLINE}, True, "holds no"),
    ],
    ids=["changed upstream", "no outline in it"],
)
def test_a_tarball_that_is_not_the_pinned_one_writes_nothing(
    httpserver: HTTPServer, tmp_path: Path, members: dict[str, bytes], right_hash: bool, error: str
) -> None:
    body = _tarball(members)
    pinned = hashlib.sha256(body if right_hash else b"the pinned release").hexdigest()
    with pytest.raises(ValueError, match=error):
        basemap.install(_served(httpserver, body), pinned, tmp_path)
    assert not basemap.installed(tmp_path)


def test_an_oversized_download_is_refused(httpserver: HTTPServer, tmp_path: Path) -> None:
    url = _served(httpserver, b"x" * (basemap.MAX_BYTES + 1))
    with pytest.raises(ValueError, match="larger than"):
        basemap.install(url, basemap.SHA256, tmp_path)
    assert not basemap.installed(tmp_path)
