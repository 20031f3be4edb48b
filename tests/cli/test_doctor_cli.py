"""`marketapp doctor`: read-only (the data file's bytes and times, and no new file in its
folder), blocking items first with exit code 1, and on this machine the real thing."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import time

import pytest
from db_files import add_village

from marketapp.cli import cli
from marketapp.doctor import QtFacts, Screen, window_check
from marketapp.store.backup.policy import backup_now
from marketapp.store.clean_close import record_clean_close
from marketapp.store.database import open_database

FINE_QT = QtFacts(platform="xcb", screens=[Screen("eDP-1", 1366, 768), Screen("HDMI", 1920, 1080)],
                  font_family="WenQuanYi Micro Hei", printers=["XP-58"],
                  default_printer="XP-58", paper_widths_mm=[58.0])


@pytest.fixture
def data_file(db_path):
    db = open_database(db_path)
    add_village(db, "花园村")
    db.close()
    backup_now(db_path, "exit")
    record_clean_close(db_path)
    return db_path


def folder_state(folder):
    """Every file under the data folder; for the data file also its bytes and times."""
    state = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        state[key] = None
        if path.suffix == ".db" and path.parent == folder:
            stat = path.stat()
            state[key] = (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_size,
                          stat.st_mtime_ns)
    return state


def run_doctor(runner, db_path, *args, lang="zh"):
    return runner.invoke(cli, ["--db", str(db_path), "--lang", lang, "doctor", *args])


@pytest.fixture
def fine_qt(monkeypatch):
    monkeypatch.setattr("marketapp.commands.doctor._qt_facts", lambda: FINE_QT)


@pytest.mark.parametrize("state", ["closed cleanly", "after a crash", "open in the app"])
def test_doctor_changes_nothing_in_the_data_folder(runner, data_file, qapp, state):
    """The real Qt facts and voice workers included: nothing is written or created."""
    holder = None
    if state == "after a crash":
        (data_file.parent / "market.db-closed").unlink()
    elif state == "open in the app":
        holder = sqlite3.connect(data_file)  # the app's connection: -wal and -shm exist
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("SELECT count(*) FROM villages").fetchone()
    before = folder_state(data_file.parent)
    try:
        result = run_doctor(runner, data_file)
    finally:
        after = folder_state(data_file.parent)
        if holder is not None:
            holder.close()
    assert result.exit_code in (0, 1), result.output
    assert after == before
    assert "数据文件" in result.output and "Traceback" not in result.output


def test_a_new_data_file_is_not_created(runner, tmp_path, fine_qt):
    result = run_doctor(runner, tmp_path / "new.db", "--no-voice")
    assert "还没有数据文件" in result.output
    assert list(tmp_path.iterdir()) == []


def test_blocking_items_first_and_exit_code_1(runner, data_file, fine_qt, monkeypatch):
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setattr(window_check, "loadable", lambda soname: "keysyms" not in soname)
    monkeypatch.setattr(window_check, "x_display_reachable", lambda display: True)
    result = run_doctor(runner, data_file, "--no-voice", lang="en")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[2] == "[MUST FIX] Window (Qt platform plugin)"
    assert "libxcb-keysyms1" in lines[3]
    assert "sudo apt install libxcb-keysyms1" in result.output
    assert "must be fixed first" in lines[-1]


def test_exit_code_0_when_the_market_can_run(runner, data_file, fine_qt, monkeypatch):
    monkeypatch.setattr("marketapp.doctor.run.check_window",
                        lambda: window_check.check_window({"DISPLAY": ":0"}, "linux",
                                                          lambda so: True, lambda d: True))
    result = run_doctor(runner, data_file, "--no-voice")
    assert result.exit_code == 0, result.output
    assert "[必须解决]" not in result.output
    assert "结论：可以开集市。" in result.output


def test_on_this_machine(tmp_path):
    """The command as a person runs it: every missing window package and the state of
    speech-dispatcher named, exit code 1 while a window package is missing, no traceback."""
    db = open_database(tmp_path / "m.db")
    db.close()
    missing = window_check.missing_packages()
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "marketapp", "--db", str(tmp_path / "m.db"),
                           "doctor"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    took = time.monotonic() - started
    assert "Traceback" not in done.stderr, done.stderr
    for package in missing:
        assert package in done.stdout
    if missing:
        assert done.returncode == 1
    else:
        assert done.returncode in (0, 1)
    if sys.platform.startswith("linux"):
        assert "speech-dispatcher" in done.stdout
    assert "叫号语音" in done.stdout and "声音输出" in done.stdout
    assert took < 30, took  # about 2 s here; generous for a loaded CI machine


def test_doctor_loads_without_the_other_commands(tmp_path):
    """Its voice check starts as soon as the command runs: no other command's imports first."""
    code = ("import sys; from click.testing import CliRunner; from marketapp.cli import cli; "
            f"CliRunner().invoke(cli, ['--db', {str(tmp_path / 'm.db')!r}, 'doctor', "
            "'--no-voice']); print(sorted(m for m in sys.modules "
            "if m.startswith('marketapp.commands.')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "['marketapp.commands.doctor']"
