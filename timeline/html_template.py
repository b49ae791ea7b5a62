"""The HTML export: one self-contained page (inline CSS and JS, no network).

The chronology is rendered as markup here (readable without JavaScript, printable); the
events are also embedded as JSON in ``<script type="application/json" id="timeline-data">``.
The script adds the type filter: buttons, and the URL hash (``#type=drill`` or
``#type=drill,visit``) so a filtered view can be linked to. Filtered-out events and empty
years get the ``hidden`` attribute. Every value from the database is escaped.
"""

from __future__ import annotations

import html
import json
from itertools import groupby
from typing import Any, TextIO

from timeline.export import actor_text, human_date, safe_url

PALETTE = (
    "#1f6fb4",
    "#c0392b",
    "#2e8b57",
    "#8e44ad",
    "#d35400",
    "#16a085",
    "#7f6000",
    "#c2185b",
    "#455a64",
)

CSS = """
:root { --line: #c9d1d9; --muted: #5c6770; --bg: #fff; --card: #f7f9fb; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f23;
  background: var(--bg); margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
header h1 { margin: 0 0 .2rem; font-size: 1.6rem; }
header p { margin: 0 0 1rem; color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: .4rem; margin: 0 0 1.25rem; position: sticky;
  top: 0; background: var(--bg); padding: .5rem 0; z-index: 2; border-bottom: 1px solid #eee; }
.filters button { font: inherit; font-size: .85rem; border: 1px solid var(--line);
  background: #fff; border-radius: 999px; padding: .2rem .75rem; cursor: pointer; }
.filters button .sw { display: inline-block; width: .7rem; height: .7rem; border-radius: 50%;
  background: var(--c); margin-right: .35rem; vertical-align: -.05rem; }
.filters button[aria-pressed="true"] { background: #1b1f23; color: #fff; border-color: #1b1f23; }
.legend { font-size: .8rem; color: var(--muted); margin-left: auto; align-self: center; }
.legend .dot { display: inline-block; width: .65rem; height: .65rem; border-radius: 50%;
  border: 2px solid var(--muted); background: var(--muted); vertical-align: -.05rem; }
.legend .dot.hollow { background: #fff; }
.legend .bar { display: inline-block; width: .5rem; height: 1rem; border-radius: .25rem;
  background: var(--muted); vertical-align: -.2rem; }
.year h2 { font-size: 1.25rem; margin: 1.2rem 0 .4rem; }
.year h2 small { color: var(--muted); font-weight: normal; font-size: .8rem; }
ol.events { list-style: none; margin: 0; padding: 0 0 0 1.6rem; border-left: 3px solid var(--line);
  margin-left: .5rem; }
li.event { position: relative; margin: .55rem 0; }
li.event::before { content: ""; position: absolute; left: calc(-1.6rem - 9px); top: .55rem;
  width: 15px; height: 15px; border-radius: 50%; background: var(--c); border: 2px solid var(--c); }
li.event[data-precision="month"]::before { height: 26px; top: .3rem; border-radius: 8px; }
li.event[data-precision="year"]::before { height: 40px; top: .1rem; border-radius: 8px; }
li.event[data-precision=""]::before { background: #fff; border-style: dotted; }
li.event[data-status="planned"]::before { background: #fff; }
li.event[data-status="cancelled"]::before { background: #fff; border-color: #999; }
details { background: var(--card); border: 1px solid #e3e8ee; border-left: 4px solid var(--c);
  border-radius: 6px; }
li.event[data-status="planned"] details { border: 1px dashed #c9a227;
  border-left: 4px solid var(--c); background: #fffdf3; }
li.event[data-status="cancelled"] details { opacity: .7; }
li.event[data-status="cancelled"] .summary-text { text-decoration: line-through; }
summary { list-style: none; cursor: pointer; padding: .45rem .7rem; display: grid;
  grid-template-columns: 10.5rem 1fr auto; gap: .2rem .8rem; align-items: baseline; }
summary::-webkit-details-marker { display: none; }
summary:hover { background: #eef2f6; }
.date { font-weight: 600; white-space: nowrap; }
.date .prec { display: block; font-weight: normal; font-size: .72rem; color: var(--muted);
  text-transform: uppercase; letter-spacing: .04em; }
.what { min-width: 0; }
.badge { display: inline-block; font-size: .72rem; font-weight: 600; padding: .05rem .45rem;
  border-radius: 4px; margin-right: .3rem; vertical-align: .05rem; }
.badge.type { background: var(--c); color: #fff; }
.badge.status { border: 1px dashed #b7791f; color: #8a5a00; background: #fff7e0; }
.badge.status.cancelled { border-color: #999; color: #555; background: #eee; }
.countries { font-size: .8rem; color: var(--muted); white-space: nowrap; }
.nsrc { font-size: .8rem; color: var(--muted); white-space: nowrap; }
.body { padding: .2rem .9rem .8rem 11.9rem; font-size: .9rem; }
.body dl { display: grid; grid-template-columns: auto 1fr; gap: .1rem .8rem;
  margin: .2rem 0 .6rem; }
.body dt { color: var(--muted); }
.body dd { margin: 0; }
.sources { margin: 0; padding-left: 1.1rem; }
.sources li { margin: .35rem 0; }
.sources .meta { color: var(--muted); font-size: .82rem; }
.sources blockquote { margin: .15rem 0 0; padding: .1rem .6rem; border-left: 3px solid #d0d7de;
  color: #333; }
mark { background: #fff1a8; padding: 0 .1rem; }
.empty { color: var(--muted); }
@media (max-width: 700px) {
  summary { grid-template-columns: 1fr; }
  .body { padding-left: .9rem; }
}
@media print { .filters { display: none; } details > .body { display: block; } }
"""

SCRIPT = """
(function () {
  var events = Array.prototype.slice.call(document.querySelectorAll("li.event"));
  var years = Array.prototype.slice.call(document.querySelectorAll("section.year"));
  var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-filter]"));
  var shown = document.getElementById("shown");
  function wanted() {
    var m = /(?:^|&)type=([^&]*)/.exec(location.hash.replace(/^#/, ""));
    return m && m[1] ? decodeURIComponent(m[1]).split(",") : null;
  }
  function apply() {
    var types = wanted(), n = 0;
    events.forEach(function (ev) {
      var show = !types || types.indexOf(ev.getAttribute("data-type")) >= 0;
      ev.hidden = !show;
      if (show) { n += 1; }
    });
    years.forEach(function (y) { y.hidden = !y.querySelector("li.event:not([hidden])"); });
    buttons.forEach(function (b) {
      var f = b.getAttribute("data-filter");
      b.setAttribute("aria-pressed", String(types ? types.indexOf(f) >= 0 : f === "*"));
    });
    shown.textContent = String(n);
    document.body.setAttribute("data-filter", types ? types.join(",") : "*");
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      var f = b.getAttribute("data-filter");
      location.hash = f === "*" ? "" : "type=" + encodeURIComponent(f);
    });
  });
  function reveal() {
    var m = /^#(event-\\d+)$/.exec(location.hash);
    var target = m && document.getElementById(m[1]);
    if (target) { target.querySelector("details").open = true; }
  }
  window.addEventListener("hashchange", function () { apply(); reveal(); });
  apply();
  reveal();
})();
"""


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _json_for_script(value: Any) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' can end the element or start a comment."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _sentence(sentence: str, date_text: str | None) -> str:
    """The sentence escaped, with the date expression highlighted."""
    at = sentence.find(date_text) if date_text else -1
    if at < 0 or not date_text:
        return _esc(sentence)
    end = at + len(date_text)
    return f"{_esc(sentence[:at])}<mark>{_esc(date_text)}</mark>{_esc(sentence[end:])}"


def _source(s: dict[str, Any]) -> str:
    label = _esc(s["title"] or s["document"])
    url = safe_url(s["url"])
    if url:
        label = f'<a href="{_esc(url)}" rel="noreferrer">{label}</a>'
    meta = " · ".join(_esc(x) for x in (s["publisher"], s["published"], s["document"]) if x)
    return (
        f'<li class="source">{label} <span class="meta">{meta}</span>'
        f"<blockquote>{_sentence(s['sentence'], s['date_text'])}</blockquote></li>"
    )


def _event(e: dict[str, Any], color: str, names: dict[str, str]) -> str:
    precision = (e["precision"] or "day") if e["date"] else ""
    prec_label = {"": "date unknown", "day": ""}.get(precision, f"{precision} precision")
    status = ""
    if e["status"] != "occurred":
        status = f'<span class="badge status {_esc(e["status"])}">{_esc(e["status"])}</span>'
    kind = _esc(e["type"]) + (f" · {_esc(e['subtype'])}" if e["subtype"] else "")
    countries = " · ".join(
        f'<abbr title="{_esc(names.get(c, c))}">{_esc(c)}</abbr>' for c in e["countries"]
    )
    n_docs = len({s["document"] for s in e["sources"]})
    details = [("Countries", ", ".join(_esc(names.get(c, c)) for c in e["countries"]))]
    if e["location"]:
        details.append(("Location", _esc(e["location"])))
    if e["actors"]:
        details.append(("People", "; ".join(_esc(actor_text(a)) for a in e["actors"])))
    if e["cameo"]:
        details.append(("CAMEO", _esc(e["cameo"])))
    details.append(("Event id", _esc(e["id"])))
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in details)
    sources = "".join(_source(s) for s in e["sources"]) or '<li class="empty">no sources</li>'
    return (
        f'<li class="event" id="event-{_esc(e["id"])}" data-id="{_esc(e["id"])}"'
        f' data-type="{_esc(e["type"])}" data-status="{_esc(e["status"])}"'
        f' data-precision="{_esc(precision)}" style="--c: {color}">'
        f"<details><summary>"
        f'<span class="date" title="{_esc(e["date"] or "")}">{_esc(human_date(e))}'
        f'<span class="prec">{prec_label}</span></span>'
        f'<span class="what"><span class="badge type">{kind}</span>{status}'
        f'<span class="summary-text">{_esc(e["summary"] or "")}</span></span>'
        f'<span class="side"><span class="countries">{countries}</span><br>'
        f'<span class="nsrc">{n_docs} source{"" if n_docs == 1 else "s"}</span></span>'
        f'</summary><div class="body"><dl>{dl}</dl><ol class="sources">{sources}</ol></div>'
        f"</details></li>"
    )


def _year(e: dict[str, Any]) -> str:
    return e["date"][:4] if e["date"] else "Undated"


def render_page(
    events: list[dict[str, Any]], title: str, country_names: dict[str, str], out: TextIO
) -> None:
    """Write the page for ``events`` (contract dicts in date order) to ``out``."""
    types = sorted({e["type"] for e in events})
    colors = {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(types)}
    counts = {t: sum(1 for e in events if e["type"] == t) for t in types}
    buttons = ['<button type="button" data-filter="*" aria-pressed="true">All</button>']
    buttons += [
        f'<button type="button" data-filter="{_esc(t)}" aria-pressed="false"'
        f' style="--c: {colors[t]}"><span class="sw"></span>{_esc(t)} ({counts[t]})</button>'
        for t in types
    ]
    legend = (
        '<span class="legend"><span class="dot"></span> day · <span class="bar"></span>'
        ' month or year · <span class="dot hollow"></span> planned or cancelled</span>'
    )
    out.write(
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_esc(title)}</title><style>{CSS}</style></head>\n<body><main>"
        f"<header><h1>{_esc(title)}</h1>"
        f'<p><span id="shown">{len(events)}</span> of {len(events)} events,'
        " oldest first. Click an event for its sources.</p></header>\n"
        f'<nav class="filters" aria-label="Filter by type">{"".join(buttons)}{legend}</nav>\n'
    )
    if not events:
        out.write('<p class="empty">No events match.</p>\n')
    for year, group in groupby(events, key=_year):
        items = list(group)
        out.write(
            f'<section class="year" data-year="{_esc(year)}"><h2>{_esc(year)} '
            f"<small>{len(items)} event{'' if len(items) == 1 else 's'}</small></h2>"
            '<ol class="events">'
        )
        for e in items:
            out.write(_event(e, colors[e["type"]], country_names))
            out.write("\n")
        out.write("</ol></section>\n")
    out.write(
        '<script type="application/json" id="timeline-data">'
        f"{_json_for_script(events)}</script>\n"
        f"<script>{SCRIPT}</script>\n</main></body></html>\n"
    )
