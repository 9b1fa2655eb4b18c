"""The only code that writes the generated docs tree: refuses to write a path twice (slug collisions) and
writes deterministic bytes (UTF-8, \\n line ends, one trailing newline)."""

from __future__ import annotations

import json
from pathlib import Path

from ...errors import RenderError


class Tree:
    """Files to write, collected in memory first so that nothing touches disk before everything is computed."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, relpath: str, content: str | bytes) -> None:
        if relpath in self.files:
            raise RenderError(f"{relpath}: written twice (two pages or charts share this name)")
        if isinstance(content, str):
            content = (content.replace("\r\n", "\n").rstrip("\n") + "\n").encode("utf-8")
        self.files[relpath] = content

    def add_json(self, relpath: str, data) -> None:
        self.add(relpath, json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False))

    def write(self, root: Path) -> list[Path]:
        written = []
        for rel, content in sorted(self.files.items()):
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            written.append(path)
        return written
