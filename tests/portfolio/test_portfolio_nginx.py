"""The portfolio's login realm in a real nginx (the server block of `smaa host nginx`): the research group's
password file opens /_portfolio/ and the hosting root, a client's login never does, and the group's login opens
no case."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from _nginx import basic, raw_get, running_nginx
from smaa_build.cli import main as cli_main
from smaa_build.site import hosting
from smaa_build.site.hosting import HostingError, add_researcher, add_user, read_users, remove_researcher

CASE = "acme"
CLIENT = ("acme-client", "correct horse battery staple")
RESEARCHER = ("ada", "a researcher's long passphrase")
PORTFOLIO_PAGE = b"<html>PORTFOLIO-INDEX-7c1e</html>"
CASE_PAGE = b"<html>ACME-REPORT-91d2</html>"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("portfolio-nginx")
    root, auth = work / "www", work / "auth"
    (root / "_portfolio").mkdir(parents=True)
    (root / "_portfolio" / "index.html").write_bytes(PORTFOLIO_PAGE)
    (root / "_portfolio" / ".secret").write_bytes(b"HIDDEN")
    (root / CASE / "final").mkdir(parents=True)
    (root / CASE / "final" / "index.html").write_bytes(CASE_PAGE)
    add_user(auth, CASE, *CLIENT)
    add_researcher(auth, *RESEARCHER)
    with running_nginx(work, root, auth) as nginx:
        yield nginx.port


def get(port: int, target: str, login=None):
    return raw_get(port, target, basic(*login) if login else None)


@pytest.mark.parametrize("path", ["/_portfolio/", "/_portfolio/index.html", "/"])
def test_the_portfolio_needs_the_groups_login(server, path):
    for login in (None, CLIENT, (RESEARCHER[0], RESEARCHER[1] + "x")):
        r = get(server, path, login)
        assert r.status == 401, (path, login)
        assert r.headers["www-authenticate"] == f'Basic realm="{hosting.GROUP_REALM}"'
        assert PORTFOLIO_PAGE not in r.body


def test_a_researcher_gets_the_portfolio(server):
    for path in ["/_portfolio/", "/_portfolio/index.html"]:
        r = get(server, path, RESEARCHER)
        assert r.status == 200 and r.body == PORTFOLIO_PAGE, path


def test_the_root_sends_a_researcher_to_the_portfolio(server):
    r = get(server, "/", RESEARCHER)
    assert r.status == 302 and r.headers["location"] == "/_portfolio/"
    assert {k: r.headers.get(k.lower()) for k in hosting.SECURITY_HEADERS} == hosting.SECURITY_HEADERS


def test_the_groups_login_opens_no_case_and_the_clients_opens_its_own(server):
    assert get(server, f"/{CASE}/final/index.html", RESEARCHER).status == 401
    r = get(server, f"/{CASE}/final/index.html", CLIENT)
    assert r.status == 200 and r.body == CASE_PAGE


def test_hidden_files_of_the_portfolio_are_never_served(server):
    assert get(server, "/_portfolio/.secret", RESEARCHER).status == 404


def test_without_a_group_file_nobody_gets_in(tmp_path):
    root, auth = tmp_path / "www", tmp_path / "auth"
    (root / "_portfolio").mkdir(parents=True)
    (root / "_portfolio" / "index.html").write_bytes(PORTFOLIO_PAGE)
    add_user(auth, CASE, *CLIENT)  # prepares the folder (and its empty .nobody), no researcher yet
    with running_nginx(tmp_path / "work", root, auth) as nginx:
        for login in (None, CLIENT, RESEARCHER):
            assert get(nginx.port, "/_portfolio/index.html", login).status == 401  # not 403: nothing to probe


def test_researchers_are_added_and_removed(tmp_path):
    assert add_researcher(tmp_path, *RESEARCHER) is True
    assert add_researcher(tmp_path, "bob", "another long passphrase") is True
    assert list(read_users(tmp_path / hosting.GROUP)) == ["ada", "bob"]
    assert remove_researcher(tmp_path, "ada") == 1
    with pytest.raises(HostingError) as err:
        remove_researcher(tmp_path, "ada")
    assert str(err.value) == f"'ada' has no password for the research group in {tmp_path}"


def test_cli_add_researcher(tmp_path):
    result = CliRunner().invoke(cli_main, ["host", "add-researcher", "ada", "--auth-dir", str(tmp_path)],
                                env={"SMAA_HOST_PASSWORD": RESEARCHER[1]})
    assert result.exit_code == 0, result.output
    assert list(read_users(tmp_path / hosting.GROUP)) == ["ada"]
    result = CliRunner().invoke(cli_main, ["host", "remove-researcher", "ada", "--auth-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert read_users(tmp_path / hosting.GROUP) == {}
