"""STAGE 1: case.yaml + data files -> Case. `load_case` is the only public entry; it raises SpecError listing
every problem found (pass 1: schema; pass 2: ids, files, data), sorted by file and line."""

from __future__ import annotations

from pathlib import Path

from cerberus import Validator
from cerberus.errors import BaseErrorHandler
from cerberus.schema import DefinitionSchema

from ..errors import Problem, SpecError
from .case import Case, freeze
from .checks import check_spec
from .paths import display_path
from .messages import to_problems
from .schema import SCHEMA
from .yamlio import Located, load_located


def spec_file(path: Path) -> Path:
    path = Path(path)
    return path / "case.yaml" if path.is_dir() else path


def _has_errors(problems: list[Problem], strict: bool) -> bool:
    return any(p.severity == "error" or strict for p in problems)


def _fail_if_errors(problems: list[Problem], strict: bool) -> None:
    if _has_errors(problems, strict):
        raise SpecError(problems)


def _data_problems(spec: dict, files: dict[str, Path]) -> list[Problem]:
    """Problems of the data files that could be read: pass 2b needs only a clean pass 1, so a run that fails on
    case.yaml cross-checks still reports the data files' problems with them."""
    from .data import load_tables

    return load_tables(spec, files)[1]


def _no_spec(path: Path, display: str) -> Problem:
    if path.exists():
        return Problem(display, 0, 0, "", "expected a case.yaml here, found none; `smaa new NEW_FOLDER` scaffolds "
                       "a case")
    return Problem(display, 0, 0, "", f"expected a case folder (or its case.yaml), got a path that does not exist; "
                   f"`smaa new {display}` scaffolds a case there")


class _ErrorObjects(BaseErrorHandler):
    """Makes `Validator.errors` (Cerberus's public result) the ValidationError objects themselves instead of
    Cerberus's wording: messages.py words them, with the file position of each."""

    def __call__(self, errors):
        return list(errors)


class _OwnSchema(DefinitionSchema):
    """SCHEMA as Cerberus holds it, without Cerberus checking the definition itself again in every process (a
    fifth of a second of each command, a sixth of a rebuild after a narrative edit): SCHEMA is smaa's own code,
    and tests/spec/test_schema_definition.py has Cerberus check it."""

    def validate(self, schema=None) -> None:
        pass


def validator(**config) -> Validator:
    """A Cerberus Validator for SCHEMA (the document is checked as ever; only the schema's own check is skipped)."""
    v = Validator(**config)
    v.schema = _OwnSchema(v, SCHEMA)
    return v


def _validate_schema(loc: Located, strict: bool = False) -> tuple[dict, list[Problem]]:
    if not isinstance(loc.data, dict):
        return {}, [Problem(loc.file, 1, 1, "", "expected a mapping of keys (spec_version, engagement, …) at the "
                            "top level; see docs/reference/spec.md")]
    v = validator(error_handler=_ErrorObjects)
    v.validate(loc.data)
    problems = to_problems(v.errors, loc, SCHEMA, strict)
    # the warning says an unknown key is ignored: drop it, so no analysis ever reads a key the schema never checked
    clean = validator(purge_unknown=True)
    clean.validate(loc.data)
    return clean.document, problems


def _not_yet_reported(problems: list[Problem], reported: list[Problem]) -> list[Problem]:
    """Schema problems at keys the loader already reported: an impossible date is 'a real calendar date', not
    also 'a date, got text'."""
    keys = {p.key for p in reported if p.key}
    return [p for p in problems if p.key not in keys]


def load_spec(path: Path, strict: bool = False) -> tuple[dict, dict[str, Path], list[Problem]]:
    """Validated spec with defaults, the resolved input files, and the warnings (pass 1 and 2a)."""
    spec_path = spec_file(path).resolve()
    display = display_path(spec_path)
    if not spec_path.is_file():
        raise SpecError([_no_spec(Path(path), display)])
    loc, problems = load_located(spec_path, display)
    if loc is None:
        raise SpecError(problems)
    spec, more = _validate_schema(loc, strict)
    problems += _not_yet_reported(more, problems)
    _fail_if_errors(problems, strict)
    files, more = check_spec(spec, loc, spec_path.parent)
    problems += more
    if _has_errors(problems, strict):
        raise SpecError(problems + _data_problems(spec, files))
    return spec, files, problems


def load_case(path: Path, strict: bool = False, provenance: dict | None = None, cache_dir: Path | None = None,
              loaded: tuple | None = None) -> Case:
    """`loaded`: (spec, files, warnings) as load_spec returned them, when the caller has validated case.yaml."""
    from .data import load_tables  # pandas: only when data are really read
    from .memo import arrow_memory

    arrow_memory()

    spec, files, warnings = loaded or load_spec(path, strict)
    tables, problems = load_tables(spec, files, cache_dir)
    _fail_if_errors(warnings + problems, strict)
    spec_path = spec_file(path).resolve()
    return Case(root=spec_path.parent, spec_path=spec_path, spec=freeze(spec), tables=freeze(tables),
                files=freeze(files), provenance=freeze(provenance or {}), warnings=tuple(warnings + problems),
                cache_dir=cache_dir)
