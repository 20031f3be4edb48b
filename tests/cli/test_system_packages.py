"""One list of Debian packages for the app, the README and CI; the app names the missing ones
instead of letting Qt abort."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from marketapp import launch, system_packages
from marketapp.system_packages import (
    XCB_LIBRARIES,
    install_line,
    missing_window_packages,
    package_groups,
    window_problem,
)

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = {"DISPLAY": ":0"}


def test_the_readme_quotes_the_lists_the_app_and_ci_use():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for group in ("app", "voice", "tests"):
        assert install_line(group) in readme, group


def test_ci_installs_every_group_of_the_same_file():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "resources/linux-packages.txt" in script
    line = next(x for x in script.splitlines() if "linux-packages.txt" in x and "sed" in x)
    command = line.split("$(", 1)[1].rsplit(")", 1)[0]
    listed = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    assert listed == [p for packages in package_groups().values() for p in packages]


def test_every_library_checked_comes_from_a_package_in_the_app_line():
    assert set(XCB_LIBRARIES.values()) <= set(package_groups()["app"])


def test_a_missing_library_names_its_package():
    gone = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    found = missing_window_packages(DESKTOP, "linux", lambda soname: soname not in gone)
    assert found == ["libxcb-cursor0", "libxcb-icccm4"]
    assert missing_window_packages(DESKTOP, "linux", lambda soname: True) == []


@pytest.mark.parametrize(("environ", "platform"), [
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
    ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, "linux"),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux"),
    ({}, "win32"),
    ({}, "darwin"),
])
def test_no_x11_libraries_are_asked_for_where_qt_does_not_use_them(environ, platform):
    assert missing_window_packages(environ, platform, lambda soname: False) == []


def test_no_desktop_at_all_is_said_as_such():
    assert missing_window_packages({}, "linux", lambda soname: True) is None
    assert "DISPLAY" in window_problem({}, "linux").message("zh")


def test_the_app_says_what_to_install_and_exits_1_before_qt_starts(tmp_path, monkeypatch,
                                                                   capsys):
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(system_packages, "loadable", lambda soname: "keysyms" not in soname)
    monkeypatch.setattr("sys.platform", "linux")
    data = tmp_path / "market.db"
    with pytest.raises(SystemExit) as start:
        launch.main(["--db", str(data)])
    assert start.value.code == 1
    said = capsys.readouterr().err
    assert "缺少图形界面所需的系统软件包（libxcb-keysyms1）" in said
    assert install_line("app") in said
    assert not data.exists()  # nothing opened, nothing created


@pytest.mark.skipif(shutil.which("ldd") is None, reason="ldd reads the plugin's libraries")
def test_the_list_covers_what_qts_window_plugin_cannot_find_here():
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        pytest.skip("no xcb plugin in this PySide6")
    out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True,
                         env={**os.environ, "LD_LIBRARY_PATH": str(qt / "lib")}).stdout
    not_found = {line.split()[0] for line in out.splitlines() if "not found" in line}
    assert not_found <= set(XCB_LIBRARIES)
