"""Each self-check on made-up answers from the system: what it says, and how bad it is."""

from __future__ import annotations

import os
import sqlite3
from collections import namedtuple
from pathlib import Path

import pytest
from db_files import add_village, corrupt_table

from marketapp.doctor import (
    BLOCKING,
    OK,
    WARN,
    QtFacts,
    Report,
    Screen,
    data_checks,
    lan_check,
    qt_checks,
    voice_check,
    window_check,
)
from marketapp.doctor.findings import finding
from marketapp.store.backup.policy import backup_now
from marketapp.store.database import open_database

Usage = namedtuple("Usage", "total used free")
GB = 1024 ** 3
DESKTOP = {"DISPLAY": ":0"}


def roomy(_path):
    return Usage(100 * GB, 10 * GB, 90 * GB)


def local(_path):
    return None


@pytest.fixture
def data_file(db_path):
    db = open_database(db_path)
    add_village(db, "花园村")
    db.close()
    return db_path


# ----------------------------------------------------------------------------- report


def test_blocking_items_come_first_and_decide_the_exit_code(db_path):
    words = window_check.WindowWords("no_desktop")
    report = Report(db_path, [finding("lan", OK, words), finding("font", WARN, words),
                              finding("window", BLOCKING, words),
                              finding("data_file", OK, words)])
    assert [f.check for f in report.findings] == ["window", "font", "data_file", "lan"]
    assert report.exit_code == 1
    text = report.text("zh")
    assert text.index("[必须解决]") < text.index("[注意]") < text.index("[正常]")
    assert "有 1 项必须先解决" in text
    assert Report(db_path, [finding("font", WARN, words)]).exit_code == 0
    assert "can run" in Report(db_path, [finding("font", WARN, words)]).text("en")


# ----------------------------------------------------------------------------- data


def test_a_missing_default_folder_is_fine_and_its_disk_is_measured(tmp_path):
    finding_ = data_checks.check_folder(tmp_path / "new" / "m.db", disk_usage=roomy, kind=local)
    assert finding_.status == OK
    assert "第一次启动时会自动建立" in finding_.found_text("zh")
    assert "90.0 GB" in finding_.found_text("zh")


@pytest.mark.parametrize(("free", "status"), [(40 * 1024 ** 2, BLOCKING),
                                               (600 * 1024 ** 2, WARN), (90 * GB, OK)])
def test_free_space(data_file, free, status):
    found = data_checks.check_folder(data_file, disk_usage=lambda p: Usage(GB, 0, free),
                                     kind=local)
    assert found.status == status
    assert bool(found.todo) == (status != OK)


@pytest.mark.parametrize("kind", ["removable", "network"])
def test_a_stick_or_a_share_is_warned_about(data_file, kind):
    found = data_checks.check_folder(data_file, disk_usage=roomy,
                                     kind=lambda p: (kind, "/media/usb", "vfat"))
    assert found.status == WARN
    assert "/media/usb" in found.found_text("zh")
    assert "本机硬盘" in found.todo_text("zh")


def test_a_sound_file_passes_its_quick_check(data_file):
    found = data_checks.check_file(data_file, fs_type=lambda p: "vfat", kind=local)
    assert found.status == OK
    assert "quick_check" in found.found_text("en")


def test_a_file_closed_cleanly_is_not_read_again(data_file, monkeypatch):
    monkeypatch.setattr(data_checks, "closed_cleanly", lambda path: True)
    monkeypatch.setattr(data_checks, "quick_problems", lambda path: pytest.fail("read"))
    found = data_checks.check_file(data_file, fs_type=lambda p: "ext4", kind=local)
    assert found.status == OK and "last clean exit" in found.found_text("en")


def test_a_damaged_file_blocks_and_names_the_backup_to_restore(data_file):
    good = backup_now(data_file, "manual").path
    corrupt_table(data_file, "villages")
    found = data_checks.check_file(data_file, fs_type=lambda p: "vfat", kind=local)
    assert found.status == BLOCKING
    assert "损坏" in found.found_text("zh")
    assert str(good) in found.todo_text("zh") and "marketapp restore" in found.todo_text("zh")


def test_a_read_only_file_blocks(data_file, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(data_checks.os, "access",  # root may write anything: say it cannot
                        lambda path, mode: mode != os.W_OK and real_access(path, mode))
    found = data_checks.check_file(data_file, fs_type=lambda p: "vfat", kind=local)
    assert found.status == BLOCKING and "只读" in found.found_text("zh")


def test_a_new_file_is_fine(db_path):
    assert data_checks.check_file(db_path).status == OK


def test_backups_no_second_folder_then_a_missing_stick(data_file, tmp_path):
    backup_now(data_file, "manual")
    found = data_checks.check_backups(data_file, {})
    assert found.status == WARN and "第二备份文件夹" in found.todo_text("zh")
    assert "最新备份" in found.found_text("zh")
    gone = data_checks.check_backups(data_file, {"backup_mirror_dir": str(tmp_path / "stick")})
    assert gone.status == WARN and "U盘没插" in gone.found_text("zh")
    stick = tmp_path / "stick"
    stick.mkdir()
    backup_now(data_file, "manual", mirror_dir=stick)
    fine = data_checks.check_backups(data_file, {"backup_mirror_dir": str(stick)})
    assert fine.status == OK and str(stick) in fine.found_text("zh")


def test_changes_after_the_newest_backup_are_said(data_file, tmp_path):
    backup_now(data_file, "manual")
    later = data_file.stat().st_mtime + 3 * 3600
    os.utime(data_file, (later, later))
    found = data_checks.check_backups(data_file, {"backup_mirror_dir": str(tmp_path)})
    assert found.status == WARN and "还没有备份" in found.found_text("zh")


def test_a_file_with_data_and_no_backup_is_warned_about(data_file):
    assert data_checks.check_backups(data_file, {}).status == WARN


# ----------------------------------------------------------------------------- window


def test_missing_window_packages_block_and_give_the_install_line():
    gone = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    found = window_check.check_window(DESKTOP, "linux", lambda so: so not in gone,
                                      reachable=lambda d: True)
    assert found.status == BLOCKING
    assert "libxcb-icccm4, libxcb-keysyms1" in found.found_text("zh")
    assert found.todo_text("zh") == "安装：sudo apt install libxcb-icccm4 libxcb-keysyms1"


def test_missing_packages_are_named_without_a_desktop_too():
    found = window_check.check_window({}, "linux", lambda so: "icccm" not in so)
    assert found.status == BLOCKING
    assert "libxcb-icccm4" in found.found_text("en") and "DISPLAY" in found.found_text("en")


def test_a_desktop_with_every_library_is_fine():
    found = window_check.check_window(DESKTOP, "linux", lambda so: True,
                                      reachable=lambda d: True)
    assert found.status == OK and "DISPLAY=:0" in found.found_text("zh")


def test_an_unreachable_x_server_blocks():
    found = window_check.check_window(DESKTOP, "linux", lambda so: True,
                                      reachable=lambda d: False)
    assert found.status == BLOCKING


@pytest.mark.parametrize(("environ", "status"), [
    ({}, WARN),  # ssh or a text console: this session cannot tell
    ({"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"}, WARN),
    ({"WAYLAND_DISPLAY": "wayland-0"}, OK),
])
def test_desktops(environ, status):
    assert window_check.check_window(environ, "linux", lambda so: True).status == status


def test_wayland_only_warns_about_missing_x11_packages():
    found = window_check.check_window({"WAYLAND_DISPLAY": "wayland-0"}, "linux",
                                      lambda so: "cursor" not in so)
    assert found.status == WARN and "libxcb-cursor0" in found.found_text("zh")


def test_windows_needs_nothing():
    assert window_check.check_window({}, "win32").status == OK


# ----------------------------------------------------------------------------- Qt's facts

FONT_OK = dict(font_family="WenQuanYi Micro Hei", platform="xcb")


def test_font():
    assert qt_checks.check_font(QtFacts(**FONT_OK)).status == OK
    assert qt_checks.check_font(QtFacts()).status == WARN
    gaps = qt_checks.check_font(QtFacts(font_family="X", font_missing="请号"))
    assert gaps.status == WARN and "请号" in gaps.found_text("zh")
    broken = qt_checks.check_font(QtFacts(error="libEGL.so.1: cannot open"))
    assert broken.status == WARN and "libEGL" in broken.found_text("zh")


def test_printers(db_path):
    none = qt_checks.check_printer(QtFacts(), db_path)
    assert none.status == WARN and str(db_path.parent / "slips") in none.found_text("zh")
    no_default = qt_checks.check_printer(QtFacts(printers=["a", "b"]), db_path)
    assert no_default.status == WARN and "默认" in no_default.found_text("zh")
    fine = qt_checks.check_printer(QtFacts(printers=["XP-58"], default_printer="XP-58",
                                           default_paper="Roll 58"), db_path)
    assert fine.status == OK and "XP-58" in fine.found_text("zh")


def test_ticket_paper_against_the_default_printer():
    office = QtFacts(printers=["HP"], default_printer="HP", default_paper="A4",
                     paper_widths_mm=[210.0, 148.0, 105.0])
    assert qt_checks.check_ticket_paper(office, {}).status == WARN  # 58 mm on an A4 printer
    assert "58" in qt_checks.check_ticket_paper(office, {}).found_text("zh")
    assert qt_checks.check_ticket_paper(office, {"ticket_paper": "a6"}).status == OK
    roll = QtFacts(printers=["XP"], default_printer="XP", paper_widths_mm=[57.5])
    assert qt_checks.check_ticket_paper(roll, {"ticket_paper": "58mm"}).status == OK
    assert qt_checks.check_ticket_paper(roll, {"ticket_paper": "80mm"}).status == WARN
    assert qt_checks.check_ticket_paper(QtFacts(), {}).status == OK  # saved as PDF
    assert qt_checks.check_ticket_paper(QtFacts(), {"ticket_paper": "none"}).status == OK
    assert qt_checks.check_ticket_paper(QtFacts(), {"ticket_paper": "b5"}).status == WARN


LAPTOP, TV = Screen("eDP-1", 1366, 768), Screen("HDMI-1", 1920, 1080)


@pytest.mark.parametrize(("screens", "setting", "status", "words"), [
    ([LAPTOP, TV], -1, OK, "HDMI-1"),
    ([LAPTOP], -1, WARN, "只有一个屏幕"),
    ([LAPTOP, TV], 1, OK, "第 2 个屏幕 HDMI-1"),
    ([LAPTOP, TV], 0, WARN, "盖住"),
    ([LAPTOP], 1, WARN, "普通窗口"),
    (None, -1, WARN, "无法检查屏幕"),
])
def test_screens_as_the_display_window_picks_them(screens, setting, status, words):
    found = qt_checks.check_screens(QtFacts(screens=screens, platform="offscreen"),
                                    {"display_screen": setting})
    assert found.status == status
    assert words in found.found_text("zh")


# ----------------------------------------------------------------------------- network


def test_the_server_not_configured_is_fine():
    found = lan_check.check_lan({}, addresses=lambda: ["192.168.8.100"])
    assert found.status == OK
    assert "未配置" in found.found_text("zh") and "192.168.8.100" in found.found_text("zh")


def test_a_configured_server_gives_the_phones_address():
    found = lan_check.check_lan({"hub_port": 8420}, addresses=lambda: ["192.168.8.100"])
    assert found.status == OK and "http://192.168.8.100:8420/" in found.found_text("zh")
    away = lan_check.check_lan({"hub_host": "10.0.0.9", "hub_port": 8420},
                               addresses=lambda: ["192.168.8.100"])
    assert away.status == WARN
    offline = lan_check.check_lan({"hub_port": 8420}, addresses=lambda: [])
    assert offline.status == WARN
    assert lan_check.check_lan({"hub_port": "x"}, addresses=lambda: []).status == WARN


def test_lan_addresses_never_include_loopback():
    assert not any(a.startswith("127.") for a in lan_check.lan_addresses())


# ----------------------------------------------------------------------------- voice


class Answered:
    """A voice worker that has answered (or not: ``error``)."""

    def __init__(self, decision=None, error=""):
        self.decision, self.error = decision, error

    def answer(self, timeout=0):
        return self.decision


ALL_VOICE = dict.fromkeys(voice_check.VOICE_PACKAGES, True)


def test_a_mandarin_voice():
    found = voice_check.check_voice(
        Answered({"mode": "tts", "voice": "Microsoft Huihui Desktop"}), None)
    assert found.status == OK and "Huihui" in found.found_text("zh")


def test_no_engine_on_linux_names_the_missing_packages():
    state = {**ALL_VOICE, "speech-dispatcher": False, "libspeechd2": False}
    found = voice_check.check_voice(
        Answered({"mode": "chime", "reason": "no-speech-module"}), state)
    assert found.status == WARN
    assert "缺少 libspeechd2, speech-dispatcher" in found.found_text("zh")
    assert found.todo_text("zh") == "安装：sudo apt install libspeechd2 speech-dispatcher"


def test_no_chinese_voice_on_windows_says_where_to_add_one():
    found = voice_check.check_voice(
        Answered({"mode": "chime", "reason": "no-chinese-voice"}), None)
    assert found.status == WARN and "添加语音" in found.todo_text("zh")


def test_a_stuck_engine():
    found = voice_check.check_voice(Answered(error="timeout"), ALL_VOICE, timeout=8)
    assert found.status == WARN and "8 秒内没有回答" in found.found_text("zh")


def test_audio():
    assert voice_check.check_audio(Answered({"mode": "chime"}), True, None).status == OK
    silent = voice_check.check_audio(Answered({"mode": "silent"}), True,
                                     {**ALL_VOICE, "libpulse0": False})
    assert silent.status == WARN
    assert "libpulse0" in silent.found_text("zh") and "30 秒" in silent.found_text("zh")


FAKE_WORKER = [os.sys.executable, str(Path(__file__).parents[1] / "helpers" /
                                      "fake_voice_worker.py")]


def test_a_worker_is_asked_to_choose_and_ends_when_closed():
    probe = voice_check.WorkerProbe(True, FAKE_WORKER)
    assert probe.answer(20) == {"mode": "tts", "reason": "", "voice": "Test Mandarin"}
    process = probe._process
    probe.close()
    assert process.returncode == 0


def test_a_worker_that_does_not_answer_in_time():
    probe = voice_check.WorkerProbe(True, [*FAKE_WORKER, "--probe-delay", "30"])
    try:
        assert probe.answer(0.5) is None and probe.error == "timeout"
    finally:
        probe.close()


def test_a_worker_that_cannot_start():
    probe = voice_check.WorkerProbe(True, ["/nonexistent/marketapp"])
    assert probe.answer(1) is None and probe.error


def test_the_worker_is_started_as_the_app_starts_it(qapp):
    from marketapp.ui.display.voice_link import worker_command

    assert voice_check.worker_command() == worker_command()


def test_quiet_read_leaves_no_trace_in_a_closed_wal_file(tmp_path):
    from marketapp.doctor.quiet_read import quick_problems, read_settings

    path = tmp_path / "x.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO settings VALUES ('ticket_paper', '\"80mm\"'), ('bad', '{')")
    conn.commit()
    conn.close()
    assert quick_problems(path) == []
    assert read_settings(path) == {"ticket_paper": "80mm"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.db"]


def test_a_check_that_breaks_is_a_warning_and_the_others_still_run(db_path, monkeypatch):
    from marketapp.doctor import run

    def broken(path):
        raise RuntimeError("no such thing")

    monkeypatch.setattr(run.data_checks, "check_folder", broken)
    report = run.diagnose(db_path, lambda: (_ for _ in ()).throw(ValueError("Qt gone")),
                          voice=False)
    folder = next(f for f in report.findings if f.check == "data_folder")
    assert folder.status == WARN and "RuntimeError: no such thing" in folder.found_text("zh")
    font = next(f for f in report.findings if f.check == "font")
    assert "Qt gone" in font.found_text("zh")
    assert {f.check for f in report.findings} >= {"data_file", "backups", "window", "lan"}


def test_the_data_files_size_counts_what_is_still_in_its_write_ahead_log(db_path):
    """While the app runs most of a day's data sits in the -wal: 自检 says the data's size,
    not the main file's few pages."""
    db = open_database(db_path)  # left open: its log is not checkpointed into the file
    db.conn.execute("PRAGMA wal_autocheckpoint = 0")
    db.execute("CREATE TABLE filler (x BLOB)")
    with db.conn:
        db.conn.executemany("INSERT INTO filler VALUES (zeroblob(8192))", [()] * 100)
    main, wal = db_path.stat().st_size, db_path.with_name(db_path.name + "-wal").stat().st_size
    assert wal > 800_000 > main
    shown = data_checks.check_file(db_path, fs_type=lambda p: "ext4", kind=local).found_text("en")
    db.close()
    assert f"({data_checks.size_text(main + wal)})" in shown
    assert f"({data_checks.size_text(main)})" not in shown
