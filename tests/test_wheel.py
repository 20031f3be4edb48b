"""`pip install .` builds a real wheel that finds resources/ from the installed package."""

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_finds_its_resources(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(ROOT)], check=True, timeout=600)
    wheels = list(dist.glob("marketapp-*.whl"))
    assert len(wheels) == 1
    import zipfile

    shipped = set(zipfile.ZipFile(wheels[0]).namelist())
    for page in ("pair.html", "stall.html", "display.html", "static/hub.css"):
        assert f"marketapp/web/pages/{page}" in shipped  # the hub's pages, no build step
    env_dir = tmp_path / "venv"
    # System site-packages supply PySide6 & co. without a download; marketapp itself comes
    # only from the wheel, installed into the venv, which wins on sys.path.
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps",
                    "--force-reinstall", str(wheels[0])], check=True, timeout=600)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run(
        [bin_dir / "python", "-c",
         "import marketapp.resource_files as r; print(r.resource_path('catalogue.toml'))"],
        cwd=outside, env=env, capture_output=True, text=True, timeout=120, check=True)
    assert Path(where.stdout.strip()).is_relative_to(env_dir)
    listed = subprocess.run([bin_dir / "marketapp", "--db", str(outside / "m.db"), "services"],
                            cwd=outside, env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "理发" in listed.stdout
