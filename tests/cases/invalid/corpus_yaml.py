"""case.yaml hardening (issues 10 and 11): bounded alias expansion, impossible dates, unknown keys in the blocks
where they are errors, and data roots outside the case's repository."""

from __future__ import annotations

from make_corpus import case, edit, write


@case
def yaml_alias_bomb(d):
    # nine levels of nested anchors: 9**9 values once expanded; refused at the alias that crosses the bound
    lines = ["  lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"]
    lines += [f"  lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)]
    edit(d, "case.yaml", "  core_process: customer care\n", "  core_process: customer care\n" + "".join(lines))


@case
def yaml_impossible_date(d):
    edit(d, "case.yaml", "  date: 2026-04-10\n", "  date: 2026-02-30\n")


@case
def yaml_month_13(d):
    # every impossible date is reported in one run, each at its own value
    edit(d, "case.yaml", "period: {start: 2026-03-02, end: 2026-03-27}", "period: {start: 2026-03-02, end: 2026-13-45}")
    edit(d, "case.yaml", "  date: 2026-04-10\n", "  date: 2026-04-31\n")


@case(strict=True)
def unknown_key_in_report(d):
    # report: is a strict block: a misspelt k_min is an error with or without --strict, never the default 5
    edit(d, "case.yaml", "  k_min: 5\n", "  k_mim: 3\n")


@case
def unknown_key_in_data_kind(d):
    # data.<kind>: is strict too: a misspelt delimiter would read the file another way
    edit(d, "case.yaml", "  ratings: {file: data/ratings.csv, scale: [1, 5]}\n",
         "  ratings: {file: data/ratings.csv, delimeter: ',', scale: [1, 5]}\n")


@case(strict=True)
def unknown_key_outside_strict_blocks(d):
    # a feedback item is not a strict block: a warning without --strict (exit 0), an error with it
    edit(d, "case.yaml", "    status: addressed\n", "    status: addressed\n    owner: Research team\n")


@case
def data_root_slash(d):
    write(d, "case.yaml", (d / "case.yaml").read_text(encoding="utf-8") + "\ndata_roots: [/]\n")


@case
def data_root_outside_repository(d):
    # allowed once stated as {path: /srv/smaa-data, outside_repository: true} (tests/spec/test_yaml_roots.py)
    write(d, "case.yaml", (d / "case.yaml").read_text(encoding="utf-8") + "\ndata_roots: [/srv/smaa-data]\n")
