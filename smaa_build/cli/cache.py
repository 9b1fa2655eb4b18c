"""`smaa cache prune`: thin shell over run/cache.py."""

from __future__ import annotations

from pathlib import Path

import click

from .base import handle_errors

CASE_HELP = "Case folder (holding case.yaml) or the path of a case.yaml."


@click.group()
def cache() -> None:
    """The cache of each case under build/.cache/<id>/: findings of earlier inputs and the scores of each text."""


@cache.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Build folder whose .cache/<case-id>/ is pruned.")
@click.option("--all", "everything", is_flag=True, help="Remove the case's whole cache: the next build starts cold.")
@handle_errors
def prune(case: Path, out: Path, everything: bool) -> None:
    """Keep only what the case as it stands uses: the findings of its current inputs and, per text store, the texts
    of its current posts. Earlier findings, texts no longer in the posts and earlier cache layouts are removed."""
    from ..run.cache import prune as run_prune

    r = run_prune(case, out, everything)
    mb = lambda n: f"{n / 1e6:.1f} MB"  # noqa: E731
    click.echo(f"{r.folder}: {mb(r.bytes_before)} → {mb(r.bytes_after)}; {len(r.files_removed)} file(s) removed, "
               f"{r.texts_removed} text(s) dropped, {r.texts_kept} kept.")
