#!/usr/bin/env python3
"""Set-up and developer tasks, runnable on a fresh machine with only Python 3.11+ and the OS package manager.

    python3 tasks.py demo            set up, then build the demo report (prints where to open it)
    python3 tasks.py test            set up (incl. Chromium for browser tests), then run the whole test suite
    python3 tasks.py golden          regenerate the golden files under tests/golden/
    python3 tasks.py bench           run the benchmarks in tests/benchmarks/ and print their figures
    python3 tasks.py docs            regenerate docs/reference/ (spec and CLI reference) and build smaa's docs
    python3 tasks.py i18n [DOMAIN]   extract the messages (locale/<domain>.pot) and update every language's .po
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
OS_PACKAGES = {  # Debian package -> a file it installs (present = nothing to do)
    "chromium": "/usr/bin/chromium",
    "poppler-utils": "/usr/bin/pdftotext",
    "libpango-1.0-0": "/usr/lib/x86_64-linux-gnu/libpango-1.0.so.0",
    "libpangoft2-1.0-0": "/usr/lib/x86_64-linux-gnu/libpangoft2-1.0.so.0",
    "fonts-dejavu-core": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    # the PDF's and the charts' text font (export/print.css); fontconfig also maps the deck's Arial to it
    "fonts-liberation": "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "nginx-light": "/usr/sbin/nginx",  # tests/site/test_nginx.py runs the generated host configuration
}


def run(*cmd, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=kw.pop("cwd", ROOT), **kw)


def os_packages(names: list[str]) -> None:
    missing = [n for n in names if not Path(OS_PACKAGES[n]).exists() and not _multiarch_present(n)]
    if not missing:
        return
    if not shutil.which("apt-get"):
        sys.exit(f"Install these OS packages with your package manager, then retry: {' '.join(missing)}")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    run(*sudo, "apt-get", "update", "-qq")
    run(*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def _multiarch_present(name: str) -> bool:
    lib = Path(OS_PACKAGES[name]).name
    return lib.startswith("lib") and any(Path("/usr/lib").glob(f"*/{lib}"))


def python_env(extras: str = "") -> None:
    if not PY.exists():
        print(f"+ creating {VENV}", flush=True)
        venv.create(VENV, with_pip=True)
    stamp = VENV / f".installed{extras}"
    if stamp.exists() and stamp.stat().st_mtime >= (ROOT / "pyproject.toml").stat().st_mtime:
        return
    run(PY, "-m", "pip", "install", "-q", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "-q", "-e", f".{extras}")
    stamp.touch()


def demo() -> None:
    os_packages(["libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"])
    python_env()
    run(VENV / "bin" / "smaa", "build", "cases/demo")
    print("\nOpen build/demo/site/index.html in a browser, or serve it with: .venv/bin/smaa serve cases/demo")


def test(*pytest_args: str) -> None:
    os_packages(list(OS_PACKAGES))
    python_env("[test]")
    env = {**os.environ, "SMAA_GIT_REVISION": os.environ.get("SMAA_GIT_REVISION", "test")}
    sys.exit(subprocess.run([str(PY), "-m", "pytest", *pytest_args], cwd=ROOT, env=env).returncode)


def golden() -> None:
    python_env("[test]")
    run(PY, "-m", "pytest", "tests/test_golden.py", "--update-golden", "-q")


def bench() -> None:
    python_env("[test,bench]")
    for script in sorted((ROOT / "tests" / "benchmarks").glob("bench_*.py")):
        run(PY, script)


def docs() -> None:
    python_env("[test]")
    run(PY, "-m", "smaa_build.cli.docgen")
    run(VENV / "bin" / "mkdocs", "build", "--strict", "-d", "build/docs-site")


def i18n(*domains: str) -> None:
    """Babel extracts each domain's messages from smaa's source and merges them into every language's .po (new
    messages untranslated, for the translator); the build compiles the .po files in memory."""
    python_env("[test]")
    run(PY, "-m", "smaa_build.i18n.catalogues", *domains)


TASKS = {"demo": demo, "test": test, "golden": golden, "bench": bench, "docs": docs, "i18n": i18n}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TASKS:
        sys.exit(__doc__)
    TASKS[sys.argv[1]](*sys.argv[2:])
