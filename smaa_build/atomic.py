"""Files replaced whole: written to a temporary file in the same folder, then renamed over the old one, so a reader
(a build running now, a web server) sees the old file or the new one, never half of one; an interrupted write
leaves the old file and no temporary one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable


def write_with(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """`write(file)` into a binary temporary file next to `path`, then the rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """`text` as UTF-8, its line ends as they are."""
    write_with(path, lambda fh: fh.write(text.encode("utf-8")))
