"""Host-enforced access control for published sites (design §6 "Privacy"): an nginx server block that asks for a
login before serving any byte of a case, with one basic-auth password file per case, and the commands that keep
those files. One web root (the publish target) serves many clients' cases; each client's password file opens only
its own <case-id>/ prefix, and a case without a password file answers exactly like a wrong password, so nobody can
probe which case ids exist. Tested against a real nginx in tests/site/test_nginx.py."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

import bcrypt

from ..errors import SmaaError
from ..spec.schema import ID

NOBODY = ".nobody"  # empty password file used for case ids without one: nobody can log in
# nginx checks basic auth on every request (a page view is ~15 files): cost 10 is 0.05 s of CPU a check here,
# cost 12 0.22 s; with passwords of 12+ characters the lower cost still leaves offline guessing impractical.
BCRYPT_COST = 10
MIN_PASSWORD = 12
FILE_MODE = 0o640  # readable by the nginx group (chgrp www-data), never by other users
REALM = "Confidential report"
# The research group's own login: the portfolio (smaa portfolio --target) at /_portfolio/ and the root, which sends
# there. A file whose name starts with '.' is never a case's (case ids start with a letter or digit), so no client's
# password file can open it and no case can be named after it.
GROUP = ".researchers"
GROUP_REALM = "Research group"
PORTFOLIO = "_portfolio"

# Everything here is sent on every response, 401 and 404 included (`always`), so error pages leak nothing either.
# script-src 'self' only: the build moves every inline script into a file (site/harden.py), the encrypted shell
# loads its decryption script from assets/ (site/encrypt.py), and charts draw with Vega's expression interpreter
# (theme smaa-charts.js, `ast: true`), so neither 'unsafe-inline' nor 'unsafe-eval' is needed.
# Each remaining exception was checked in Chromium (tests/browser/test_hosting.py fails without it): style-src keeps
# 'unsafe-inline' because Python-Markdown writes table alignment as style="" attributes (thousands per report), and a
# style cannot run script; material's icons are data: images.
# connect-src 'self': material's search index and version selector are fetched from the site itself.
CSP = ("default-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self' data:; "
       "style-src 'self' 'unsafe-inline'; script-src 'self'; worker-src 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "X-Robots-Tag": "noindex, nofollow, noarchive",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": CSP,
}


class HostingError(SmaaError):
    """A password file or server configuration request that smaa refuses (bad name, short password, …)."""


# ---------------------------------------------------------------- nginx configuration (pure)

def _safe(value: str) -> str:
    """A value that can sit inside an nginx double-quoted string: nothing that could end the directive, inject
    another or be read as a variable."""
    if any(c in value for c in '"\\$') or any(unicodedata.category(c).startswith("C") for c in value):
        raise HostingError(f"{value!r} cannot be used in an nginx configuration (double quotes, backslashes, '$' "
                           "and control characters are refused)")
    return value


def _quoted(value: str) -> str:
    return f'"{_safe(value)}"'


def _headers() -> str:
    return "\n".join(f"    add_header {name} {_quoted(value)} always;" for name, value in SECURITY_HEADERS.items())


def _tls(cert, key) -> tuple[str, str]:
    """(directives for the TLS server, HSTS header line); both empty without a certificate."""
    if cert is None and key is None:
        return "", ""
    if cert is None or key is None:
        raise HostingError("TLS needs both the certificate (--tls-cert) and its private key (--tls-key)")
    cert, key = Path(cert).resolve(), Path(key).resolve()
    directives = (f"    ssl_certificate {_quoted(str(cert))};\n    ssl_certificate_key {_quoted(str(key))};\n"
                  "    ssl_protocols TLSv1.2 TLSv1.3;\n    ssl_session_cache shared:smaa_tls:10m;\n")
    # browsers then refuse plain HTTP for this host for a year: the password is never sent in clear again
    return directives, '    add_header Strict-Transport-Security "max-age=31536000" always;\n'


def _redirect_server(http_listen: str, server_name: str) -> str:
    return f"""
# Plain HTTP only sends readers to HTTPS; it serves nothing and asks for no password.
server {{
    listen {http_listen};
    server_name {server_name};
    server_tokens off;
    return 301 https://$host$request_uri;
}}
"""


def nginx_config(root, auth_dir, server_name: str = "_", listen: str | None = None, tls_cert=None, tls_key=None,
                 http_listen: str = "80") -> str:
    """A server block (for the http {} context, e.g. /etc/nginx/conf.d/smaa.conf) serving the publish target
    `root`, with <auth_dir>/<case-id> as the password file of each case. With `tls_cert` and `tls_key` it listens
    with TLS (default 443 ssl), sends HSTS, and adds a server on `http_listen` that redirects to HTTPS."""
    root, auth_dir = Path(root).resolve(), Path(auth_dir).resolve()
    if auth_dir == root or root in auth_dir.parents:
        raise HostingError(f"the password folder {auth_dir} is inside the web root {root}: keep it outside, "
                           "so the hashes can never be downloaded")
    tls, hsts = _tls(tls_cert, tls_key)
    listen = listen or ("443 ssl" if tls else "80")
    nobody = _quoted(str(auth_dir / NOBODY))
    group = _quoted(str(auth_dir / GROUP))
    note = ("# TLS: on (--tls-cert/--tls-key); plain HTTP only redirects." if tls else
            "# PRODUCTION: terminate TLS (`smaa host nginx --tls-cert … --tls-key …` writes it). Basic auth sends the\n"
            "# password with every request, readable by anyone on the path unless the connection is encrypted: plain\n"
            "# HTTP is acceptable only on localhost; with TLS this file listens on 443 ssl and port 80 only redirects.")
    return f"""\
# smaa: every published case behind its own login (generated by `smaa host nginx`).
# One web root holds many clients' cases as <case-id>/; the password file {auth_dir}/<case-id>
# (written by `smaa host add-user`) opens that prefix and nothing else.
#
{note}
server {{
    listen {listen};
    server_name {server_name};
    root {_quoted(str(root))};
{tls}
    server_tokens off;  # no nginx version in headers or error pages
    autoindex off;      # never list a folder: the list of versions is versions.json, behind the login
    index index.html;
    absolute_redirect off;  # folder redirects (/v1 -> /v1/) keep the scheme, host and port the client used

    # Sent on 200, 401 and 404 alike (`always`): no indexing, no referrer leaving the site, no sniffing, no framing,
    # and a Content-Security-Policy that keeps every request of the page on this site.
    # (nginx inherits add_header only into locations that set none of their own: keep them all here.)
{_headers()}
{hsts}
{_locations(auth_dir, nobody, group)}    # Anything else outside a case prefix: no list of clients, no landing page.
    location / {{
        return 404;
    }}
}}
""" + (_redirect_server(http_listen, server_name) if tls else "")


def _locations(auth_dir: Path, nobody: str, group: str) -> str:
    """The group's realm and the per-case locations: a case's login opens its prefix only; `/` and /_portfolio/
    take the research group's login."""
    return f"""\
    # The group's password file, or the empty one while no researcher has a login (a missing file would answer 403).
    # Set at server level: an `if` inside a location would drop that location's try_files.
    set $smaa_group {group};
    if (!-f $smaa_group) {{
        set $smaa_group {nobody};
    }}

    # Hidden files (.git, publish staging folders, editor backups) are never served, logged in or not.
    location ~ "/\\." {{
        return 404;
    }}

    # A case: <case-id>/ (same pattern as smaa's case ids). Login first, for every file of the case.
    location ~ "^/(?<smaa_case>[A-Za-z0-9][A-Za-z0-9_-]*)(/|$)" {{
        # A case id without a password file gets an empty one: nobody can log in, and the answer (401 with the same
        # WWW-Authenticate header) is that of a wrong password, so the existence of a case cannot be probed.
        # (nginx 1.22 answers 403, not 401, when auth_basic_user_file is missing: that would tell the two apart.)
        set $smaa_users "{_safe(str(auth_dir))}/$smaa_case";
        if (!-f $smaa_users) {{
            set $smaa_users {nobody};
        }}
        auth_basic {_quoted(REALM)};
        auth_basic_user_file $smaa_users;
    }}

    # The research group's portfolio: its own login, which no client's password file opens.
    location /{PORTFOLIO}/ {{
        auth_basic {_quoted(GROUP_REALM)};
        auth_basic_user_file $smaa_group;
    }}

    # The root: after the group's login (try_files runs after it, `return` would run before), on to the portfolio.
    location = / {{
        auth_basic {_quoted(GROUP_REALM)};
        auth_basic_user_file $smaa_group;
        try_files /{PORTFOLIO}/.none @smaa_portfolio;
    }}
    location @smaa_portfolio {{
        return 302 /{PORTFOLIO}/;
    }}

"""


# ---------------------------------------------------------------- password files

def _check_case(case_id: str) -> None:
    if not isinstance(case_id, str) or not re.match(ID, case_id):
        raise HostingError(f"{case_id!r} is not a case id: use letters, digits, '-' and '_', starting with a letter "
                           "or digit")


def _check_user(user: str) -> None:
    if not user:
        raise HostingError("the user name is empty")
    if ":" in user or any(c.isspace() or unicodedata.category(c).startswith("C") for c in user):
        raise HostingError(f"user name {user!r} refused: it must not contain ':', whitespace or control characters")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise HostingError(f"the password is too short ({len(password)} characters): use at least {MIN_PASSWORD}, "
                           "e.g. a passphrase of four or more random words")


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=BCRYPT_COST)).decode("ascii")


def read_users(path: Path) -> dict[str, str]:
    """user -> hash, in file order; blank lines and comments are dropped."""
    if not path.is_file():
        return {}
    users = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and ":" in line:
            user, _, rest = line.partition(":")
            users[user] = rest
    return users


def _write_atomic(path: Path, text: str) -> None:
    """Readers (nginx, on every request) see the old file or the new one, never half of one."""
    # A new inode would get our own primary group: keep the file's group (or the folder's, for a new file), which
    # is how nginx's group (e.g. www-data) keeps reading it after a password change.
    gid = (path if path.exists() else path.parent).stat().st_gid
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)
        if os.fstat(fd).st_gid != gid:
            os.fchown(fd, -1, gid)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _prepare(auth_dir) -> Path:
    auth_dir = Path(auth_dir)
    auth_dir.mkdir(parents=True, exist_ok=True, mode=0o750)
    nobody = auth_dir / NOBODY
    if not nobody.is_file():
        _write_atomic(nobody, "")
    return auth_dir


def _dump(users: dict[str, str]) -> str:
    return "".join(f"{user}:{hashed}\n" for user, hashed in users.items())


def add_user(auth_dir, case_id: str, user: str, password: str) -> bool:
    """Set `user`'s password for `case_id` (bcrypt, cost BCRYPT_COST); other users keep theirs. True if the user is new."""
    _check_case(case_id)
    return _set_password(auth_dir, case_id, user, password)


def _set_password(auth_dir, name: str, user: str, password: str) -> bool:
    _check_user(user)
    _check_password(password)
    path = _prepare(auth_dir) / name
    users = read_users(path)
    new = user not in users
    users[user] = hash_password(password)
    _write_atomic(path, _dump(users))
    return new


def add_researcher(auth_dir, user: str, password: str) -> bool:
    """Give `user` the research group's login (the portfolio and the hosting root); True if the user is new. It
    opens no case: a researcher who reads a case's report also needs that case's login (add_user)."""
    return _set_password(auth_dir, GROUP, user, password)


def remove_researcher(auth_dir, user: str) -> int:
    """Take the group's login from `user`; returns how many researchers are left."""
    return _remove(auth_dir, GROUP, user, "the research group")


def remove_user(auth_dir, case_id: str, user: str) -> int:
    """Remove `user` from `case_id`'s password file; returns how many users are left. With none left the file stays
    (empty): the case stays closed to everyone."""
    _check_case(case_id)
    return _remove(auth_dir, case_id, user, f"case {case_id!r}")


def _remove(auth_dir, name: str, user: str, what: str) -> int:
    _check_user(user)
    path = Path(auth_dir) / name
    users = read_users(path)
    if user not in users:
        raise HostingError(f"{user!r} has no password for {what} in {auth_dir}")
    del users[user]
    _write_atomic(path, _dump(users))
    return len(users)
