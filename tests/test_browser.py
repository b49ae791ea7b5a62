"""The HTML export in a real browser: headless Chromium runs the page's script and dumps
the resulting DOM. The page applies a type filter from the URL hash (#type=drill).

Skipped without a chromium binary, except under CI (env CI set), where it fails.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import pytest

from timeline.export import export
from timeline.query import EventFilter

pytestmark = pytest.mark.browser

EVENT_TAG = re.compile(r'<li class="event"[^>]*>')
YEAR_TAG = re.compile(r'<section class="year"[^>]*>')


def chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI (apt-get install chromium)")
        pytest.skip("no chromium binary")
    return binary


def dump_dom(binary: str, url: str, profile: str) -> str:
    done = subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def attribute(tag: str, name: str) -> str | None:
    m = re.search(rf'\s{name}(?:="([^"]*)")?[\s>]', tag)
    return None if m is None else (m.group(1) or "")


@pytest.fixture
def page_url(sample_db, tmp_path) -> str:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    with sample_db.session() as session:
        export(session, EventFilter(), "html", out)
    page = tmp_path / "timeline.html"
    page.write_text(out.getvalue(), encoding="utf-8")
    return page.as_uri()


@pytest.mark.parametrize("sample_db", ["sqlite"], indirect=True)
def test_browser_renders_every_event(page_url, tmp_path):
    dom = dump_dom(chromium(), page_url, str(tmp_path / "profile"))
    events = EVENT_TAG.findall(dom)
    assert [attribute(t, "data-id") for t in events] == ["3", "2", "1", "4", "5"]
    assert [attribute(t, "hidden") for t in events] == [None] * 5
    assert '<span id="shown">5</span>' in dom
    assert 'data-filter="*" aria-pressed="true"' in dom
    assert "<script>alert" not in dom  # the sentence's <script> stayed text


@pytest.mark.parametrize("sample_db", ["sqlite"], indirect=True)
def test_browser_type_filter_from_the_hash_hides_other_types(page_url, tmp_path):
    dom = dump_dom(chromium(), page_url + "#type=drill", str(tmp_path / "profile"))
    events = {attribute(t, "data-id"): t for t in EVENT_TAG.findall(dom)}
    assert len(events) == 5
    shown = sorted(i for i, t in events.items() if attribute(t, "hidden") is None)
    assert shown == ["2", "5"]
    assert all(attribute(events[i], "data-type") == "drill" for i in shown)
    years = {attribute(t, "data-year"): attribute(t, "hidden") for t in YEAR_TAG.findall(dom)}
    assert years == {"2023": "", "2024": None, "Undated": None}  # 2023 has no drill
    assert '<span id="shown">2</span>' in dom
    assert 'data-filter="drill" aria-pressed="true"' in dom
