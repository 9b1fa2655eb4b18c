"""`smaa cache prune`: shrink a case's cache (build/.cache/<id>/) to what the case, as it stands, still uses.

Kept: the findings entry of the current inputs (smaa's code, case.yaml, the data files) and, in every per-text
store, the texts of the current posts, and the charts' static drawings the last build used (site/drawing_store.py).
Removed: findings entries of earlier inputs, texts no longer in the posts, other drawings, and files of earlier
cache layouts. With `everything=True` the whole folder goes (the next build starts cold).
Nothing under cases/ or the published sites is touched.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..site import drawing_store
from ..spec import load_case, provenance


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
    texts = case.tables["posts"]["text"] if case.has("posts") and "text" in case.tables["posts"] else []
    for path in sorted(posts.glob("*")) if posts.is_dir() else []:
        if path.name.startswith(f"texts-{text_store.SCHEME}-") and path.suffix == ".npz" and len(texts):
            kept, removed = text_store.prune(path, texts)
            report.texts_kept, report.texts_removed = report.texts_kept + kept, report.texts_removed + removed
        else:  # an earlier layout, or a case without posts now
            report.files_removed.append(f"posts/{path.name}")
            path.unlink()
    report.files_removed += [f"drawings/{name}" for name in drawing_store.prune(folder / "drawings")]
    report.bytes_after = _size(folder)
    return report
