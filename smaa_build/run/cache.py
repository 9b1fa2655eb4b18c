"""`smaa cache prune`: shrink a case's cache (build/.cache/<id>/) to what the case, as it stands, still uses.

Kept: the findings entry of the current inputs (smaa's code, case.yaml, the data files), the typed segments of
the current posts file, in every per-text store the texts of the current posts, and what the last site build
used of the drawings, hardened pages and compiled templates it keeps (site/build.py). Removed: findings entries
of earlier inputs, segments of earlier posts files, the ingested posts and the per-segment answers and parts
(made again from the per-text stores in seconds), texts no longer in the posts, the site build's other entries, and files of
earlier cache layouts. With `everything=True` the whole folder goes (the next build starts cold). Nothing under
cases/ or the published sites is touched.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..site.mkdocs_run import prune_cache
from ..spec import load_case, memo, provenance, segments


@dataclass
class Pruned:
    folder: Path
    files_removed: list[str] = field(default_factory=list)
    texts_kept: int = 0
    texts_removed: int = 0
    bytes_before: int = 0
    bytes_after: int = 0


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def prune(case_path: Path, out_root: Path = Path("build"), everything: bool = False) -> Pruned:
    from ..analyses.value import text_store  # numpy, pandas: only for this command

    case = load_case(case_path)
    folder = Path(out_root) / ".cache" / case.id
    report = Pruned(folder, bytes_before=_size(folder))
    if everything or not folder.is_dir():
        if folder.is_dir():
            report.files_removed = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
            shutil.rmtree(folder)
        return report
    key = provenance.analysis_key(provenance.collect(case.spec_path, dict(case.files)))
    for entry in sorted(folder.glob("*.json")):
        if entry.name.split(".")[0] != key:
            report.files_removed.append(entry.name)
            entry.unlink()
    posts = folder / "posts"
    if case.has("posts") and posts.is_dir():  # read again through the kept segments: their keys are the current ones
        case = load_case(case_path, cache_dir=posts)
    texts = case.tables["posts"]["text"] if case.has("posts") and "text" in case.tables["posts"] else []
    current = _current_tables(case)
    for path in sorted(posts.glob("*")) if posts.is_dir() else []:
        if not path.exists():  # a store's run, merged into its base just before
            continue
        if text_store.is_run(path) and path.with_name(path.name.split("~")[0] + ".npz").exists():
            continue  # pruned with its base
        if path.name.startswith(f"texts-{text_store.SCHEME}-") and path.suffix == ".npz" and len(texts):
            kept, removed = text_store.prune(path, texts)
            report.texts_kept, report.texts_removed = report.texts_kept + kept, report.texts_removed + removed
        elif _kept_table(path, current):
            continue
        else:  # an earlier layout, a case without posts now, an earlier posts file's tables, or the ingested
            # posts and per-segment answers and parts (made again from the per-text stores in seconds)
            report.files_removed.append(f"posts/{path.name}")
            path.unlink()
    report.files_removed += prune_cache(folder)  # the drawings, pages and templates the site build keeps
    report.bytes_after = _size(folder)
    return report


def _current_tables(case) -> set[str]:
    """The file names (without suffix) of the typed posts table the current posts file is kept as (spec/memo.py,
    spec/segments.py)."""
    if not case.has("posts"):
        return set()
    attrs = case.tables["posts"].attrs
    names = {f"{segments.PREFIX}{key}" for key, _n in attrs.get("segments") or []}
    return names | ({f"{memo.PREFIX}posts-{attrs['memo']}"} if attrs.get("memo") and not names else set())


def _kept_table(path: Path, current: set[str]) -> bool:
    if path.name.startswith(segments.INDEX):  # the list of a file's segments: current when they all are
        try:
            listed = json.loads(path.read_text(encoding="utf-8"))["segments"]
        except (OSError, ValueError, KeyError):
            return False
        return bool(listed) and {f"{segments.PREFIX}{key}" for key in listed} <= current
    return path.name.rsplit(".", 1)[0] in current
