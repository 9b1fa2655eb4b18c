"""The pass over the pages mkdocs wrote: each chart's static drawing (static_charts.add_static), then the hardening
(harden.harden_site). With a cache (build/.cache/<id>), a page that mkdocs wrote exactly as in an earlier build
is replaced by that build's finished page, and neither pass reads it again: after a narrative edit, the two or
three pages that changed are finished; the others are read back.

A finished page is kept under the hash of the page mkdocs wrote, its place in the site and the code of both passes
(with the drawings' own fingerprint: vl-convert, the fonts), in `pages/` (site/kept.py), with the scripts the
hardening moved out of it and the drawings it shows, which `smaa cache prune` keeps with it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sys
from pathlib import Path

from . import drawing_store, kept
from .harden import harden_site, page_prefix, write_scripts
from .static_charts import add_static

HERE = Path(__file__).resolve().parent
KEPT = ("drawings", "pages")  # the folders of the cache this pass keeps by content


@functools.cache
def _code() -> str:
    """What a finished page depends on besides the page mkdocs wrote: both passes' code and what draws the charts."""
    sources = kept.source_digest(*(HERE / n for n in ("finish.py", "static_charts.py", "harden.py")))
    return kept.digest(sources, drawing_store.fingerprint(), sys.version)


def _entry(site_dir: Path, page: Path, source: str) -> str:
    return kept.digest(_code(), page_prefix(site_dir, page), source) + ".json"


def _read(store: Path, entry: str) -> dict | None:
    with contextlib.suppress(TypeError, ValueError):  # absent or not whole: the page is finished again
        data = json.loads(kept.read(store, entry) or "")
        if isinstance(data.get("page"), str) and isinstance(data.get("scripts"), dict):
            return {"page": data["page"], "scripts": data["scripts"], "drawings": list(data.get("drawings", []))}
    return None


def finish_site(site_dir: Path, cache: Path | None = None) -> None:
    """Every page as served: its charts' drawings added, then hardened; with a `cache`, pages finished by an
    earlier build from the same page are read back."""
    site_dir = Path(site_dir)
    if cache is None:
        add_static(site_dir)
        harden_site(site_dir)
        return
    drawings, store = cache / KEPT[0], cache / KEPT[1]
    pages = sorted(site_dir.rglob("*.html"))
    entries = {page: _entry(site_dir, page, page.read_text(encoding="utf-8")) for page in pages}
    found = {page: data for page, entry in entries.items() if (data := _read(store, entry)) is not None}
    for page, data in found.items():
        page.write_text(data["page"], encoding="utf-8")
    write_scripts(site_dir, {name: body for data in found.values() for name, body in data["scripts"].items()})
    todo = [page for page in entries if page not in found]
    shown = add_static(site_dir, drawings, todo)
    moved = harden_site(site_dir, todo)
    for page in todo:
        kept.write(store, entries[page], json.dumps({"page": page.read_text(encoding="utf-8"), "scripts": moved[page],
                                                    "drawings": sorted(shown[page])}, ensure_ascii=False))
    kept.record_use(drawings, {n for data in found.values() for n in data["drawings"]} | set().union(*shown.values()))
    kept.record_use(store, set(entries.values()))
