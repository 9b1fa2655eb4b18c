"""The portfolio's Markdown pages: the engagements (status, versions with their dates and links, open feedback,
the benchmark set each was built against) and the comparison across engagements (a chart and a table per headline
index, the sector × size band cells under k pooled). Every piece of case text passes through the report's escaping
(pages/base/markdown.py); links to the versions are relative (../<case-id>/<version>/), so the portfolio works at
any prefix of the hosting root."""

from __future__ import annotations

from ..pages.base import charts
from ..pages.base import format as fmt
from ..pages.base import markdown as md
from .collect import HEADLINES, Engagement
from .compare import Cell, Distribution, cells, distributions
from .reference import short

COUNT_METRICS = {"high_risks"}
SIGNED = {"smi_r"}


def _link(e: Engagement, v) -> str:
    """A raw-HTML link: the version lives outside the portfolio's docs, where Markdown link checking cannot see."""
    href = f"../{e.id}/{v.name}/index.html"
    return f'<a href="{md.prose(href)}">{md.prose(v.title)}</a> ({md.prose(v.date)})'


def _feedback(e: Engagement) -> str:
    if not e.open_feedback:
        return "none"
    ids = ", ".join(md.inline(f.get("id", "?")) for f in e.open_feedback)
    return f"{len(e.open_feedback)} ({ids})"


def _benchmark(e: Engagement, current: str | None) -> str:
    newest = e.newest
    if newest is None or newest.reference_sha256 is None:
        return "–"
    if current and newest.reference_sha256 != current:
        return f"{short(newest.reference_sha256)} (older set)"
    return short(newest.reference_sha256)


def engagement_rows(engagements: list[Engagement], current_set: str | None) -> list[list[str]]:
    rows = []
    for e in engagements:
        if e.problem and not e.versions:
            rows.append([md.inline(e.name), "–", "–", "–", md.inline(e.problem), "–", "–", "–"])
            continue
        links = "<br>".join(_link(e, v) for v in e.versions) or "not published yet"
        rows.append([md.inline(e.name), md.cell(e.sector), md.cell(e.size_band), md.cell(e.round), md.cell(e.status),
                     links, _feedback(e), _benchmark(e, current_set)])
    return rows


def index_page(engagements: list[Engagement], current_set: str | None) -> str:
    head = ["Engagement", "Sector", "Size band", "Round", "Status", "Published versions", "Open feedback",
            "Benchmark set"]
    finished = sum(e.finished for e in engagements)
    now = f"The current benchmark set is version {short(current_set)}." if current_set else ""
    return (f"# Engagements\n\n{len(engagements)} engagements, {finished} finished (a final version published). "
            "Each is shown by its codename unless its case.yaml allows the client's name. The benchmark set column "
            f"is the reference set the newest published version was built against. {now}\n\n"
            + md.table(head, engagement_rows(engagements, current_set), ["left"] * 8))


def shown(metric: str, v) -> str:
    """A count as a whole number (its quartiles to one decimal when they fall between), an index to 2 d.p."""
    if v is None:
        return "–"
    if metric in COUNT_METRICS:
        return str(int(v)) if float(v).is_integer() else fmt.number(v, 1)
    return fmt.number(v, 2)


def lanes(values: list[str]) -> list[int]:
    """One lane per repeat of a printed value, so cases with the same value stack instead of hiding each other."""
    seen: dict[str, int] = {}
    out = []
    for v in values:
        out.append(seen.get(v, 0))
        seen[v] = out[-1] + 1
    return out


def _domain(d: Distribution) -> list[float]:
    values = [p.value for p in d.positions]
    lo = -1.0 if d.metric in SIGNED else 0.0
    hi = max([1.0, *values]) if d.metric not in COUNT_METRICS else max([1.0, *values]) + 0.5
    return [min([lo, *values]), hi]


def strip(d: Distribution) -> dict:
    """Each case a dot named by its label (finished: filled blue, in progress: hollow grey), the finished cases'
    middle half as a light bar and their median as a tick: the report's peer strip, one case per dot."""
    import altair as alt

    printed = [shown(d.metric, p.value) for p in d.positions]
    rows = [{"case": p.name, "value": p.value, "text": f"{p.name} {text}", "lane": lane,
             "state": "finished" if p.finished else "in progress"}
            for p, text, lane in zip(d.positions, printed, lanes(printed))]
    scale = alt.Scale(domain=_domain(d))
    axis = alt.Axis(tickMinStep=1, format="d") if d.metric in COUNT_METRICS else alt.Axis()
    x = alt.X("value:Q", title=d.label, scale=scale, axis=axis)
    y = alt.Y("lane:O", axis=None, sort="descending")
    layers = []
    if d.quartiles:
        q1, med, q3 = d.quartiles
        band = alt.Chart(alt.Data(values=[{"q1": q1, "q3": q3, "median": med}]))
        layers += [band.mark_bar(height=16, color="#E3E7EE").encode(x=alt.X("q1:Q", scale=scale), x2="q3:Q"),
                   band.mark_tick(color="#333", thickness=2, size=24).encode(x=alt.X("median:Q", scale=scale))]
    dots = alt.Chart(alt.Data(values=rows)).encode(x=x, y=y, tooltip=[
        "case:N", alt.Tooltip("value:Q", format=".2f"), "state:N"])
    layers += [dots.mark_point(size=120, filled=True, color=charts.CLIENT).transform_filter(
                   "datum.state === 'finished'"),
               dots.mark_point(size=120, filled=False, color="#6b7280").transform_filter(
                   "datum.state !== 'finished'"),
               dots.mark_text(angle=315, align="left", dx=6, dy=-6, fontSize=10, color="#1f2a44").encode(text="text:N")]
    sub = (f"Dots: cases · bar: middle half of the {d.n} finished cases · tick: their median" if d.quartiles else
           f"Dots: cases · {d.n} finished with a value (quartiles need at least 3)")
    height = 80 + 22 * max(lanes(printed) or [0])
    return charts.config(alt.layer(*layers).properties(title=alt.Title(d.label, subtitle=sub), width="container",
                                                        height=height))


def position_table(d: Distribution) -> str:
    rows = [[md.inline(p.name), shown(d.metric, p.value), "finished" if p.finished else "in progress",
             f"{p.rank} of {p.of}" if p.rank else "–"] for p in d.positions]
    return md.table(["Engagement", "Value", "State", "Position among finished (1 = highest)"], rows,
                    ["left", "right", "left", "right"])


def metric_section(d: Distribution) -> str:
    if not d.positions:
        return f"## {md.inline(d.label)}\n\nNo published version has this index yet.\n"
    q = ("" if not d.quartiles else f" Finished cases: median {shown(d.metric, d.quartiles[1])}, middle half "
         f"{shown(d.metric, d.quartiles[0])}–{shown(d.metric, d.quartiles[2])}.")
    figure = md.figure(f"portfolio-{d.metric}", strip(d), f"Strip of {d.label} across engagements, one dot per case.",
                       f"{d.label}: each engagement's newest published value.{q}", position_table(d))
    return f"## {md.inline(d.label)}\n\n{figure}"


def cells_table(found: list[Cell], k: int) -> str:
    head = ["Sector", "Size band", "Finished cases", *[HEADLINES[m][1] for m in HEADLINES]]
    rows = [[md.inline(c.sector), md.cell(c.size_band or "–"), str(c.n), *[shown(m, c.medians[m]) for m in HEADLINES]]
            for c in found]
    return (f"## By sector and size band\n\nMedians of the finished cases per NACE section × size band. k_min applies "
            f"across cases: a cell with fewer than k = {k} finished cases is not shown on its own; such cells are "
            "pooled in the last row.\n\n" + (md.table(head, rows, ["left", "left"] + ["right"] * (len(head) - 2))
                                            if rows else "No finished case yet.\n"))


def compare_page(engagements: list[Engagement], k: int) -> str:
    intro = ("# Across engagements\n\nThe headline indices of every engagement on one scale: distributions over the "
             "finished cases (their final version), each case's position in them, and cases in progress placed from "
             "their newest published version (hollow dots; they do not move the quartiles).\n\n")
    return intro + "\n".join(metric_section(d) for d in distributions(engagements)) + "\n" + cells_table(
        cells(engagements, k), k)
