"""`smaa kit`: the fieldwork kit from case.yaml (smaa_build/kit/), or, with --pseudonymise, the interviewees file
from the filled interview plan. Thin: parse, call the kit stage, print what was written."""

from __future__ import annotations

from pathlib import Path

import click

from .base import handle_errors

CASE_HELP = "Case folder (holding case.yaml) or the path of a case.yaml."
PSEUDONYMISE_HELP = ("Read this filled interview plan (plan.xlsx) and write the interviewees file with stable ids "
                     "(build/<id>/kit/interviewees.csv) and the name ↔ id key (build/<id>/kit-private/key.csv, "
                     "kept apart); no kit files are written.")


@click.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Folder that receives build/<case-id>/kit/ (default: ./build).")
@click.option("--coders", default="C1,C2", show_default=True,
              help="The coders' ids, comma-separated: one sheet each in the coding workbook.")
@click.option("--seed", default=2026, show_default=True, help="Seed of the random draw of the double-coded interviews.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Print the guide and the ratings form to PDF.")
@click.option("--pseudonymise", "plan", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help=PSEUDONYMISE_HELP)
@click.option("--key", type=click.Path(path_type=Path), help="With --pseudonymise: the key file to read and extend "
                                                             "(default: build/<id>/kit-private/key.csv).")
@handle_errors
def kit(case: Path, out: Path, coders: str, seed: int, pdf: bool, plan: Path | None, key: Path | None) -> None:
    """Write the fieldwork kit into build/<case-id>/kit/: the interview plan, the coding workbook (read back by
    data.codes as it is), the ratings workbook and form, the interview guide (Markdown and PDF) and the codebook as
    REFI-QDA (.qdc) for NVivo, ATLAS.ti and MAXQDA."""
    if plan is not None:
        _pseudonymise(case, out, plan, key)
        return
    from ..kit import make_kit

    result = make_kit(case, out, tuple(c.strip() for c in coders.split(",") if c.strip()), seed, pdf)
    for name in sorted(p.name for p in result.files.values()):
        click.echo(f"  {result.out_dir / name}")
    for note in result.notes:
        click.secho(note, fg="yellow", err=True)
    click.secho(f"Wrote the fieldwork kit ({len(result.files)} files, {len(result.double_coded)} interviews to "
                f"double-code, seed {seed}) in {result.seconds:.1f} s.", fg="green")


def _pseudonymise(case: Path, out: Path, plan: Path, key: Path | None) -> None:
    from ..kit.pseudonymise import pseudonymise
    from ..spec import load_spec
    from ..spec.case import settings

    spec, _files, _warnings = load_spec(case)
    root = Path(out) / settings(spec).engagement.id
    register, key = root / "kit" / "interviewees.csv", key or root / "kit-private" / "key.csv"
    written, new = pseudonymise(plan, register, key)
    counts = f"{written} interviewee{'' if written == 1 else 's'}, {new} new id{'' if new == 1 else 's'}"
    click.secho(f"Wrote {register} ({counts}); the key is {key}: keep it apart from the case and the kit.", fg="green")
