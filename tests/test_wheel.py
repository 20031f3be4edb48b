"""`pip install .` builds a real wheel that finds resources/ from the installed package."""

import os
import site
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
    for page in ("pair.html", "stall.html", "display.html", "static/hub.css", "static/live.js",
                 "static/stall.js", "static/stall.css", "static/display.js", "static/display.css"):
        assert f"marketapp/web/pages/{page}" in shipped  # the hub's pages, no build step
    env_dir = tmp_path / "venv"
    # System site-packages supply PySide6 & co. without a download; marketapp itself comes
    # only from the wheel, installed into the venv, which wins on sys.path.
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    # When the suite itself runs in a virtual environment, its packages are not the system's:
    # hand the new one this interpreter's site-packages too, after its own (a .pth line adds a
    # folder without running the .pth files in it, so this checkout's editable install of
    # marketapp stays out and the wheel's copy is the one imported).
    new_site = subprocess.run([bin_dir / "python", "-c", "import sysconfig; "
                               "print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    (Path(new_site) / "outer-site-packages.pth").write_text(
        "\n".join(dict.fromkeys(site.getsitepackages())) + "\n", encoding="utf-8")
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
    # The gettext catalogue (core errors, reports, the CLI's sentences) comes with it.
    said = subprocess.run(
        [bin_dir / "python", "-c",
         "import marketapp.core.text as t; print(t.translations('zh')._catalog and "
         "t.locale_dir()); print(t.say('Exported {count} villagers to {output}', 'zh', "
         "count=2, output='x.csv'))"],
        cwd=outside, env=env, capture_output=True, text=True, timeout=120, check=True)
    mo_dir, sentence = said.stdout.strip().splitlines()
    assert Path(mo_dir).is_relative_to(env_dir)
    assert sentence == "已导出 2 位村民到 x.csv"
    listed = subprocess.run([bin_dir / "marketapp", "--db", str(outside / "m.db"), "services"],
                            cwd=outside, env=env, capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert "理发" in listed.stdout
