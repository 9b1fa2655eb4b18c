#!/usr/bin/env python3
"""The deliverables' quality counts of issue 14 on one build (prints figures, asserts nothing):

- the deck: native charts, pictures and tables;
- the PDF: chart texts that leave their drawing and pairs of axis labels that overlap, over every figure
  (site/chart_text.py on the SVG the PDF embeds);
- the site at 390 px in Chromium: elements that reach past the screen outside a scroll container, and tables
  wider than the screen whose first column scrolls away.

Usage: python tests/benchmarks/bench_deliverables.py BUILD_DIR [CASE]
BUILD_DIR is build/<id> of a finished `smaa export CASE` (with export/deck.pptx); CASE defaults to cases/demo.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "browser"), str(REPO / "tests" / "export")]


def deck_counts(build_dir: Path) -> dict[str, int]:
    from test_deck_native import kinds

    return kinds(build_dir / "export" / "deck.pptx")


def pdf_label_problems(build_dir: Path, case: Path) -> tuple[int, list[str]]:
    from smaa_build.export import charts, content
    from smaa_build.export.content import figures, fragment
    from smaa_build.site import chart_text
    from smaa_build.spec import load_spec

    report = content.load(build_dir, load_spec(case)[0])
    figs = [f for page in report.pages for _, f in figures(fragment(report.html(page)), page.slug)]
    return len(figs), [f"{f.slug}: {p}" for f in figs for p in chart_text.problems(charts.svg(f.spec))]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def phone(build_dir: Path) -> tuple[list[str], list[str]]:
    import yaml
    from _layout import OVERFLOWING_JS, WIDE_TABLES_JS
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(build_dir / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    nav = yaml.safe_load((build_dir / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    overflowing, unpinned = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 390, "height": 844})
        for item in nav:
            name = next(iter(item.values())).replace(".md", ".html")
            page = context.new_page()
            page.goto(base + name, wait_until="load")
            page.wait_for_timeout(2000)  # charts drawn
            overflowing += [f"{name}: {e}" for e in page.evaluate(OVERFLOWING_JS)]
            unpinned += [f"{name}: {t['head']}" for t in page.evaluate(WIDE_TABLES_JS) if not t["sticky"]]
            page.close()
        browser.close()
    server.shutdown()
    return overflowing, unpinned


def main() -> None:
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    build_dir = Path(sys.argv[1])
    case = Path(sys.argv[2]) if len(sys.argv) > 2 else REPO / "cases" / "demo"
    print("deck:", deck_counts(build_dir))
    n, found = pdf_label_problems(build_dir, case)
    print(f"PDF: {n} figures, {len(found)} clipped or overlapping labels")
    for line in found:
        print("   ", line)
    overflowing, unpinned = phone(build_dir)
    print(f"390 px: {len(overflowing)} elements past the screen outside a scroll container; "
          f"{len(unpinned)} wide tables whose first column scrolls away")
    for line in overflowing + unpinned:
        print("   ", line)


if __name__ == "__main__":
    main()
