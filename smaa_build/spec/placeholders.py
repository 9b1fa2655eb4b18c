"""Text left from the `smaa new` template: its placeholder values in case.yaml, its instruction paragraphs in the
narrative and its sample data files unchanged. A warning at `smaa check` and `smaa build` (a draft may still be
in progress), an error at `smaa publish` (a client would read it). Before anything is read by the analyses: it
needs only the spec, its files and the template folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import Problem, SpecError
from .scaffold import TEMPLATE
from .paths import display_path
from .yamlio import load_located

# case.yaml values that `smaa new` leaves for the researcher to replace: (key path, the template's value).
# tests/test_check_verdict.py asserts each still occurs in the template, so the two cannot drift apart.
SPEC_PLACEHOLDERS = ((("engagement", "client"), "Client organisation name"),)
# Sentences of the template's narrative that are instructions to the researcher, never report text.
NARRATIVE_PLACEHOLDERS = ("Replace this paragraph with the executive summary.",)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sample_digests() -> dict[str, str]:
    """sha256 -> the template's sample data file name (data/codes.csv, …)."""
    return {_digest(p): p.relative_to(TEMPLATE).as_posix() for p in sorted((TEMPLATE / "data").glob("*"))}


def spec_placeholders(spec: dict, spec_path: Path) -> list[Problem]:
    hits = []
    for path, value in SPEC_PLACEHOLDERS:
        node = spec
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if node == value:
            hits.append(path)
    if not hits:
        return []
    display = display_path(spec_path)
    loc, _ = load_located(spec_path, display)
    out = []
    for path in hits:
        line, col = loc.where(path) if loc is not None else (0, 0)
        out.append(Problem(display, line, col, ".".join(path), f"expected the engagement's own value, got the "
                           f"`smaa new` placeholder {dict(SPEC_PLACEHOLDERS)[path]!r}", "warning"))
    return out


def _position(text: str, start: int) -> tuple[int, int]:
    line = text.count("\n", 0, start) + 1
    return line, start - (text.rfind("\n", 0, start) + 1) + 1


def narrative_placeholders(files: dict[str, Path]) -> list[Problem]:
    out = []
    for name, path in sorted(files.items()):
        if not name.startswith("narrative:"):
            continue
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        for sentence in NARRATIVE_PLACEHOLDERS:
            at = text.find(sentence)
            if at >= 0:
                line, col = _position(text, at)
                out.append(Problem(display_path(path), line, col, "", f"expected the researchers' own text, got the "
                                   f"`smaa new` placeholder {sentence!r} (write this section or delete the "
                                   "paragraph)", "warning"))
    return out


def sample_files(files: dict[str, Path]) -> dict[str, str]:
    """Data files of the case that are a sample file of the template, unchanged: display path -> sample name."""
    samples, out = _sample_digests(), {}
    for name, path in sorted(files.items()):
        if not name.startswith("narrative:") and path.is_file() and _digest(path) in samples:
            out[display_path(path)] = samples[_digest(path)]
    return out


def sample_data(files: dict[str, Path]) -> list[Problem]:
    return [Problem(shown, 0, 0, "", f"expected the engagement's data, got the sample file {sample} of `smaa new` "
                    "unchanged (replace it with the real file)", "warning")
            for shown, sample in sample_files(files).items()]


def placeholders(spec: dict, files: dict[str, Path], spec_path: Path) -> list[Problem]:
    """Every piece of template text left in the case, as warnings."""
    return spec_placeholders(spec, spec_path) + narrative_placeholders(files) + sample_data(files)


def refuse_placeholders(spec: dict, files: dict[str, Path], spec_path: Path) -> None:
    """`smaa publish`: template text is an error; called before anything is built or written."""
    found = placeholders(spec, files, spec_path)
    if found:
        raise SpecError([Problem(p.file, p.line, p.col, p.key, p.message + "; `smaa publish` refuses text left "
                                 "from the template") for p in found])
