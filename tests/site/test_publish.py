"""`smaa publish` end to end: the scripted three-round engagement (draft-1 → feedback recorded → data and narrative
edited → draft-2 → final) published to a folder target; versions.json, aliases, banners, release snapshots, each
"What changed" page item by item; refusal without --force; forced re-publish keeps the earlier copy; a publish
that fails half-way leaves the deployment and the releases as they were; the git-branch target."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from click.testing import CliRunner

import _page
import _three_rounds as script
from _three_rounds import CASE_ID, tree_bytes
from smaa_build import releases
from smaa_build.cli import main
from smaa_build.errors import SiteError
from smaa_build.site import deploy as deploy_mod
from smaa_build.site import publish as publish_mod
from smaa_build.run.publish import publish

VERSIONS = ["final", "draft-2", "draft-1"]
PAGES = ["404.html", "appendix.html", "changes.html", "engagement.html", "feedback.html", "index.html"]

F1 = ("F1 — addressed · round 1 · from Head of Communication · on Engagement and method “Please show the interview "
      "dates <script>alert(1)</script>.” Response: Added to the engagement page.")
F2 = ("F2 — declined · round 1 · from Marketing director · on Summary “Drop the benchmark.” Response: The benchmark "
      "is part of the method; we kept it.")
F3 = ("F3 — addressed · round 1 · from Data protection officer · on Method notes “Raise the minimum cell size to 6.” "
      "Response: k_min is now 6 for every table.")
MOVED = ["What", "{old}", "{new}", "Change", "Why"]
FIGURES = ["Figure", "{old}", "{new}", "Change"]
SUPPRESSIONS = ["Figure or cell", "Change"]
CELLS = ["Row", "Column", "{old}", "{new}", "Change"]
# interviewees per function: round 2 adds three marketing people (6 -> 9), the final one communication person
MKT_CELL, COMMS_CELL = ["Marketing", "Interviewees", "6", "9", "▲ up"], ["Communication", "Interviewees", "6", "7", "▲ up"]
# What changed states its materiality rule under the table of changes that matter (pages/changes/material.py)
RULES = ["a risk changes band;", "a share moves by 5 percentage points or more;",
         "an index on a 0–1 scale moves by 0.05 or more;", "a correlation moves by 0.10 or more;",
         "a count moves by 10% or more;", "a verdict changes;", "a test becomes, or stops being, significant at 5%."]
# why: each round adds interviewees with their codes and ratings; F1 (engagement page) was answered in round 2
DATA = "new or corrected data: the interview coding, the interviewee register and the survey ratings"
WHY_N = "feedback F1 (Head of Communication); new or corrected data: the interview coding and the interviewee register"
R1 = ["R1 Unanswered complaints · Marketing", "High", "Medium", "▼ better", DATA]
R3 = ["R3 Silent KPIs · Communication", "Medium", "Very high", "▲ worse", DATA]
STUB_IN, STUB_OUT = ("Other parts of the report: 1 figure reported for the first time.",
                     "Other parts of the report: 1 figure no longer reported.")
H3 = ["What moved that matters", "Feedback answered", "Narrative"]

# What each page must list, derived by hand in _three_rounds.py; {old}/{new} are the two versions' titles. A risk
# band and the interviewee count (+25%, +33%: past the 10% rule for counts) matter; 15 -> 16 (+7%) and the mean
# interview length (not a headline figure) are other figures, under "All differences" with the cells.
EXPECTED = {
    "draft-2": {
        "Since Draft 1 (10 April 2026)": {
            "headline": "2 changes that matter since Draft 1.",
            "h3": H3,
            "tables": [[MOVED, R1, ["Interviewees", "12", "15", "▲ up", WHY_N]], [CELLS, MKT_CELL],
                       [SUPPRESSIONS, ["Interviewees by level: Manager", "now shown"],
                        ["Interviewees by level: Senior manager", "now shown"]]],
            "items": RULES + [F1, F2],
            "del": ["12", "functions."],
            "ins": ["15", "functions: communication and marketing.",
                    "Marketing managers asked for <em>more</em> detail & context."],
        },
    },
    "final": {
        "Since Draft 2 (24 April 2026)": {
            "headline": "1 change that matters since Draft 2: R3 Silent KPIs · Communication, Medium → Very high.",
            "h3": H3,
            "tables": [[MOVED, R3], [FIGURES, ["Interviewees", "15", "16", "▲ up"],
                                     ["Mean interview length", "45.5 min", "47.4 min", "▲ up"]], [CELLS, COMMS_CELL],
                       [SUPPRESSIONS, ["Mean interview length in Communication", "now shown"],
                        ["Interviewees by level: Manager", "now withheld (<6)"]]],
            "items": RULES + [F3, STUB_IN, STUB_OUT],
            "del": ["15", "<em>more</em> detail & context."],
            "ins": ["16", "more detail."],
        },
        "Since Draft 1 (10 April 2026)": {
            "headline": "3 changes that matter since Draft 1.",
            "h3": H3,
            "tables": [[MOVED, R1, R3, ["Interviewees", "12", "16", "▲ up", WHY_N]],
                       [FIGURES, ["Mean interview length", "45.5 min", "47.4 min", "▲ up"]], [CELLS, COMMS_CELL, MKT_CELL],
                       [SUPPRESSIONS, ["Mean interview length in Communication", "now shown"],
                        ["Interviewees by level: Senior manager", "now shown"]]],
            "items": RULES + [F1, F2, F3, STUB_IN, STUB_OUT],
            "del": ["12", "functions."],
            "ins": ["16", "functions: communication and marketing.", "Marketing managers asked for more detail."],
        },
    },
}
TITLES = {"draft-1": "Draft 1", "draft-2": "Draft 2", "final": "Final"}


def _tables(expected: dict, old: str, new: str) -> list:
    fill = {"{old}": old, "{new}": new}
    return [[[fill.get(c, c) for c in row] for row in table] for table in expected["tables"]]


# ---------- the deployment ----------

def test_versions_json_lists_every_version_newest_first_with_latest_on_final(published):
    versions = json.loads((published.site / "versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions] == VERSIONS
    assert [v["title"] for v in versions] == ["Final", "Draft 2", "Draft 1"]
    assert [v["aliases"] for v in versions] == [["latest"], [], []]
    assert [v["properties"]["date"] for v in versions] == ["2026-05-08", "2026-04-24", "2026-04-10"]


def test_one_folder_per_version_plus_latest_and_root_redirect(published):
    names = sorted(p.name for p in published.site.iterdir())
    assert names == ["draft-1", "draft-2", "final", "index.html", "latest", "versions.json"]
    assert '<meta http-equiv="refresh" content="0; url=latest/">' in (published.site / "index.html").read_text(
        encoding="utf-8")


def test_latest_redirects_every_page_to_the_same_page_of_final(published):
    latest = published.site / "latest"
    assert sorted(p.name for p in latest.iterdir()) == PAGES
    for page in PAGES:
        text = (latest / page).read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="../final/{page}">' in text and 'content="noindex,nofollow"' in text
        assert '<script src="../final/assets/javascripts/smaa-redirect.js"></script>' in text  # no inline script


def test_drafts_carry_the_draft_banner_and_final_carries_its_date(published):
    for version, round_ in (("draft-1", 1), ("draft-2", 2)):
        home = (published.site / version / "index.html").read_text(encoding="utf-8")
        assert 'class="smaa-draft"' in home and f'smaa-draft__round">Round {round_}<' in home
    final = (published.site / "final" / "index.html").read_text(encoding="utf-8")
    assert "smaa-draft" not in final
    assert "Final report, dated 8 May 2026" in final


def test_every_version_has_the_version_selector_config_and_the_outdated_banner(published):
    for version in VERSIONS:
        pages = sorted((published.site / version).glob("*.html"))
        assert len(pages) == (4 if version == "draft-1" else 6)  # draft-1: no feedback, nothing to compare
        for page in pages:
            text = page.read_text(encoding="utf-8")
            config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                          text, re.S).group(1))
            assert config["version"] == {"default": "latest", "provider": "mike"}
            assert 'data-md-component="outdated"' in text and "Go to the latest version." in text


def test_sitemap_lists_the_version_root_so_the_selector_keeps_the_page(published):
    sitemap = (published.site / "draft-1" / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    root = f"https://report.invalid/{CASE_ID}/draft-1/"
    assert locs[0] == root and all(loc.startswith(root) for loc in locs)
    assert f"{root}changes.html" not in locs  # draft-1 has no earlier version to compare with


# ---------- release snapshots ----------

def test_release_snapshots_hold_findings_narrative_feedback_and_provenance(published):
    rel = releases.releases_dir(published.case)
    assert sorted(p.name for p in rel.iterdir()) == ["draft-1", "draft-2", "final"]
    files = sorted(p.relative_to(rel / "draft-2").as_posix() for p in (rel / "draft-2").rglob("*") if p.is_file())
    assert files == ["case.yaml", "feedback.json", "findings.json", "narrative/shown/home.md",
                     "narrative/source/home.md", "release.json"]
    meta = json.loads((rel / "draft-2" / "release.json").read_text(encoding="utf-8"))
    assert (meta["version"], meta["status"], meta["round"], meta["date"], meta["k_min"]) == \
        ("draft-2", "draft", 2, "2026-04-24", 5)
    assert meta["narrative"] == {"home": "text/summary.md"} and "data/interviewees.csv" in meta["provenance"]["inputs"]
    assert (rel / "draft-2" / "narrative" / "source" / "home.md").read_text(encoding="utf-8") == script.SUMMARY[2]
    assert "We interviewed 15 people" in (rel / "draft-2" / "narrative" / "shown" / "home.md").read_text("utf-8")
    feedback = json.loads((rel / "draft-2" / "feedback.json").read_text(encoding="utf-8"))
    assert [(f["id"], f["status"]) for f in feedback] == [("F1", "addressed"), ("F2", "declined"), ("F3", "open")]
    findings = json.loads((rel / "final" / "findings.json").read_text(encoding="utf-8"))
    assert findings["findings"]["engagement.n_interviewees"]["value"] == 16


# ---------- "What changed" ----------

def test_first_version_has_no_what_changed_page(published):
    assert not (published.site / "draft-1" / "changes.html").exists()


@pytest.mark.parametrize("version", ["draft-2", "final"])
def test_what_changed_lists_exactly_the_expected_changes(published, version):
    found = _page.sections(published.site / version / "changes.html")
    expected = EXPECTED[version]
    assert [t for t in found if t != "(intro)"] == list(expected)  # one section per earlier version, newest first
    for title, want in expected.items():
        got = found[title]
        old = title.split("Since ", 1)[1].split(" (", 1)[0]
        assert got["headline"] == want["headline"]
        assert got["h3"] == want["h3"]
        assert got["h4"] == ["Summary"]
        assert got["tables"] == _tables(want, old, TITLES[version])
        assert got["items"] == want["items"]
        assert got["del"] == want["del"] and got["ins"] == want["ins"]
    assert found["(intro)"]["items"][0] == next(iter(expected.values()))["headline"]  # headline first


def test_what_changed_escapes_user_text(published):
    text = (published.site / "final" / "changes.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in text and "<em>more</em>" not in text
    assert "&lt;em&gt;more&lt;/em&gt;" in text and "&lt;script&gt;alert(1)" in text


def test_feedback_page_lists_items_by_round_and_status(published):
    found = _page.sections(published.site / "draft-2" / "feedback.html")
    assert list(found) == ["(intro)", "Feedback on draft 1"]
    assert found["Feedback on draft 1"]["h3"] == ["Addressed", "Declined", "Open"]
    assert [i.split(" ·")[0] for i in found["Feedback on draft 1"]["items"]] == ["F1", "F2", "F3"]


def test_preview_build_shows_what_changed_against_earlier_releases(published, pinned, tmp_path):
    from smaa_build.run.build import build

    out = build(published.case, published.out_root).out_dir
    found = _page.sections(out / "site" / "changes.html")
    assert [t for t in found if t != "(intro)"] == list(EXPECTED["final"])  # final is not compared with itself
    fresh = script.start(tmp_path / "fresh")
    prep_pages = build(fresh, tmp_path / "build").out_dir / "docs"
    assert not (prep_pages / "changes.md").exists()


# ---------- refusing, forcing, failing ----------

def test_republishing_without_force_is_refused_and_changes_nothing(published, pinned):
    before = (tree_bytes(published.target), tree_bytes(published.case / "releases"))
    with pytest.raises(SiteError) as err:
        publish(published.case, target=published.target, out_root=published.out_root)
    message = str(err.value)
    assert "'final' is already published" in message and "--force" in message and "Nothing was changed" in message
    assert (tree_bytes(published.target), tree_bytes(published.case / "releases")) == before


def test_cli_refusal_is_a_clear_error_without_traceback(published, pinned):
    result = CliRunner().invoke(main, ["publish", str(published.case), "--target", str(published.target),
                                       "--out", str(published.out_root)])
    assert result.exit_code == 1 and "error: version 'final' is already published" in result.output
    assert "Traceback" not in result.output


def test_forced_republish_keeps_the_earlier_copy(published, pinned, tmp_path):
    pub = published.copy(tmp_path)
    old_site, old_release = tree_bytes(pub.site / "final"), tree_bytes(pub.case / "releases" / "final")
    (pub.case / "text" / "summary.md").write_text(script.SUMMARY[3] + "\nOne last sentence.\n", encoding="utf-8")
    result = publish(pub.case, target=pub.target, out_root=pub.out_root, force=True)
    assert tree_bytes(pub.site / ".superseded" / "final-1") == old_site
    assert tree_bytes(pub.case / "releases" / ".superseded" / "final-1") == old_release
    assert sorted(result.superseded) == sorted([str(pub.site / ".superseded" / "final-1"),
                                                str(pub.case / "releases" / ".superseded" / "final-1")])
    assert "One last sentence." in (pub.site / "final" / "index.html").read_text(encoding="utf-8")
    versions = json.loads((pub.site / "versions.json").read_text(encoding="utf-8"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("final", ["latest"]), ("draft-2", []),
                                                                ("draft-1", [])]
    assert [p.name for p in releases.published(pub.case)] == ["draft-1", "draft-2", "final"]


class Injected(Exception):
    pass


def _raise(*args, **kwargs):
    raise Injected("injected failure")


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt  # what Ctrl-C raises


def _fail_replace_into(monkeypatch, predicate):
    real = os.replace

    def replace(src, dst):
        if predicate(os.fspath(src), os.fspath(dst)):
            raise Injected(f"injected failure moving {src} -> {dst}")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)


FAILURES = {
    "mkdocs build": lambda mp, pub: mp.setattr(publish_mod, "build_site", _raise),
    "composing the new tree": lambda mp, pub: mp.setattr(deploy_mod, "alias_pages", _raise),
    "ctrl-c while composing": lambda mp, pub: mp.setattr(deploy_mod, "root_redirect", _interrupt),
    "swapping the new tree in": lambda mp, pub: _fail_replace_into(
        mp, lambda src, dst: dst == str(pub.site) and src.endswith("/new")),  # not the roll-back rename
    "installing the release snapshot": lambda mp, pub: mp.setattr(releases, "install", _raise),
    "renaming the release into place": lambda mp, pub: _fail_replace_into(
        mp, lambda src, dst: "/releases/.staging-" in src),
}


@pytest.mark.parametrize("forced", [False, True], ids=["new version", "forced re-publish"])
@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_publish_failing_half_way_leaves_everything_as_it_was(published, pinned, tmp_path, failure, forced):
    pub = published.copy(tmp_path)
    kwargs = {"force": True} if forced else {"version": "addendum"}
    before = (tree_bytes(pub.target), tree_bytes(pub.case), tree_bytes(pub.out_root / CASE_ID))
    with pytest.MonkeyPatch.context() as mp:
        FAILURES[failure](mp, pub)
        with pytest.raises((Injected, KeyboardInterrupt)):
            publish(pub.case, target=pub.target, out_root=pub.out_root, **kwargs)
    assert (tree_bytes(pub.target), tree_bytes(pub.case), tree_bytes(pub.out_root / CASE_ID)) == before
    assert not [p for p in pub.out_root.iterdir() if "publish" in p.name]  # no staging left behind


def test_target_and_branch_are_exclusive(published):
    with pytest.raises(SiteError, match="either --target DIR or --branch NAME"):
        publish(published.case, target=published.target, branch="pages")


def test_version_names_are_checked(published):
    with pytest.raises(SiteError, match="not a usable version name"):
        publish(published.case, target=published.target, version="latest")


# ---------- git branch target ----------

def _git(repo, *args) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def git_case(tmp_path, monkeypatch, pinned):
    for name, value in (("GIT_AUTHOR_NAME", "t"), ("GIT_AUTHOR_EMAIL", "t@example.invalid"),
                        ("GIT_COMMITTER_NAME", "t"), ("GIT_COMMITTER_EMAIL", "t@example.invalid")):
        monkeypatch.setenv(name, value)
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    case = script.start(repo / "cases" / CASE_ID)
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "case")
    return repo, case


def test_branch_target_deploys_with_mike_layout_and_keeps_history(git_case, tmp_path):
    repo, case = git_case
    publish(case, branch="reports", out_root=tmp_path / "build")
    script.advance(case, 2)
    publish(case, branch="reports", out_root=tmp_path / "build")
    versions = json.loads(_git(repo, "show", f"reports:{CASE_ID}/versions.json"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("draft-2", ["latest"]), ("draft-1", [])]
    files = _git(repo, "ls-tree", "-r", "--name-only", "reports").split()
    assert f"{CASE_ID}/draft-2/changes.html" in files and f"{CASE_ID}/latest/changes.html" in files
    assert f"{CASE_ID}/index.html" in files and f"{CASE_ID}/draft-1/index.html" in files
    head = _git(repo, "rev-parse", "reports")
    with pytest.raises(SiteError, match="already published"):
        publish(case, branch="reports", out_root=tmp_path / "build")
    assert _git(repo, "rev-parse", "reports") == head
    old_home = _git(repo, "show", f"reports:{CASE_ID}/draft-2/index.html")
    (case / "text" / "summary.md").write_text("# Summary\n\nRewritten.\n", encoding="utf-8")
    publish(case, branch="reports", out_root=tmp_path / "build", force=True)
    assert "Rewritten." in _git(repo, "show", f"reports:{CASE_ID}/draft-2/index.html")
    assert _git(repo, "show", f"reports~1:{CASE_ID}/draft-2/index.html") == old_home  # recoverable from history
    assert "main" in _git(repo, "branch", "--show-current")  # the working branch was never touched


def test_branch_publish_failing_after_the_commit_resets_the_branch(git_case, tmp_path, monkeypatch):
    repo, case = git_case
    publish(case, branch="reports", out_root=tmp_path / "build")
    script.advance(case, 2)
    head = _git(repo, "rev-parse", "reports")
    before = tree_bytes(case / "releases")
    monkeypatch.setattr(releases, "install", _raise)
    with pytest.raises(Injected):
        publish(case, branch="reports", out_root=tmp_path / "build")
    assert _git(repo, "rev-parse", "reports") == head and tree_bytes(case / "releases") == before


def test_a_failed_first_publish_leaves_no_releases_folder(tmp_path, pinned, monkeypatch):
    case = script.start(tmp_path / "case")
    monkeypatch.setattr(deploy_mod, "alias_pages", _raise)
    with pytest.raises(Injected):
        publish(case, target=tmp_path / "public", out_root=tmp_path / "build")
    assert not (case / "releases").exists()
    assert not (tmp_path / "public" / CASE_ID).exists()


# ---------- the versions model ----------

def _entry(name, status, round_):
    from smaa_build.site.versions import Entry

    return Entry(name, name.title(), [], {"status": status, "round": round_, "date": "2026-01-01"})


def test_latest_follows_the_newest_draft_until_a_final_exists_and_then_stays_on_it():
    from smaa_build.site.versions import Versions

    v = Versions()
    for name, status, round_ in [("draft-1", "draft", 1), ("draft-9", "draft", 9), ("draft-10", "draft", 10)]:
        v = v.with_entry(_entry(name, status, round_))
        assert v.alias_target("latest") == name
    v = v.with_entry(_entry("final", "final", 10))
    v = v.with_entry(_entry("draft-11", "draft", 11))  # a later draft never displaces a signed-off final
    assert v.names() == ["draft-11", "final", "draft-10", "draft-9", "draft-1"]
    assert v.alias_target("latest") == "final"
    assert [e.aliases for e in v.entries] == [[], ["latest"], [], [], []]


def test_versions_written_by_mike_without_properties_are_ordered_by_name():
    from smaa_build.site.versions import Versions

    v = Versions.loads('[{"version": "draft-2", "title": "D2", "aliases": ["latest"]},'
                       ' {"version": "final", "title": "F", "aliases": []},'
                       ' {"version": "draft-10", "title": "D10", "aliases": []}]')
    assert v.names() == ["final", "draft-10", "draft-2"]
    with pytest.raises(SiteError, match="not a mike versions.json"):
        Versions.loads("{oops", "x/versions.json")


def test_redirect_pages_escape_and_point_to_the_same_page():
    from smaa_build.site.versions import alias_pages, redirect_html

    pages = alias_pages("final", ["index.html", "sub/page.html"])
    assert 'href="../final/index.html"' in pages["latest/index.html"]
    assert 'href="../../final/sub/page.html"' in pages["latest/sub/page.html"]
    assert 'src="../../final/assets/javascripts/smaa-redirect.js"' in pages["latest/sub/page.html"]
    evil = redirect_html('x"</script><b>')
    assert "</script><b>" not in evil and "&lt;b&gt;" in evil


def test_sitemap_root_is_added_once():
    from smaa_build.site.versions import add_root_to_sitemap

    xml = '<urlset xmlns="x">\n<url><loc>https://h/c/v/index.html</loc></url>\n</urlset>'
    once = add_root_to_sitemap(xml, "https://h/c/v/")
    assert re.findall(r"<loc>(.*?)</loc>", once) == ["https://h/c/v/", "https://h/c/v/index.html"]
    assert add_root_to_sitemap(once, "https://h/c/v/") == once


def test_site_url_sets_canonical_links_of_the_version(published, pinned, tmp_path):
    pub = published.copy(tmp_path)
    publish(pub.case, target=pub.target, out_root=pub.out_root, version="addendum",
            site_url="https://reports.example.com/clients/")
    home = (pub.site / "addendum" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://reports.example.com/clients/heron-rounds/addendum/index.html">' in home
    versions = json.loads((pub.site / "versions.json").read_text(encoding="utf-8"))
    assert [v["version"] for v in versions] == ["final", "addendum", "draft-2", "draft-1"]
    assert versions[0]["aliases"] == ["latest"]
