"""report.privacy: encrypted — every page of a built site replaced by a password shell (design.md §6 Privacy).

Each .html page becomes a small page with a generic title, `noindex`, a password form and the AES-256-GCM
ciphertext of the page mkdocs produced (fresh 96-bit IV per page). The key is PBKDF2-HMAC-SHA256 of the
password (600,000 iterations, OWASP's 2023 figure) with one random 16-byte salt per build, stored in the
shell. The shell's script (theme/assets/javascripts/smaa-unlock.js: a file, so that the Content-Security-Policy
needs no 'unsafe-inline' for scripts) derives the key with WebCrypto, decrypts, replaces the document, and keeps
the derived key (never the password) in sessionStorage so the next page opens without asking again. The page it
decrypts was hardened before it was sealed (site/harden.py: no inline script), so it runs under the same policy.

The password comes only from the SMAA_SITE_PASSWORD environment variable and is never written anywhere.
Search and instant navigation are switched off in the generated config (site/build.py): the search index
would hold every word in clear, and instant navigation fetches pages by XHR, bypassing the shell.
"""

from __future__ import annotations

import base64
import html
import json
import os
import secrets
import unicodedata
from pathlib import Path

from ..errors import Problem, SiteError, SpecError
from ..i18n import _, language, use
from ..spec.case import case_language, settings

ENCRYPTED = "encrypted"
PASSWORD_ENV = "SMAA_SITE_PASSWORD"
MIN_PASSWORD = 12
ITERATIONS = 600_000
SALT_BYTES, IV_BYTES, KEY_BYTES = 16, 12, 32
# mkdocs writes these from the page list: URLs only, but nothing outside assets/ is left in clear
REMOVED = ("sitemap.xml", "sitemap.xml.gz")
# the theme's static files (material's and smaa's own), the same bytes for every case
ASSETS = "assets"


def is_encrypted(spec: dict) -> bool:
    return settings(spec).report.privacy == ENCRYPTED


def password_problem(password: str | None) -> str | None:
    """Why this password cannot be used, or None."""
    if not password:
        return (f"encrypted mode takes the site password from the {PASSWORD_ENV} environment variable, which is "
                f"not set; set it for this command (at least {MIN_PASSWORD} characters). It is never read from "
                "case.yaml")
    if len(_normal(password)) < MIN_PASSWORD:
        return (f"the password in {PASSWORD_ENV} has {len(_normal(password))} characters; encrypted mode needs at "
                f"least {MIN_PASSWORD}")
    return None


def _normal(password: str) -> str:
    # the shell normalises the typed password the same way: composed and decomposed accents give one key
    return unicodedata.normalize("NFC", password)


def require_password(spec: dict, case_path: Path) -> None:
    """Refuse an encrypted build without a usable password, located at report.privacy in case.yaml; called
    before anything is written."""
    if not is_encrypted(spec):
        return
    problem = password_problem(os.environ.get(PASSWORD_ENV))
    if problem:
        from ..spec import spec_file
        from ..spec.paths import display_path
        from ..spec.yamlio import load_located

        path = spec_file(case_path).resolve()
        loc, _ = load_located(path, display_path(path))
        line, col = loc.where(("report", "privacy")) if loc else (0, 0)
        raise SpecError([Problem(display_path(path), line, col, "report.privacy", problem)])


def derive_key(password: str, salt: bytes, iterations: int = ITERATIONS) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, iterations=iterations)
    return kdf.derive(_normal(password).encode("utf-8"))


def seal(key: bytes, plain: bytes) -> tuple[bytes, bytes]:
    """(iv, ciphertext with its 16-byte tag appended, as WebCrypto expects)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    iv = secrets.token_bytes(IV_BYTES)
    return iv, AESGCM(key).encrypt(iv, plain, None)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def shell(salt: bytes, iv: bytes, ciphertext: bytes, iterations: int = ITERATIONS, assets: str = "assets/") -> str:
    """The page that replaces a built page; `assets` is the relative URL of the site's assets/ folder from it."""
    # base64 and digits only: nothing in the payload can close the <script> element
    payload = json.dumps({"v": 1, "kdf": "PBKDF2-HMAC-SHA256", "iterations": iterations, "salt": _b64(salt),
                          "cipher": "AES-256-GCM", "iv": _b64(iv), "ciphertext": _b64(ciphertext),
                          "words": script_words()})
    page = SHELL.replace("{{payload}}", payload).replace("{{assets}}", assets)
    for name, text in shell_words().items():  # the report's language; none of these holds case text
        page = page.replace("{{" + name + "}}", html.escape(text))
    return page


def shell_words() -> dict[str, str]:
    """The password page's words in the active language (the build runs protect_site inside use())."""
    return {"lang": language(), "title": _("Protected report"),
            "intro": _("This report is encrypted. Enter the password you were given to read it."),
            "password": _("Password"), "open": _("Open"), "noscript": _("Reading this report needs JavaScript.")}


def script_words() -> dict[str, str]:
    """What smaa-unlock.js says while it works; it reads them from the payload (inline script is forbidden)."""
    return {"opening": _("Opening…"), "wrong": _("Wrong password."),
            "https": _("This browser cannot decrypt the report at this address: open it over https.")}


def assets_url(site_dir: Path, page: Path) -> str:
    """assets/ as a relative URL from `page` ("assets/", "../assets/", …): the shell works under any prefix."""
    return "../" * len(page.relative_to(site_dir).parts[:-1]) + ASSETS + "/"


def protect_site(spec: dict, site_dir: Path) -> None:
    """In encrypted mode, replace every page of `site_dir` by its shell and drop the sitemap; else do nothing."""
    if not is_encrypted(spec):
        return
    with use(case_language(spec)):  # the password page in the report's language
        _protect(Path(site_dir))


def _protect(site_dir: Path) -> None:
    password = os.environ.get(PASSWORD_ENV)
    problem = password_problem(password)
    if problem:  # require_password() ran before the build; the environment changed in between
        raise SiteError(problem)
    salt = secrets.token_bytes(SALT_BYTES)
    key = derive_key(password, salt)
    for page in sorted(Path(site_dir).rglob("*.html")):
        iv, ciphertext = seal(key, page.read_bytes())
        page.write_text(shell(salt, iv, ciphertext, assets=assets_url(Path(site_dir), page)), encoding="utf-8")
    for name in REMOVED:
        (Path(site_dir) / name).unlink(missing_ok=True)
    refuse_clear_files(Path(site_dir))


def refuse_clear_files(site_dir: Path) -> None:
    """Every file left must be a shell or a theme asset: anything else (a search index, a copied data file) would
    be served in clear, so the build stops instead."""
    clear = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*")
                   if p.is_file() and p.suffix != ".html" and p.relative_to(site_dir).parts[0] != ASSETS)
    if clear:
        raise SiteError(f"encrypted mode: {', '.join(clear)} would be served unencrypted; the site was not built. "
                        "This is a bug in smaa: please report it")


SHELL = """<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>{{title}}</title>
<style>
:root{color-scheme:light dark;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif}
body{margin:0;min-height:100vh;display:grid;place-items:center;background:Canvas;color:CanvasText}
main{width:min(22rem,90vw)}
h1{font-size:1.3rem;margin:0 0 .75rem}
label{display:block;margin:1rem 0 .3rem;font-weight:600}
input{box-sizing:border-box;width:100%;padding:.5rem;font:inherit}
button{margin-top:.75rem;padding:.45rem 1.2rem;font:inherit;cursor:pointer}
#smaa-lock-error{color:#b00020;min-height:1.4em}
@media (prefers-color-scheme:dark){#smaa-lock-error{color:#ff8a80}}
</style>
</head>
<body>
<main>
<h1>{{title}}</h1>
<form id="smaa-lock">
<p>{{intro}}</p>
<label for="smaa-lock-password">{{password}}</label>
<input id="smaa-lock-password" type="password" autocomplete="current-password" required autofocus>
<button type="submit">{{open}}</button>
<p id="smaa-lock-error" role="alert"></p>
</form>
<noscript><p>{{noscript}}</p></noscript>
</main>
<script type="application/json" id="smaa-lock-data">{{payload}}</script>
<script src="{{assets}}javascripts/smaa-unlock.js"></script>
</body>
</html>
"""
