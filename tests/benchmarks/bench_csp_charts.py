#!/usr/bin/env python3
"""Charts under the served Content-Security-Policy, measured in Chromium behind the real nginx (prints figures,
asserts nothing; issue 11, item 4).

Builds the demo, serves it with the server block of `smaa host nginx` (tests/site/_nginx.py), and opens every page
twice: as built (smaa-charts.js passes `ast: true`, so Vega evaluates expressions with its interpreter) and from a
copy whose smaa-charts.js drops that option (Vega compiles expressions with Function(), i.e. eval). For each it
prints the CSP header served, how many charts drew, the policy violations reported and the time taken; and the
time of the post-build hardening pass (site/harden.py) on the demo site.

Usage: .venv/bin/python tests/benchmarks/bench_csp_charts.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "site"))

from _nginx import running_nginx  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from smaa_build.run.build import build  # noqa: E402
from smaa_build.site import mkdocs_run as site_build  # noqa: E402
from smaa_build.site.harden import harden_site  # noqa: E402
from smaa_build.site.hosting import add_user  # noqa: E402

LOGIN = {"username": "bench", "password": "correct horse battery staple"}
RECORDER = ("window.__v = []; document.addEventListener('securitypolicyviolation', "
            "(e) => window.__v.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline')));")
SETTLED = ("() => Array.from(document.querySelectorAll('.smaa-chart__canvas'))"
           ".every((c) => ['drawn', 'error'].includes(c.getAttribute('data-smaa-chart')))")
DRAWN = ("() => Array.from(document.querySelectorAll('.smaa-chart__canvas'))"
         ".filter((c) => c.getAttribute('data-smaa-chart') === 'drawn' && c.querySelector('svg .role-mark')).length")


def without_interpreter(site: Path, copy: Path) -> None:
    shutil.copytree(site, copy)
    js = copy / "assets" / "javascripts" / "smaa-charts.js"
    js.write_text(js.read_text(encoding="utf-8").replace("ast: true,", ""), encoding="utf-8")


def measure(browser, base: str, pages: list[str]) -> tuple[str, int, int, set[str], float]:
    context = browser.new_context(http_credentials=LOGIN)
    context.add_init_script(RECORDER)
    total = drawn = 0
    violations: set[str] = set()
    header, start = "", time.perf_counter()
    for name in pages:
        page = context.new_page()
        response = page.goto(base + name)
        header = response.headers.get("content-security-policy", "")
        total += page.evaluate("document.querySelectorAll('.smaa-chart__canvas').length")
        try:
            page.wait_for_function(SETTLED, timeout=30_000)
        except Exception:  # noqa: BLE001 - a chart that never settles counts as not drawn
            pass
        drawn += page.evaluate(DRAWN)
        violations |= set(page.evaluate("window.__v"))
        page.close()
    context.close()
    return header, drawn, total, violations, time.perf_counter() - start


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench-csp-"))
    try:
        site_build.harden_site = lambda site_dir, store=None: None  # build as mkdocs leaves it, to time the pass alone
        result = build(REPO / "cases" / "demo", tmp / "public")
        site_build.harden_site = harden_site
        site = result.out_dir / "site"
        start = time.perf_counter()
        harden_site(site)
        print(f"hardening pass on the demo site ({sum(1 for _ in site.glob('*.html'))} pages): "
              f"{time.perf_counter() - start:.2f} s")
        without_interpreter(site, result.out_dir / "no-interpreter")
        add_user(tmp / "auth", result.case_id, LOGIN["username"], LOGIN["password"])
        pages = sorted(p.name for p in site.glob("*.html"))
        with running_nginx(tmp / "nginx", tmp / "public", tmp / "auth") as nginx, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
            for variant in ("site", "no-interpreter"):
                header, drawn, total, violations, seconds = measure(
                    browser, f"{nginx.url}{result.case_id}/{variant}/", pages)
                print(f"{variant}: CSP {header}")
                print(f"{variant}: charts drawn {drawn} of {total} on {len(pages)} pages; "
                      f"violations {sorted(violations) or 'none'}; {seconds:.1f} s")
            browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
