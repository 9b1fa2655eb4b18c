"""The `smaa` command: one thin command per stage (parse -> call -> exit). SmaaError is printed without a
traceback and exits 1; any other exception is a bug and keeps its traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

import click

from .. import __version__
from .base import handle_errors
from .cache import cache
from .host import host
from .kit import kit
from .portfolio import offer_reference, portfolio, reference

CASE_HELP = "Case folder (holding case.yaml) or the path of a case.yaml."
STRICT_HELP = "Treat warnings (unknown keys, …) as errors."
OUT_HELP = "Folder that receives build/<case-id>/ (default: ./build)."


def _progress(step: str) -> None:
    click.secho(f"  {step} …", err=True, dim=True)


def _warn(warnings) -> None:
    for w in warnings:
        click.secho(str(w), fg="yellow", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="smaa")
@click.option("--scheduler", metavar="tcp://HOST:PORT", envvar="SMAA_DASK_SCHEDULER", default=None,
              help="Score and read the posts' texts and aggregate the posts per period on this Dask cluster "
                   "(default: this machine).")
def main(scheduler: str | None) -> None:
    """smaa: build a Social Media Alignment Assessment report from a case folder."""
    # set when a command starts, not at import: silences third-party upgrade banners in our output
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if scheduler:  # read by analyses/value/parallel.py wherever the per-text work or the aggregation runs
        os.environ["SMAA_DASK_SCHEDULER"] = scheduler


CHECK_OUT_HELP = "Build folder whose analysis cache the check may read (default: ./build); nothing is written."


@main.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help=CHECK_OUT_HELP)
@click.option("--all", "every", is_flag=True, help="CASE is a cases folder: check every case in it, the benchmark "
              "reference set, cases built against an older set and drafts waiting for feedback.")
@click.option("--stale-days", default=30, show_default=True, type=click.IntRange(min=0),
              help="With --all: warn about a draft published longer ago than this with no feedback for its round.")
@handle_errors
def check(case: Path, strict: bool, out: Path, every: bool, stale_days: int) -> None:
    """Check everything a build would: case.yaml, every data file, cross-file consistency, text left from the
    template, the analyses' settings and the narrative's citations; report every problem at once, write nothing."""
    from ..run.check import CheckFailed, check as run_check

    if every:
        from .portfolio import report_all

        return report_all(case, strict, out, stale_days)

    verdict = run_check(case, strict, out)
    for line in verdict.progress:  # fieldwork progress, once the kit's interview plan is filled in
        click.echo(line)
    if verdict.failed(strict):
        raise CheckFailed(verdict.problems, verdict.note)
    _warn(verdict.problems)
    rows = ", ".join(f"{k} {v:,}" for k, v in verdict.rows.items())
    click.secho(f"{case}: valid ({rows} rows).", fg="green")


@main.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True, help=OUT_HELP)
@handle_errors
def build(case: Path, strict: bool, out: Path) -> None:
    """Run the analyses, write findings.json and the pages, and build the site with mkdocs --strict."""
    from ..run.build import build as run_build

    t0 = time.perf_counter()
    result = run_build(case, out, strict, progress=_progress)
    _warn(result.warnings)
    how = "analyses from cache" if result.cached else "analyses run"
    click.secho(f"Built {result.out_dir}/site/index.html in {time.perf_counter() - t0:.1f} s ({how}).", fg="green")
    click.echo(f"Open it: {(result.out_dir / 'site' / 'index.html').resolve().as_uri()}  or run `smaa serve {case}`.")


@main.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True, help=OUT_HELP)
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@handle_errors
def serve(case: Path, out: Path, port: int) -> None:
    """Build, serve on 127.0.0.1 and rebuild when case.yaml, data or narrative change."""
    from ..run.serve import serve as run_serve

    run_serve(case, out, port, progress=_progress)


@main.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--id", "case_id", help="Case id (default: the folder name).")
@handle_errors
def new(case: Path, case_id: str | None) -> None:
    """Scaffold a new, valid case folder from the template."""
    from ..spec.scaffold import scaffold

    made = scaffold(case, case_id)
    click.secho(f"Created {made}. Edit case.yaml and the files in data/, then run `smaa check {case}`.", fg="green")


@main.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--target", type=click.Path(path_type=Path),
              help="Folder to publish into, as <target>/<case-id>/ (sync it to the host). Default: ./public")
@click.option("--branch", help="Commit the deployment to this git branch instead (mike's model, prefix <case-id>/).")
@click.option("--force", is_flag=True, help="Replace a version that is already published; the earlier copy is kept.")
@click.option("--version", "version", help="Version name (default: draft-<round> or final, from report:).")
@click.option("--site-url", help="URL the target is served at, e.g. https://reports.example.com/ (canonical links, "
                                 "instant navigation).")
@click.option("--downloads/--no-downloads", default=None,
              help="Offer the version's PDF and manager deck on its home page (default: yes, unless report.privacy "
                   "is encrypted).")
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True, help=OUT_HELP)
@handle_errors
def publish(case: Path, target: Path | None, branch: str | None, force: bool, version: str | None,
            site_url: str | None, downloads: bool | None, strict: bool, out: Path) -> None:
    """Publish the build as an immutable version (draft-N or final) with versions.json, the `latest` alias,
    the version selector and a release snapshot in the case's releases/ folder. A publish into a target that
    another publish holds waits for it (at most SMAA_PUBLISH_LOCK_TIMEOUT seconds, default 60), then refuses."""
    from ..run.publish import publish as run_publish

    result = run_publish(case, target=target, branch=branch, force=force, version=version, site_url=site_url,
                         out_root=out, strict=strict, progress=_progress, downloads=downloads)
    _warn(result.warnings)
    click.secho(f"Published {result.title} ({result.version}) to {result.where}; latest → {result.latest}; "
                f"versions: {', '.join(result.versions)}.", fg="green")
    click.echo(f"Release snapshot: {result.release}")
    for path in result.superseded:
        click.echo(f"The earlier {result.version} is kept in {path}")
    offer_reference(case, result.version)


PDF_HELP = "Write the report PDF (cover, contents, every page, page numbers, CONFIDENTIAL/DRAFT header)."
DECK_HELP = "Write the manager deck (PPTX: key findings, chapter slides, charts, top risks, action plan)."


@main.command()
@click.argument("case", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True, help=OUT_HELP)
@click.option("--pdf/--no-pdf", default=True, show_default=True, help=PDF_HELP)
@click.option("--deck/--no-deck", default=True, show_default=True, help=DECK_HELP)
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@handle_errors
def export(case: Path, out: Path, pdf: bool, deck: bool, strict: bool) -> None:
    """Write the report PDF and the manager deck into build/<case-id>/export/, building the case first when its
    build is missing or out of date."""
    from ..run.export import export as run_export

    result = run_export(case, out, pdf=pdf, deck=deck, strict=strict, progress=_progress)
    _warn(result.warnings)
    for key, path, count, unit in (("pdf", result.pdf, result.pdf_pages, "pages"),
                                   ("deck", result.deck, result.slides, "slides")):
        if path:
            by = result.reused.get(path.name)
            how = f"reused from {by} of the same findings" if by else f"in {result.seconds[key]:.1f} s"
            click.secho(f"Wrote {path} ({count} {unit}) {how}.", fg="green")
    if not (result.pdf or result.deck):
        click.echo("Nothing to export: both --no-pdf and --no-deck were given.")
    how = "built first" if result.built else "build was up to date"
    click.echo(f"Total {result.seconds['total']:.1f} s ({how}).")


main.add_command(portfolio)
main.add_command(reference)
main.add_command(kit)
main.add_command(cache)
main.add_command(host)  # last, so `smaa host` is listed after the commands above
