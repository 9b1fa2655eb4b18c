"""Extract the messages of each domain from smaa's source with Babel and keep every language's .po in step:
`python3 tasks.py i18n` (docs/user-guide/language.md, "Adding a language"). The same extraction is what the
completeness test compares the catalogues against.

A domain is the part of the report one translator works on. Its sources are paths under smaa_build/ (a folder
means every .py below it); a message several domains use is translated in each (the merged lookup finds either)."""

from __future__ import annotations

from pathlib import Path

from . import LANGUAGES, LOCALE_DIR

PACKAGE = LOCALE_DIR.parents[1]  # smaa_build/
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}  # _(msg), n_(singular, plural, n), N_(msg)
DOMAINS = {
    "frame": ("pages/home.py", "pages/feedback.py", "pages/appendix.py", "pages/base", "site",
              "export/pdf.py", "export/content.py", "export/printable.py"),
    "chapter1": ("pages/chapter1", "analyses/chapter1"),
    "benchmark": ("pages/benchmark", "analyses/benchmark"),
    "risk": ("pages/risk", "analyses/risk"),
    "value": ("pages/value", "analyses/value"),
    "resilience": ("pages/resilience", "analyses/resilience"),
    "changes": ("pages/changes", "version_names.py"),
    "deck": ("export/deck.py", "export/risk_rows.py", "export/chart_text.py", "export/charts.py"),
    "analyses": ("analyses/reasons.py", "analyses/words.py"),  # the analyses' own words: reasons, names
}


# CLDR gives Italian a third form for millions ("1 milione di"); every catalogue uses gettext's classic two, so all
# domains of a language share one Plural-Forms (the merged lookup applies the first domain's rule to all)
PLURAL_FORMS = {"it": (2, "(n != 1)")}


def sources(domain: str) -> list[Path]:
    found = []
    for rel in DOMAINS[domain]:
        path = PACKAGE / rel
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.is_file() else []
    return found


def extract(files: list[Path]):
    """A Babel Catalog of the messages marked in `files` (no line numbers: they would churn every .po)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    catalog = Catalog(project="smaa", charset="utf-8")
    for path in files:
        for _line, message, _comments, context in extract_from_file("python", str(path), keywords=KEYWORDS):
            catalog.add(message, context=context, flags=["python-brace-format"])
    return catalog


def template(domain: str):
    return extract(sources(domain))


def update(domain: str, languages=LANGUAGES) -> list[Path]:
    """Write locale/<domain>.pot and bring locale/<lang>/LC_MESSAGES/<domain>.po up to date for each language
    but English (new messages untranslated, gone ones kept as obsolete comments for the translator)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    pot = template(domain)
    written = [LOCALE_DIR / f"{domain}.pot"]
    with written[0].open("wb") as f:
        write_po(f, pot, omit_header=False, width=120, no_location=True)
    for lang in languages:
        if lang == "en":
            continue
        po_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
        if po_path.is_file():
            with po_path.open("rb") as f:
                catalog = read_po(f, locale=lang, domain=domain)
        else:
            catalog = Catalog(locale=lang, domain=domain, project="smaa", charset="utf-8")
        if lang in PLURAL_FORMS:
            catalog._num_plurals, catalog._plural_expr = PLURAL_FORMS[lang]  # Babel has no public setter
        catalog.update(pot, no_fuzzy_matching=True)
        po_path.parent.mkdir(parents=True, exist_ok=True)
        with po_path.open("wb") as f:
            write_po(f, catalog, width=120, no_location=True)
        written.append(po_path)
    return written


def main(argv: list[str] | None = None) -> None:
    """`python -m smaa_build.i18n.catalogues [DOMAIN …]`: every domain when none is named."""
    import sys

    for domain in (argv if argv is not None else sys.argv[1:]) or DOMAINS:
        if domain not in DOMAINS:
            raise SystemExit(f"unknown domain {domain!r}; domains: {', '.join(DOMAINS)}")
        for path in update(domain):
            print(path.relative_to(PACKAGE.parent))


if __name__ == "__main__":
    main()
