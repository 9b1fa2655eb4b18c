"""Host-enforced login (design §6 "Privacy"), tested in a real nginx: the server block of `smaa host nginx` serves
the scripted three-round engagement (heron-rounds) and a second client's case (other-case, its own password file)
from one web root. Nothing of a case is served before its own login, a case id cannot be probed, traversal does
not cross cases, hidden files are never served, and the security headers are on every answer. Then the password
files: bcrypt, atomic updates, refused names and passwords, and the CLI."""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import bcrypt
import pytest
from click.testing import CliRunner

import _three_rounds as script
from _nginx import basic, raw_get, running_nginx
from smaa_build.cli import main as cli_main
from smaa_build.site import hosting
from smaa_build.site.hosting import HostingError, add_user, nginx_config, read_users, remove_user

CASE = script.CASE_ID
OTHER = "other-case"
CLOSED = "closed-case"  # published, but nobody was given a password yet
CLIENT = ("heron-client", "correct horse battery staple")
RIVAL = ("other-client", "another long passphrase")
SECURITY_HEADERS = {name.lower(): value for name, value in hosting.SECURITY_HEADERS.items()}
HIDDEN_SECRET = b"HIDDEN-FILE-SECRET-7f3a"


@dataclass
class Hosted:
    port: int
    target: Path
    site: Path
    auth: Path
    log: Path

    def get(self, target: str, login: tuple[str, str] | None = None):
        return raw_get(self.port, target, basic(*login) if login else None)


@pytest.fixture(scope="module")
def hosted(published, tmp_path_factory):
    work = tmp_path_factory.mktemp("nginx")
    target = published.target
    shutil.copytree(published.site, target / OTHER)  # another client's case, same shape, its own login
    shutil.copytree(published.site, target / CLOSED)
    (target / OTHER / ".env").write_bytes(HIDDEN_SECRET)
    (target / ".htpasswd").write_bytes(HIDDEN_SECRET)
    (target / f".{CASE}-publish-leftover").mkdir()
    (target / f".{CASE}-publish-leftover" / "index.html").write_bytes(HIDDEN_SECRET)
    auth = work / "auth"
    add_user(auth, CASE, *CLIENT)
    add_user(auth, OTHER, *RIVAL)
    with running_nginx(work, target, auth) as nginx:
        yield Hosted(nginx.port, target, published.site, auth, nginx.log)


def case_files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def url(case: str, rel: str = "") -> str:
    return f"/{case}/{quote(rel)}"


def without_date(headers: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k != "date"}


# ---------------------------------------------------------------- nothing before the login

def test_every_file_of_the_case_needs_the_login(hosted):
    files = case_files(hosted.site)
    assert len(files) > 50 and "versions.json" in files and "final/index.html" in files
    refusal = hosted.get(url("no-such-case", "final/index.html"))
    assert refusal.status == 401
    for rel in files:
        r = hosted.get(url(CASE, rel))
        content = (hosted.site / rel).read_bytes()
        assert r.status == 401, rel
        assert r.body == refusal.body, rel  # the generic 401 page, whatever the file
        assert len(content) < 16 or content[:64] not in r.body, rel
        assert "content-length" not in r.headers or int(r.headers["content-length"]) == len(refusal.body)


@pytest.mark.parametrize("rel", ["", "final/", "final/index.html", "versions.json", "latest/index.html"])
def test_wrong_password_and_unknown_user_are_refused(hosted, rel):
    for login in [(CLIENT[0], CLIENT[1] + "x"), (CLIENT[0], ""), ("nobody-here", CLIENT[1]), RIVAL[::-1]]:
        r = hosted.get(url(CASE, rel), login)
        assert r.status == 401 and "www-authenticate" in r.headers, (rel, login)


@pytest.mark.parametrize("case, login", [(CASE, RIVAL), (OTHER, CLIENT), (CLOSED, CLIENT), (CLOSED, RIVAL)])
def test_another_clients_login_opens_nothing(hosted, case, login):
    for rel in ["", "final/index.html", "versions.json"]:
        r = hosted.get(url(case, rel), login)
        assert r.status == 401, (case, rel)
        assert (hosted.target / case / (rel or "index.html")).read_bytes()[:64] not in r.body


# ---------------------------------------------------------------- the right login

RIGHT_SAMPLE = ["index.html", "versions.json", "latest/index.html", "draft-1/index.html", "final/search/search_index.json"]


def _sample(site: Path) -> list[str]:
    """Each request costs one bcrypt check (cost hosting.BCRYPT_COST) in nginx: every page and script of the final, plus a sample."""
    final = [f"final/{rel}" for rel in case_files(site / "final")
             if rel.endswith((".html", ".js", ".css")) and "/workers/" not in rel]
    return sorted(set(RIGHT_SAMPLE + final))


def test_right_login_gets_the_exact_bytes(hosted):
    sample = _sample(hosted.site)
    assert any(rel.endswith("vega-embed.min.js") for rel in sample)
    for rel in sample:
        r = hosted.get(url(CASE, rel), CLIENT)
        assert r.status == 200, (rel, r.status)
        assert r.body == (hosted.site / rel).read_bytes(), rel


def test_right_login_of_the_other_client_opens_its_own_case(hosted):
    r = hosted.get(url(OTHER, "final/index.html"), RIVAL)
    assert r.status == 200 and r.body == (hosted.target / OTHER / "final/index.html").read_bytes()


def test_folders_serve_their_index_and_redirect_without_revealing_the_host(hosted):
    r = hosted.get(url(CASE, "final/"), CLIENT)
    assert r.status == 200 and r.body == (hosted.site / "final/index.html").read_bytes()
    r = hosted.get(f"/{CASE}/final", CLIENT)
    assert r.status == 301 and r.headers["location"] == f"/{CASE}/final/"
    assert hosted.get(f"/{CASE}/final").status == 401  # the redirect itself is behind the login


# ---------------------------------------------------------------- no list of clients, no probing

# ("/" is the research group's, behind its own login: tests/portfolio/test_portfolio_nginx.py)
@pytest.mark.parametrize("path", ["/index.html", "/versions.json", "/-x/", "/_x", f"/{CASE}.html", "/%20/"])
@pytest.mark.parametrize("login", [None, CLIENT])
def test_outside_a_case_is_not_found(hosted, path, login):
    r = hosted.get(path, login)
    assert r.status == 404, path
    assert CASE.encode() not in r.body and OTHER.encode() not in r.body


@pytest.mark.parametrize("login", [None, CLIENT, RIVAL, ("x", "y" * 12)])
@pytest.mark.parametrize("rel", ["", "final/index.html", "versions.json"])
def test_an_unknown_case_answers_like_a_known_one(hosted, login, rel):
    """A probe cannot tell a published case from a missing one: same status, headers and body (the CLIENT's login
    is valid for heron-rounds only, so on the other ids it is just a wrong password)."""
    known = hosted.get(url(OTHER, rel), login if login != RIVAL else CLIENT)
    for case in ["no-such-case", CLOSED, "a"]:
        r = hosted.get(url(case, rel), login)
        assert (r.status, without_date(r.headers), r.body) == (401, without_date(known.headers), known.body), case
    assert known.headers["www-authenticate"] == f'Basic realm="{hosting.REALM}"'


TRAVERSALS = [
    "/{other}/../{case}/final/index.html",
    "/{other}/%2e%2e/{case}/final/index.html",
    "/{other}/%2E%2E/{case}/final/index.html",
    "/{other}/..%2f{case}/final/index.html",
    "/{other}/%2e%2e%2f{case}%2ffinal%2findex.html",
    "/{other}//../{case}/final/index.html",
    "/{other}/./../{case}/final/index.html",
    "/{other}/final/../../{case}/final/index.html",
    "/{other}/final/%2e%2e/%2e%2e/{case}/final/index.html",
    "/{other}/..\\{case}\\final\\index.html",
    "/{other}/%252e%252e/{case}/final/index.html",
    "/{other}/../../../{case}/final/index.html",
    "http://127.0.0.1/{other}/../{case}/final/index.html",
]


@pytest.mark.parametrize("pattern", TRAVERSALS)
def test_traversal_does_not_cross_into_another_case(hosted, pattern):
    secret = (hosted.site / "final/index.html").read_bytes()
    r = hosted.get(pattern.format(other=OTHER, case=CASE), RIVAL)  # logged in to other-case, aiming at heron-rounds
    assert r.status != 200 and secret[:200] not in r.body and b"Heron" not in r.body, r.status


@pytest.mark.parametrize("path, login", [
    (f"/{OTHER}/.env", RIVAL), (f"/{OTHER}/.env", None), (f"/{OTHER}/%2eenv", RIVAL), ("/.htpasswd", None),
    ("/.htpasswd", CLIENT), (f"/.{CASE}-publish-leftover/index.html", CLIENT),
    (f"/{CASE}/../.{CASE}-publish-leftover/index.html", CLIENT),
])
def test_hidden_files_are_never_served(hosted, path, login):
    r = hosted.get(path, login)
    assert r.status in (401, 404) and HIDDEN_SECRET not in r.body


@pytest.mark.parametrize("path, login, status", [
    (f"/{CASE}/final/index.html", CLIENT, 200), (f"/{CASE}/final/index.html", None, 401),
    ("/no-such-case/", None, 401), ("/", None, 401), ("/index.html", None, 404), (f"/{OTHER}/.env", RIVAL, 404),
    (f"/{CASE}/final/no-such-page.html", CLIENT, 404), (f"/{CASE}/final", CLIENT, 301),
])
def test_security_headers_on_every_answer(hosted, path, login, status):
    r = hosted.get(path, login)
    assert r.status == status
    assert {k: r.headers.get(k) for k in SECURITY_HEADERS} == SECURITY_HEADERS
    assert r.headers["server"] == "nginx"  # server_tokens off: no version
    assert b"nginx/" not in r.body


def test_no_listing_of_a_folder_without_index(hosted):
    folder = next(p for p in (hosted.site / "final").rglob("*") if p.is_dir() and not (p / "index.html").exists())
    rel = folder.relative_to(hosted.site).as_posix() + "/"
    r = hosted.get(url(CASE, rel), CLIENT)
    assert r.status in (403, 404) and b"Index of" not in r.body


# ---------------------------------------------------------------- the configuration itself

def test_config_refuses_a_password_folder_inside_the_web_root(tmp_path):
    with pytest.raises(HostingError, match="inside the web root"):
        nginx_config(tmp_path, tmp_path / "auth")


@pytest.mark.parametrize("bad", ['a"b', "a$b", "a\\b", "a\nb"])
def test_config_refuses_paths_that_would_inject_directives(tmp_path, bad):
    with pytest.raises(HostingError, match="cannot be used in an nginx configuration"):
        nginx_config(tmp_path / "www", tmp_path / bad)


def test_config_says_to_terminate_tls(tmp_path):
    text = nginx_config(tmp_path / "www", tmp_path / "auth")
    assert "--tls-cert" in text and "only on localhost" in text and "ssl_certificate" not in text
    assert "autoindex off;" in text and "server_tokens off;" in text


# ---------------------------------------------------------------- password files

PW = "twelve chars long"


def test_add_user_writes_a_bcrypt_hash_at_the_set_cost_that_verifies(tmp_path):
    assert add_user(tmp_path, "acme", "alice", PW) is True
    users = read_users(tmp_path / "acme")
    assert list(users) == ["alice"] and users["alice"].startswith(f"$2b${hosting.BCRYPT_COST}$")
    assert bcrypt.checkpw(PW.encode(), users["alice"].encode())
    assert not bcrypt.checkpw((PW + "!").encode(), users["alice"].encode())
    assert stat.S_IMODE((tmp_path / "acme").stat().st_mode) == 0o640
    assert (tmp_path / ".nobody").read_bytes() == b""


def test_changing_a_password_keeps_the_other_users_and_their_order(tmp_path):
    for user in ["alice", "bob", "carol"]:
        add_user(tmp_path, "acme", user, PW + user)
    before = read_users(tmp_path / "acme")
    assert add_user(tmp_path, "acme", "bob", "a new password for bob") is False
    after = read_users(tmp_path / "acme")
    assert list(after) == ["alice", "bob", "carol"]
    assert {u: h for u, h in after.items() if u != "bob"} == {u: h for u, h in before.items() if u != "bob"}
    assert bcrypt.checkpw(b"a new password for bob", after["bob"].encode())
    assert sorted(p.name for p in tmp_path.iterdir()) == [".nobody", "acme"]  # no temporary file left


@pytest.mark.skipif(os.geteuid() != 0, reason="changing a file's group to an arbitrary one needs root")
def test_password_files_keep_their_group_so_nginx_can_still_read_them(tmp_path):
    auth = tmp_path / "auth"
    auth.mkdir()
    os.chown(auth, -1, 4242)  # e.g. chgrp www-data on the folder
    add_user(auth, "acme", "alice", PW)
    assert (auth / "acme").stat().st_gid == 4242 and (auth / ".nobody").stat().st_gid == 4242
    os.chown(auth / "acme", -1, 4343)
    add_user(auth, "acme", "alice", PW + "!")  # a new inode, same group
    assert (auth / "acme").stat().st_gid == 4343
    remove_user(auth, "acme", "alice")
    assert (auth / "acme").stat().st_gid == 4343


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    add_user(tmp_path, "acme", "alice", PW)
    before = (tmp_path / "acme").read_bytes()

    def fail(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(hosting.os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        add_user(tmp_path, "acme", "bob", PW)
    assert (tmp_path / "acme").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".nobody", "acme"]


def test_remove_user_keeps_the_others(tmp_path):
    for user in ["alice", "bob"]:
        add_user(tmp_path, "acme", user, PW)
    keep = read_users(tmp_path / "acme")["bob"]
    assert remove_user(tmp_path, "acme", "alice") == 1
    assert read_users(tmp_path / "acme") == {"bob": keep}
    assert remove_user(tmp_path, "acme", "bob") == 0
    assert (tmp_path / "acme").read_text() == ""  # the case stays closed to everyone
    with pytest.raises(HostingError) as err:
        remove_user(tmp_path, "acme", "bob")
    assert str(err.value) == f"'bob' has no password for case 'acme' in {tmp_path}"


@pytest.mark.parametrize("user", ["a:b", "a b", "a\tb", "a\nb", "a\x00b", "a\x7fb", "\u00a0x", "x\u2028"])
def test_bad_user_names_are_refused(tmp_path, user):
    for call in (lambda: add_user(tmp_path, "acme", user, PW), lambda: remove_user(tmp_path, "acme", user)):
        with pytest.raises(HostingError) as err:
            call()
        assert str(err.value) == (f"user name {user!r} refused: it must not contain ':', whitespace or control "
                                  "characters")
    assert not (tmp_path / "acme").exists()


def test_an_empty_user_name_is_refused(tmp_path):
    with pytest.raises(HostingError) as err:
        add_user(tmp_path, "acme", "", PW)
    assert str(err.value) == "the user name is empty"


@pytest.mark.parametrize("case_id", ["../acme", ".nobody", "a/b", "-x", "_x", "", "acme.html", "acmé"])
def test_bad_case_ids_are_refused(tmp_path, case_id):
    with pytest.raises(HostingError) as err:
        add_user(tmp_path, case_id, "alice", PW)
    assert str(err.value) == (f"{case_id!r} is not a case id: use letters, digits, '-' and '_', starting with a "
                              "letter or digit")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("password", ["", "short", "x" * 11])
def test_short_passwords_are_refused(tmp_path, password):
    with pytest.raises(HostingError) as err:
        add_user(tmp_path, "acme", "alice", password)
    assert str(err.value) == (f"the password is too short ({len(password)} characters): use at least 12, e.g. a "
                              "passphrase of four or more random words")


def test_password_with_colon_and_unicode_round_trips(tmp_path):
    add_user(tmp_path, "acme", "alice", "pässwörd:with:colons")
    assert bcrypt.checkpw("pässwörd:with:colons".encode(), read_users(tmp_path / "acme")["alice"].encode())


# ---------------------------------------------------------------- CLI

def test_cli_add_user_reads_the_password_from_the_environment(tmp_path):
    result = CliRunner().invoke(cli_main, ["host", "add-user", "acme", "alice", "--auth-dir", str(tmp_path)],
                                env={"SMAA_HOST_PASSWORD": PW})
    assert result.exit_code == 0, result.output
    assert bcrypt.checkpw(PW.encode(), read_users(tmp_path / "acme")["alice"].encode())


def test_cli_add_user_prompts_twice_without_echo(tmp_path):
    result = CliRunner().invoke(cli_main, ["host", "add-user", "acme", "alice", "--auth-dir", str(tmp_path)],
                                input=f"{PW}\nnot the same one\n{PW}\n{PW}\n", env={"SMAA_HOST_PASSWORD": None})
    assert result.exit_code == 0, result.output
    assert PW not in result.output  # hidden input
    assert bcrypt.checkpw(PW.encode(), read_users(tmp_path / "acme")["alice"].encode())


def test_cli_never_takes_the_password_as_an_argument():
    add = cli_main.commands["host"].commands["add-user"]
    assert [p.name for p in add.params] == ["case_id", "user", "auth_dir"]


def test_cli_errors_are_printed_cleanly(tmp_path):
    result = CliRunner().invoke(cli_main, ["host", "add-user", "acme", "a:b", "--auth-dir", str(tmp_path)],
                                env={"SMAA_HOST_PASSWORD": PW})
    assert result.exit_code == 1
    assert "error: user name 'a:b' refused" in result.output and "Traceback" not in result.output


def test_cli_nginx_prints_or_writes_the_configuration(tmp_path):
    args = ["host", "nginx", "--root", str(tmp_path / "www"), "--auth-dir", str(tmp_path / "auth"),
            "--server-name", "reports.example.com", "--listen", "8080"]
    printed = CliRunner().invoke(cli_main, args)
    assert printed.exit_code == 0, printed.output
    assert printed.output == nginx_config(tmp_path / "www", tmp_path / "auth", "reports.example.com", "8080")
    written = CliRunner().invoke(cli_main, [*args, "--out", str(tmp_path / "smaa.conf")])
    assert written.exit_code == 0, written.output
    assert (tmp_path / "smaa.conf").read_text() == printed.output


def test_every_host_command_has_help():
    for name in ["nginx", "add-user", "remove-user"]:
        result = CliRunner().invoke(cli_main, ["host", name, "--help"])
        assert result.exit_code == 0 and "--auth-dir" in result.output

