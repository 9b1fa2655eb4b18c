#!/usr/bin/env python3
"""Benchmark of `smaa export` on the demo, measured in one run on this machine (prints figures, asserts nothing):

- the whole command on a fresh output folder (analyses, site build, PDF and deck)
- the whole command when the build is up to date (what a researcher re-running it pays)
- inside one process: the PDF split into its stages (HTML with the vl-convert charts, WeasyPrint layout, PDF
  writing) and the deck

Usage: python tests/benchmarks/bench_export.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CASE = REPO / "cases" / "demo"


def timed(cmd: list) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - t0


def stages(build_dir: Path) -> dict[str, float]:
    sys.path.insert(0, str(REPO))
    from weasyprint import HTML

    from smaa_build.export import charts, content, deck, pdf
    from smaa_build.spec import load_spec

    charts.drawing.cache_clear()
    report = content.load(build_dir, load_spec(CASE)[0])
    out, t = {}, time.perf_counter()
    html, _ = pdf.document(report)
    out["pdf: HTML + charts"], t = time.perf_counter() - t, time.perf_counter()
    doc = HTML(string=html, url_fetcher=pdf.local_fetcher()).render()
    out[f"pdf: layout ({len(doc.pages)} pages)"], t = time.perf_counter() - t, time.perf_counter()
    doc.write_pdf(build_dir / "bench.pdf")
    out["pdf: write"], t = time.perf_counter() - t, time.perf_counter()
    made = deck.write_deck(report, build_dir / "bench.pptx")
    out[f"deck ({len(made.titles)} slides)"] = time.perf_counter() - t
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    smaa = str(Path(sys.executable).parent / "smaa")
    with tempfile.TemporaryDirectory() as tmp:
        fresh = [timed([smaa, "export", str(CASE), "--out", f"{tmp}/fresh{k}"]) for k in range(repeat)]
        warm = [timed([smaa, "export", str(CASE), "--out", f"{tmp}/fresh0"]) for _ in range(repeat)]
        print(f"smaa export, fresh output folder: median {statistics.median(fresh):.1f} s "
              f"({', '.join(f'{x:.1f}' for x in fresh)})")
        print(f"smaa export, build up to date:    median {statistics.median(warm):.1f} s "
              f"({', '.join(f'{x:.1f}' for x in warm)})")
        for name, secs in stages(Path(tmp) / "fresh0" / "demo").items():
            print(f"  {name}: {secs:.1f} s")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
