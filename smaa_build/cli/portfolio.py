"""`smaa portfolio`, `smaa reference add|import` and the report of `smaa check --all`: the research group's view of
all its engagements (smaa_build/portfolio/). Thin: parse, call one function, print."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..facts import K_MIN_DEFAULT
from .base import handle_errors

CASES_HELP = "The repository's cases folder (one <case-id>/case.yaml per engagement; _reference/ holds the set)."
K_HELP = f"Fewest cases a sector × size band cell needs to be shown on its own (default {K_MIN_DEFAULT})."
CASE_HELP = "Case folder (holding case.yaml) whose final version is published."
CSV_FILE_HELP = "CSV of past studies with the reference set's columns (case_id, sector, size_band, …, the indices)."
SET_HELP = "Reference set to add to (default: the case's data.reference, else cases/_reference/cases.csv)."


@click.command()
@click.argument("cases", type=click.Path(path_type=Path), default=Path("cases"))
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Folder that receives build/_portfolio/.")
@click.option("--target", type=click.Path(path_type=Path),
              help="Publish target (smaa publish --target): the portfolio is swapped into <target>/_portfolio/, "
                   "which `smaa host nginx` serves behind the research group's login.")
@click.option("--k-min", "k", type=click.IntRange(min=1), default=K_MIN_DEFAULT, show_default=True, help=K_HELP)
@handle_errors
def portfolio(cases: Path, out: Path, target: Path | None, k: int) -> None:
    """Build the research group's private index of every engagement (status, versions, open feedback, benchmark
    set) and the comparison of their headline indices across engagements."""
    from ..portfolio import build_portfolio

    result = build_portfolio(cases, out, k, target)
    finished = sum(e.finished for e in result.engagements)
    click.secho(f"Built {result.site}/index.html: {len(result.engagements)} engagements, {finished} finished.",
                fg="green")
    if result.published:
        click.echo(f"Published to {result.published}/ (the group's login: `smaa host add-researcher`).")


@click.group()
def reference() -> None:
    """The benchmark reference set that finished cases feed (anonymised, k-anonymous, versioned by its hash)."""


@reference.command("add")
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--set", "set_path", type=click.Path(path_type=Path), help=SET_HELP)
@click.option("--k-min", "k", type=click.IntRange(min=1), help="k for the coarsening (default: the case's "
                                                               "report.k_min).")
@handle_errors
def add(case: Path, set_path: Path | None, k: int | None) -> None:
    """Add the anonymised profile of CASE's final version (it needs benchmark.consent: true) to the reference set.
    Published versions keep the set they were built with; each case's next build uses the new one."""
    from ..portfolio.reference import add_case, short

    added, where = add_case(case, set_path, k)
    click.secho(f"Added {added.ids[0]} to {where} ({added.steps[0]}); set {short(added.before)} → "
                f"{short(added.after)}.", fg="green")


@reference.command("import")
@click.argument("csv_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--set", "set_path", type=click.Path(path_type=Path), default=Path("cases/_reference/cases.csv"),
              show_default=True, help="Reference set to add to.")
@click.option("--k-min", "k", type=click.IntRange(min=1), default=K_MIN_DEFAULT, show_default=True,
              help="k for the coarsening.")
@handle_errors
def import_(csv_file: Path, set_path: Path, k: int) -> None:
    """Add historical studies from CSV_FILE (the reference set's columns), checked like a reference file; every row
    gets a fresh REF id and is coarsened where it would single out a firm. All rows or none."""
    from ..portfolio.reference import import_csv, short

    added = import_csv(csv_file, set_path, k)
    coarsened = sum(s != "as given" for s in added.steps)
    click.secho(f"Added {len(added.ids)} rows ({', '.join(added.ids)}) to {set_path}, {coarsened} coarsened; set "
                f"{short(added.before)} → {short(added.after)}.", fg="green")


def offer_reference(case: Path, version: str) -> None:
    """After `smaa publish` of a final: say how its profile joins the benchmark set, when the client consented and
    it has not joined yet (adding it stays a deliberate step: the set is shared by every later build)."""
    from ..portfolio.reference import CONTRIBUTION
    from ..spec import load_spec, spec_file
    from ..spec.case import settings

    if version != "final":
        return
    if settings(load_spec(case)[0]).benchmark.get("consent") and not (spec_file(case).parent / CONTRIBUTION).is_file():
        click.echo(f"The client consented to the benchmark: `smaa reference add {case}` adds this final's anonymised "
                   "profile to the reference set.")


def report_all(cases: Path, strict: bool, out: Path, stale_days: int) -> None:
    """`smaa check --all CASES`: each case's verdict, then the reference set and the cross-case notes."""
    from ..run.check_all import check_all

    verdict = check_all(cases, strict, out, stale_days)
    for where, v in verdict.cases.items():
        if v.failed(strict):
            click.echo("\n".join(str(p) for p in v.problems) + (f"\n{v.note}" if v.note else ""), err=True)
            click.secho(f"{where}: not valid.", fg="red", err=True)
        else:
            for p in v.problems:
                click.secho(str(p), fg="yellow", err=True)
            click.secho(f"{where}: valid.", fg="green")
    for p in verdict.portfolio:
        click.secho(str(p), fg="red" if p.severity == "error" else "yellow", err=True)
    bad = sum(v.failed(strict) for v in verdict.cases.values())
    notes = len(verdict.portfolio)
    summary = f"{len(verdict.cases)} cases, {bad} not valid; {notes} portfolio note(s)."
    if verdict.failed(strict):
        click.secho(summary, fg="red", err=True)
        sys.exit(1)
    click.secho(summary, fg="green")
