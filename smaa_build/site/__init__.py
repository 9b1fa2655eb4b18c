"""STAGE 5: generated docs -> mkdocs build -> site, swapped in atomically; versioned publishing lives in
site/publish.py."""

from .mkdocs_run import REPO_ROOT, build_site, swap_in

__all__ = ["REPO_ROOT", "build_site", "mkdocs_config", "swap_in"]


def __getattr__(name: str):
    """mkdocs_config on first use: it reads the typed case and the pages' words, which the site worker (worker.py)
    never needs, so importing this package stays light."""
    if name == "mkdocs_config":
        from .build import mkdocs_config

        return mkdocs_config
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
