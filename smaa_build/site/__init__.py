"""STAGE 5: generated docs -> mkdocs build -> site, swapped in atomically; versioned publishing lives in
site/publish.py."""

from .build import mkdocs_config
from .mkdocs_run import REPO_ROOT, build_site, swap_in

__all__ = ["REPO_ROOT", "build_site", "mkdocs_config", "swap_in"]
