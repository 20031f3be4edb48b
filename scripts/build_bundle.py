"""Build the self-contained app folder ``dist/marketapp/`` with PyInstaller.

    python -m pip install -e ".[bundle]" && python scripts/build_bundle.py

The folder runs on a machine of the same kind (Linux → Linux, Windows → Windows; PyInstaller
does not cross-compile) with nothing else installed. What goes into it, and why, is in
packaging/marketapp.spec. Prints the folder's size and the build time.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "marketapp.spec"


def folder_size(folder: Path) -> int:
    """Bytes in the files under ``folder`` (symbolic links counted once, as links)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def build(dist: Path, work: Path) -> Path:
    """Build into ``dist/marketapp`` (replacing an older one) and return that folder."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    subprocess.run(command, check=True, cwd=ROOT)
    return dist / "marketapp"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the marketapp folder goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's working folder (default: build/pyinstaller/)")
    args = parser.parse_args(argv)
    if importlib.util.find_spec("PyInstaller") is None:
        print('PyInstaller is not installed: python -m pip install -e ".[bundle]"',
              file=sys.stderr)
        return 1
    if sys.platform.startswith("linux") and shutil.which("objdump") is None:
        print("PyInstaller needs objdump on Linux: install binutils", file=sys.stderr)
        return 1
    started = time.monotonic()
    try:
        folder = build(args.dist.resolve(), args.work.resolve())
    except subprocess.CalledProcessError as exc:
        print(f"PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    seconds = time.monotonic() - started
    print(f"{folder}: {folder_size(folder) / 1e6:.0f} MB, built in {seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
