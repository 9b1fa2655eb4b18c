"""Run `mkdocs build --strict` on a generated config (site/build.py writes it), turning its warnings into a
SiteError that quotes them; then each chart's static drawing and the hardening pass. What an earlier build made
from the same inputs is kept in build/.cache/<id>/ and read back; `prune_cache` is `smaa cache prune`'s share."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
from pathlib import Path

from ..errors import SiteError
from . import kept
from .finish import KEPT, finish_site

REPO_ROOT = Path(__file__).resolve().parents[2]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextlib.contextmanager
def _environment(**values: str):
    """Environment variables set for the mkdocs run only (an unset variable is set, then unset again)."""
    added = [k for k in values if k not in os.environ]
    os.environ.update({k: values[k] for k in added})
    try:
        yield
    finally:
        for k in added:
            os.environ.pop(k, None)


def keep_compiled_templates(theme, folder: Path) -> None:
    """Every Jinja environment the theme makes (mkdocs' own, and those material's search plugin makes to translate)
    gets Jinja's own bytecode cache in `folder` (templates_dir): the templates are compiled once, not on every
    build (a sixth of a rebuild's mkdocs time). Jinja checks each entry against its template's source, so an
    edited template is compiled again."""
    import jinja2

    make = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make()
        folder.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(folder))
        return env

    theme.get_env = get_env


def templates_dir(cache: Path) -> Path:
    """Where keep_compiled_templates keeps the theme's templates: one folder per mkdocs, material, Jinja and Python
    (and whether mkdocs has Babel: it changes the extension that compiles {% trans %})."""
    import jinja2
    import material
    import mkdocs
    from mkdocs.localization import has_babel

    versions = (mkdocs.__version__, material.__version__, jinja2.__version__, sys.version, f"babel {has_babel}")
    return cache / "templates" / kept.digest(*versions)[:16]


def prune_cache(cache: Path) -> list[str]:
    """`smaa cache prune`'s share of the site build: the drawings and hardened pages the last build did not use,
    and the templates compiled by other versions of mkdocs, material, Jinja or Python. Returns what went."""
    removed = [f"{sub}/{name}" for sub in KEPT for name in kept.prune(cache / sub)]
    current = templates_dir(cache)
    for old in sorted(current.parent.iterdir()) if current.parent.is_dir() else []:
        if old != current:
            removed.append(f"templates/{old.name}/")
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    return removed


def build_site(config_file: Path, site_dir: Path, cache: Path | None = None) -> None:
    """mkdocs build --strict of `config_file` into `site_dir` (warnings are errors), each chart's static drawing,
    then the hardening pass of site/harden.py: no link but http(s), mailto or relative, no inline script. With a
    `cache` (build/.cache/<id>), what an earlier build made from the same inputs is read back instead of made
    again: the drawings, the hardened pages and mkdocs' compiled templates; the site's bytes are the same."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    log = logging.getLogger("mkdocs")
    handler, propagate = _Collect(), log.propagate
    log.addHandler(handler)
    log.propagate = False
    try:
        # absolute: mkdocs resolves a relative site_dir against the config file, not the working directory
        with _environment(NO_MKDOCS_2_WARNING="1"):  # no third-party upgrade banner in our output
            config = load_config(str(config_file), site_dir=str(Path(site_dir).resolve()), strict=True)
            if cache is not None:
                keep_compiled_templates(config.theme, templates_dir(cache))
            build(config)
    except MkDocsException as exc:
        raise SiteError(f"mkdocs build failed for {config_file}:\n" + "\n".join(handler.messages + [str(exc)])) from None
    finally:
        log.removeHandler(handler)
        log.propagate = propagate
    finish_site(site_dir, cache)  # each chart's drawing for readers without scripts, then the hardening


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames; a failure before this point never touches target."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
