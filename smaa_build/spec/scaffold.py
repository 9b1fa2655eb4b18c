"""`smaa new`: copy the case template, filling in the id, a codename and dates. Refuses to overwrite."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from ..errors import SmaaError

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "new_case"


def scaffold(target: Path, case_id: str | None = None, today: dt.date | None = None) -> Path:
    target = Path(target)
    case_id = case_id or target.name
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", case_id):
        raise SmaaError(f"case id {case_id!r}: use letters, digits, - and _ (it names folders and URLs)")
    if target.exists() and any(target.iterdir()):
        raise SmaaError(f"{target} exists and is not empty; choose a new folder (nothing was written)")
    today = today or dt.date.today()
    values = {"id": case_id, "codename": case_id.replace("-", " ").title(), "date": today.isoformat(),
              "start": (today - dt.timedelta(days=28)).isoformat(), "end": (today - dt.timedelta(days=7)).isoformat()}
    shutil.copytree(TEMPLATE, target, dirs_exist_ok=True)
    spec = target / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    spec.write_text(text, encoding="utf-8")
    return target
