"""How every `smaa` command ends on an error: a SmaaError is printed without a traceback and exits 1; any other
exception is a bug and keeps its traceback. In its own module so that cli/__init__.py and cli/host.py both use it without
importing each other."""

from __future__ import annotations

import functools
import sys

import click

from ..errors import SmaaError, SpecError


def handle_errors(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except SpecError as exc:
            errors = [p for p in exc.problems if p.severity == "error"]
            warnings = len(exc.problems) - len(errors)
            click.echo(str(exc), err=True)
            if getattr(exc, "note", ""):  # `smaa check`: the stages that could not run (verdict.CheckFailed)
                click.echo(exc.note, err=True)
            summary = f"{len(errors)} error(s), {warnings} warning(s)"
            if not errors:
                summary = f"{warnings} warning(s), which --strict treats as errors"
            click.secho(f"{summary}; nothing was written.", fg="red", err=True)
            sys.exit(1)
        except SmaaError as exc:
            click.secho(f"error: {exc}", fg="red", err=True)
            sys.exit(1)
    return wrapper
