"""mike's deployment model, written by smaa: versions.json, the `latest` alias and the redirect pages (the
version names and their order are in version_names.py). Used for both publish targets (a folder to sync to a
host, or a git branch via mike).

Layout under one case prefix (design.md §6):
    <case>/versions.json      [{"version", "title", "aliases", "properties"}], newest first (mike's format)
    <case>/index.html         redirect to latest/ (mike's "default version")
    <case>/<version>/         one immutable folder per published version
    <case>/latest/            one redirect page per HTML page of the version `latest` points to
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
from dataclasses import dataclass, field

from ..errors import SiteError
from ..i18n import LANGUAGES, _, use
from ..version_names import key_from_name, order_key, title_of

LATEST = "latest"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
RESERVED = {LATEST, "versions.json", "index.html"}


def check_name(name: str) -> str:
    if not NAME.match(name or "") or name in RESERVED:
        raise SiteError(f"{name!r} is not a usable version name: use letters, digits, '.', '_' or '-', not "
                        f"starting with a dot, and none of {sorted(RESERVED)}")
    return name


@dataclass
class Entry:
    version: str
    title: str
    aliases: list[str] = field(default_factory=list)
    properties: dict = field(default_factory=dict)  # smaa keeps status, round and date here

    @property
    def key(self) -> tuple:
        p = self.properties
        base = order_key(p["status"], p["round"]) if "status" in p and "round" in p else key_from_name(self.version)
        return (*base, self.version)

    @property
    def is_final(self) -> bool:
        return self.properties.get("status", "final" if self.version == "final" else "") == "final"

    def to_json(self) -> dict:
        out = {"version": self.version, "title": self.title, "aliases": sorted(self.aliases)}
        if self.properties:
            out["properties"] = self.properties
        return out


def entry_for(name: str, report) -> Entry:
    """versions.json's entry for a version of this report (spec.case.ReportSettings)."""
    return Entry(name, title_of(name), [], {"status": report.status, "round": report.round,
                                            "date": report.date.isoformat()})


class Versions:
    """The versions.json of one case prefix."""

    def __init__(self, entries: list[Entry] | None = None):
        self.entries = sorted(entries or [], key=lambda e: e.key, reverse=True)

    @classmethod
    def loads(cls, text: str | None, where: str = "versions.json") -> "Versions":
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls([Entry(d["version"], d.get("title", d["version"]), list(d.get("aliases", [])),
                              dict(d.get("properties") or {})) for d in data])
        except (ValueError, KeyError, TypeError) as exc:
            raise SiteError(f"{where}: not a mike versions.json ({exc}); fix or remove it before publishing")

    def dumps(self) -> str:
        return json.dumps([e.to_json() for e in self.entries], indent=2, ensure_ascii=False) + "\n"

    def get(self, version: str) -> Entry | None:
        return next((e for e in self.entries if e.version == version), None)

    def names(self) -> list[str]:
        return [e.version for e in self.entries]

    def with_entry(self, new: Entry) -> "Versions":
        """A copy holding `new` (replacing a same-named entry), with `latest` moved to the right version."""
        others = [Entry(e.version, e.title, [a for a in e.aliases if a != LATEST], dict(e.properties))
                  for e in self.entries if e.version != new.version]
        out = Versions(others + [Entry(new.version, new.title, [a for a in new.aliases if a != LATEST],
                                       dict(new.properties))])
        out.latest_entry().aliases.append(LATEST)
        return out

    def latest_entry(self) -> Entry:
        """The newest final if there is one (a signed-off report is what readers should land on), else the newest."""
        finals = [e for e in self.entries if e.is_final]
        return (finals or self.entries)[0]

    def alias_target(self, alias: str = LATEST) -> str | None:
        return next((e.version for e in self.entries if alias in e.aliases), None)


# No inline script: the served Content-Security-Policy allows none (site/hosting.py). The meta refresh always works;
# the theme's smaa-redirect.js, where the target version has it, goes first and keeps the query and the #fragment.
REDIRECT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <meta name="robots" content="noindex,nofollow">
  <meta name="referrer" content="no-referrer">
  <title>{title}</title>
  <link rel="canonical" href="{attr}">
  <meta http-equiv="refresh" content="0; url={attr}">{script}
</head>
<body>
  {body}
</body>
</html>
"""
REDIRECT_SCRIPT = "assets/javascripts/smaa-redirect.js"  # in every built version (theme/)


def redirect_html(href: str, script: str | None = None, lang: str = "en") -> str:
    """A page that sends the reader to `href`; `script` is the relative URL of smaa-redirect.js, if there is one.
    Its few words and <html lang> are in `lang`, the language of the report it leads to."""
    tag = f'\n  <script src="{html.escape(script, quote=True)}"></script>' if script else ""
    attr = html.escape(href, quote=True)
    link = f'<a href="{attr}">{html.escape(href)}</a>'
    with use(lang):
        title, body = _("Redirecting"), _("Redirecting to {link}…", link=link)
    return REDIRECT.format(attr=attr, script=tag, lang=lang, title=html.escape(title), body=body)


def site_language(site_dir) -> str:
    """The language a built version is written in: its home page's <html lang> (the build sets it from
    engagement.language); English when there is none."""
    home = site_dir / "index.html"
    head = home.read_text(encoding="utf-8", errors="replace")[:4000] if home.is_file() else ""
    found = re.search(r'<html[^>]*\slang="([^"]+)"', head)
    return found.group(1) if found and found.group(1) in LANGUAGES else "en"


def alias_pages(version: str, html_files: list[str], alias: str = LATEST, lang: str = "en") -> dict[str, str]:
    """{alias/<page>.html: redirect to ../<version>/<page>.html} for every HTML page of the version (mike's
    "redirect" alias type: works on any static host, unlike symlinks, and keeps the reader on the same page)."""
    out = {}
    for rel in html_files:
        src = f"{alias}/{rel}"
        href, script = (os.path.relpath(f"{version}/{target}", os.path.dirname(src)).replace(os.sep, "/")
                        for target in (rel, REDIRECT_SCRIPT))
        out[src] = redirect_html(href, script, lang)
    return out


def root_redirect(alias: str = LATEST, lang: str = "en") -> str:
    return redirect_html(f"{alias}/", lang=lang)


def versioned_config(config: dict, site_url: str) -> dict:
    """The generated mkdocs config of a published version: material's mike integration (version selector,
    outdated banner on every version that `latest` does not point to) and a site_url for the sitemap."""
    extra = dict(config.get("extra") or {})
    extra["version"] = {"provider": "mike", "default": LATEST}
    return {**config, "site_url": site_url, "extra": extra}


SITEMAP_OPEN = re.compile(r"(<urlset[^>]*>)")


def add_root_to_sitemap(sitemap: str, root_url: str) -> str:
    """Material's version selector keeps the reader on the same page only if the common prefix of the target
    version's sitemap URLs is itself listed; with use_directory_urls: false the index is …/index.html, so
    the version's root URL is added."""
    loc = f"<loc>{html.escape(root_url)}</loc>"
    if loc in sitemap:
        return sitemap
    return SITEMAP_OPEN.sub(lambda m: f"{m.group(1)}\n    <url>\n         {loc}\n    </url>", sitemap, count=1)


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)  # mtime 0: the same site gives the same bytes
