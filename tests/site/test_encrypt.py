"""report.privacy: encrypted (design.md §6 Privacy). The demo case built encrypted: no file of the site holds, in
clear, the client name, the codename, an organisation label, a narrative sentence, a finding key or label, or any
word only the report pages contain; every shell decrypts (here with Python's own AES-GCM and PBKDF2, not smaa's
code) to exactly the page mkdocs produced. A missing or short password is refused, located, before anything is
written. A published encrypted version is shells only. host-auth output is left as it was."""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
from pathlib import Path

import material
import pytest
import yaml
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from _spec import full_spec
from smaa_build.errors import SpecError
from smaa_build.run.build import build
from smaa_build.site import encrypt
from smaa_build.site import publish as publish_mod
from smaa_build.site.build import mkdocs_config
from smaa_build.run.publish import publish

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"
PAYLOAD = re.compile(r'(<script type="application/json" id="smaa-lock-data">)(.*?)(</script>)', re.S)
THEME_SOURCES = (REPO / "theme", Path(material.__file__).parent / "templates")
INLINE = "assets/javascripts/inline/"  # the theme's inline scripts, moved into files by site/harden.py
MIN_ASSET_NEEDLE = 4  # "HR", "R&D": two or three letters turn up by chance in minified code and in favicon.png
# Looked for outside the theme assets only: report-only words are by definition absent from them, and "value." or
# "risk." are ordinary code. The assets are checked to be the theme's own files, byte for byte.
NOT_IN_ASSETS = {"report-only words", "finding key prefixes"}


def copy_case(src: Path, dst: Path, privacy: str = "encrypted") -> Path:
    shutil.copytree(src, dst / src.name)
    if (src.parent / "_reference").is_dir():
        shutil.copytree(src.parent / "_reference", dst / "_reference")
    spec = dst / src.name / "case.yaml"
    text = spec.read_text(encoding="utf-8")
    if "privacy:" in text:
        text = re.sub(r"privacy: \S+", f"privacy: {privacy}", text)
    else:
        text = text.replace("\nreport:\n", f"\nreport:\n  privacy: {privacy}\n", 1)
    spec.write_text(text, encoding="utf-8")
    return dst / src.name


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def spy(mp, module, name: str) -> dict:
    """Wrap protect_site so the test keeps the pages mkdocs produced, just before they are encrypted."""
    seen: dict = {}
    real = encrypt.protect_site

    def wrapped(spec, site_dir):
        seen.update(tree(Path(site_dir)))
        return real(spec, site_dir)

    mp.setattr(module, name, wrapped)
    return seen


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("encrypted")
    case = copy_case(REPO / "cases" / "demo", root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(encrypt.PASSWORD_ENV, PASSWORD)
        plain = spy(mp, encrypt, "protect_site")
        result = build(case, root / "build")
    return case, result.out_dir, plain, tree(result.out_dir / "site")


# ---------- what must not be in clear ----------

def payload(text: str) -> dict:
    found = PAYLOAD.findall(text)
    assert len(found) == 1, "a shell holds exactly one payload"
    return json.loads(found[0][1])


def outside_payload(data: bytes) -> bytes:
    return PAYLOAD.sub(r"\1\3", data.decode("utf-8")).encode("utf-8")


def forms(needle: str) -> set[bytes]:
    """The ways a text can stand in a file: as is, HTML-escaped, JSON-escaped."""
    return {needle.encode(), html.escape(needle).encode(), json.dumps(needle)[1:-1].encode()}


def page_text(pages: dict[str, bytes]) -> str:
    """Everything the plain pages say: their HTML, unescaped (tags and all)."""
    return html.unescape("\n".join(b.decode("utf-8") for rel, b in pages.items() if rel.endswith(".html")))


def narrative_fragments(case: Path) -> list[str]:
    out = []
    for md in sorted((case / "text").glob("*.md")):
        for line in md.read_text(encoding="utf-8").splitlines():
            out += [f.strip() for f in re.split(r"\{\{.*?\}\}|[*_`#>\[\]]", line) if len(f.strip()) >= 25]
    return out


def confidential(case: Path, out_dir: Path, plain: dict[str, bytes]) -> dict[str, list[str]]:
    """Texts of this engagement, by kind; each kind is checked to be present in the plain pages."""
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    org = spec["organisation"]
    findings = json.loads((out_dir / "findings.json").read_text(encoding="utf-8"))["findings"]
    text = page_text(plain)
    # words of the theme's files (material's and smaa's) and of the shell are not the report's own
    generic = set(re.findall(rb"[A-Za-z]{6,}", b"".join(b for rel, b in plain.items() if rel.startswith("assets/"))))
    words = sorted({w for w in re.findall(r"[A-Za-z]{6,}", re.sub(r"<[^>]+>", " ", text))
                    if w.encode() not in generic and w not in encrypt.SHELL})
    return {
        "names": [spec["engagement"]["client"], spec["engagement"]["codename"]],
        "labels": [x["label"] for kind in ("functions", "levels", "activities") for x in org[kind]],
        "narrative": narrative_fragments(case),
        "finding keys": sorted(findings),
        "finding key prefixes": sorted({k.split(".")[0] + "." for k in findings}),  # diffusion., alignment., …
        "finding labels": sorted({f["label"] for f in findings.values() if len(f["label"]) >= 12}),
        "report-only words": words,
    }


@pytest.fixture(scope="module")
def kinds(demo):
    case, out_dir, plain, _site = demo
    return confidential(case, out_dir, plain)


def test_the_needles_are_in_the_plain_pages(demo, kinds):
    """Guards the leak test below against checking for texts the report never contained."""
    _case, _out, plain, _site = demo
    text = page_text(plain)
    assert kinds["names"][0] not in text  # show_client_name is false: the client's name is a needle all the same
    for kind, needles in (("codename", kinds["names"][1:]), ("labels", kinds["labels"]),
                          ("narrative", kinds["narrative"])):
        missing = [n for n in needles if n not in text]
        assert missing == [], f"{kind} not in the plain pages: {missing}"
    assert len(kinds["narrative"]) >= 20
    # finding keys are not shown on the pages: they would reach the site only through a copied findings.json
    assert len(kinds["finding keys"]) >= 100
    assert sum(label in text for label in kinds["finding labels"]) >= 10
    assert len(kinds["report-only words"]) >= 300


def test_no_confidential_byte_in_clear_in_any_file(demo, kinds):
    _case, _out, _plain, site = demo
    leaks = []
    for rel, data in site.items():
        asset = rel.startswith("assets/")
        visible = data if asset else outside_payload(data)
        for kind, needles in kinds.items():
            for needle in needles:
                if asset and (len(needle) < MIN_ASSET_NEEDLE or kind in NOT_IN_ASSETS):
                    continue
                if any(f in visible for f in forms(needle)):
                    leaks.append((rel, kind, needle))
    assert leaks == []


def test_only_shells_and_theme_assets_are_left(demo):
    _case, _out, plain, site = demo
    pages = sorted(rel for rel in plain if rel.endswith(".html"))
    assert "404.html" in pages and "index.html" in pages
    assert sorted(rel for rel in site if not rel.startswith("assets/")) == pages  # no sitemap, no search index
    assert "sitemap.xml" in plain and "search/search_index.json" not in plain  # search was never built
    for rel in pages:
        text = site[rel].decode("utf-8")
        assert "<title>Protected report</title>" in text
        assert '<meta name="robots" content="noindex,nofollow">' in text
        # nothing linked; the one script is the theme's decryption script (a file: the CSP allows no inline script)
        assert re.findall(r"(?:src|href)=\"([^\"]*)\"", text) == ["data:,", "assets/javascripts/smaa-unlock.js"]


def test_assets_are_the_theme_files_unchanged(demo):
    """So they cannot carry anything of this case."""
    _case, _out, _plain, site = demo
    for rel, data in site.items():
        if rel.startswith("assets/") and not rel.startswith(INLINE):
            assert any((src / rel).is_file() and (src / rel).read_bytes() == data for src in THEME_SOURCES), rel


def test_the_moved_inline_scripts_are_the_same_for_every_case(demo, tmp_path, monkeypatch):
    """The scripts the hardening pass moved out of the pages sit in clear beside the shells: they are the theme's
    (the same files for another case and its other texts), so they cannot carry anything of this one."""
    _case, _out, _plain, site = demo
    moved = {rel: data for rel, data in site.items() if rel.startswith(INLINE)}
    assert moved  # material writes inline scripts into every page
    monkeypatch.setenv(encrypt.PASSWORD_ENV, PASSWORD)
    other = build(copy_case(REPO / "tests" / "cases" / "minimal", tmp_path), tmp_path / "build")
    assert {rel: data for rel, data in tree(other.out_dir / "site").items() if rel.startswith(INLINE)} == moved


def decrypt(shell: bytes, password: str) -> bytes:
    """Independent of smaa's code: the payload's own parameters, Python's PBKDF2 and AES-GCM."""
    p = payload(shell.decode("utf-8"))
    assert (p["kdf"], p["cipher"]) == ("PBKDF2-HMAC-SHA256", "AES-256-GCM")
    salt, iv, ct = (base64.b64decode(p[k], validate=True) for k in ("salt", "iv", "ciphertext"))
    key = PBKDF2HMAC(hashes.SHA256(), 32, salt, p["iterations"]).derive(password.encode("utf-8"))
    return AESGCM(key).decrypt(iv, ct, None)


def test_every_shell_decrypts_to_the_page_mkdocs_produced(demo):
    _case, _out, plain, site = demo
    pages = [rel for rel in site if rel.endswith(".html")]
    params = [payload(site[rel].decode("utf-8")) for rel in pages]
    assert len({p["salt"] for p in params}) == 1 and len(base64.b64decode(params[0]["salt"])) == 16
    assert len({p["iv"] for p in params}) == len(pages)
    assert all(len(base64.b64decode(p["iv"])) == 12 and p["iterations"] >= 600_000 for p in params)
    key = PBKDF2HMAC(hashes.SHA256(), 32, base64.b64decode(params[0]["salt"]), params[0]["iterations"]).derive(
        PASSWORD.encode("utf-8"))
    for rel, p in zip(pages, params):
        clear = AESGCM(key).decrypt(base64.b64decode(p["iv"]), base64.b64decode(p["ciphertext"]), None)
        assert clear == plain[rel], rel
    assert decrypt(site["index.html"], PASSWORD) == plain["index.html"]


def test_a_wrong_password_decrypts_nothing(demo):
    from cryptography.exceptions import InvalidTag

    _case, _out, _plain, site = demo
    with pytest.raises(InvalidTag):
        decrypt(site["index.html"], PASSWORD + "!")


def test_the_password_is_written_nowhere(demo):
    _case, out_dir, _plain, _site = demo
    for folder in (out_dir, out_dir.parent / ".cache"):
        for rel, data in tree(folder).items():
            assert PASSWORD.encode() not in data, rel


# ---------- the password: environment only, refused before anything is written ----------

@pytest.fixture
def minimal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # messages name case.yaml relative to the working directory
    case = copy_case(REPO / "tests" / "cases" / "minimal", tmp_path)
    out = tmp_path / "build"
    (out / "minimal").mkdir(parents=True)
    (out / "minimal" / "earlier.txt").write_text("an earlier build", encoding="utf-8")
    return case, out


def privacy_at(case: Path) -> str:
    lines = (case / "case.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "privacy: encrypted" in text)
    return f"minimal/case.yaml:{line}:{lines[line - 1].index('encrypted') + 1}"


@pytest.mark.parametrize("password, message", [
    (None, "report.privacy: encrypted mode takes the site password from the SMAA_SITE_PASSWORD environment "
           "variable, which is not set; set it for this command (at least 12 characters). It is never read "
           "from case.yaml"),
    ("", "report.privacy: encrypted mode takes the site password from the SMAA_SITE_PASSWORD environment "
         "variable, which is not set; set it for this command (at least 12 characters). It is never read "
         "from case.yaml"),
    ("elevenchars", "report.privacy: the password in SMAA_SITE_PASSWORD has 11 characters; encrypted mode needs "
                    "at least 12"),
])
def test_missing_or_short_password_is_refused_and_nothing_written(minimal, monkeypatch, password, message):
    case, out = minimal
    if password is None:
        monkeypatch.delenv(encrypt.PASSWORD_ENV, raising=False)
    else:
        monkeypatch.setenv(encrypt.PASSWORD_ENV, password)
    before = tree(out)
    with pytest.raises(SpecError) as err:
        build(case, out)
    assert str(err.value) == f"{privacy_at(case)}: {message}"
    with pytest.raises(SpecError):
        publish(case, target=out.parent / "public", out_root=out)
    assert tree(out) == before
    assert not (out.parent / "public").exists() and not (case / "releases").exists()


def test_twelve_characters_are_enough(minimal, monkeypatch):
    case, out = minimal
    monkeypatch.setenv(encrypt.PASSWORD_ENV, "twelve chars")
    site = tree(build(case, out).out_dir / "site")
    assert decrypt(site["index.html"], "twelve chars").lstrip().startswith(b"<!doctype html>")


# ---------- publish ----------

def test_a_published_encrypted_version_is_shells_only(minimal, monkeypatch):
    case, out = minimal
    monkeypatch.setenv(encrypt.PASSWORD_ENV, PASSWORD)
    plain = spy(monkeypatch, publish_mod, "protect_site")
    result = publish(case, target=out.parent / "public", out_root=out)
    public = tree(out.parent / "public" / "minimal")
    version = {rel.split("/", 1)[1]: b for rel, b in public.items() if rel.startswith(f"{result.version}/")}
    pages = sorted(rel for rel in plain if rel.endswith(".html"))
    assert sorted(rel for rel in version if not rel.startswith("assets/")) == pages
    for rel in pages:
        assert decrypt(version[rel], PASSWORD) == plain[rel]
    # versions.json: mike's fields plus status, round and date; nothing else of the case
    assert json.loads(public["versions.json"]) == [{"version": "draft-1", "title": "Draft 1", "aliases": ["latest"],
                                                    "properties": {"status": "draft", "round": 1,
                                                                   "date": "2025-11-03"}}]
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    needles = [spec["engagement"]["client"], spec["engagement"]["codename"]] + [
        x["label"] for kind in ("functions", "levels", "activities") for x in spec["organisation"][kind]]
    for rel, data in public.items():
        if not rel.startswith(f"{result.version}/assets/"):
            assert not [n for n in needles if n.encode() in outside_payload(data)], rel


# ---------- host-auth is left as it was ----------

def test_host_auth_config_and_site_are_untouched(tmp_path):
    spec = yaml.safe_load((REPO / "cases" / "demo" / "case.yaml").read_text(encoding="utf-8"))
    spec["report"].setdefault("confidentiality", "Confidential.")
    assert spec["report"]["privacy"] == "host-auth"
    config = mkdocs_config(spec, [("index", "Summary")], tmp_path)
    assert "plugins" not in config and set(config["theme"]) == {"name", "custom_dir", "language"}
    del spec["report"]["privacy"]
    assert mkdocs_config(spec, [("index", "Summary")], tmp_path) == config
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<title>Heron</title>", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text("{}", encoding="utf-8")
    before = tree(site)
    encrypt.protect_site(full_spec(report={"privacy": "host-auth"}), site)
    assert tree(site) == before


def test_encrypted_site_with_a_stray_clear_file_is_refused(tmp_path, monkeypatch):
    from smaa_build.errors import SiteError

    monkeypatch.setenv(encrypt.PASSWORD_ENV, PASSWORD)
    (tmp_path / "index.html").write_text("<title>Heron</title>", encoding="utf-8")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text('{"docs": "Heron"}', encoding="utf-8")
    with pytest.raises(SiteError, match="search/search_index.json would be served unencrypted"):
        encrypt.protect_site(full_spec(report={"privacy": "encrypted"}), tmp_path)
