"""The hub's command line (issue 12's contract): `demo --live`, `devices pair|list|revoke`,
and `serve` — the URL printed, exit 0 on SIGTERM, refused while the app holds the file."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from datetime import date

import httpx
import pytest

from marketapp.cli import cli
from marketapp.core.devices.hub_address import save_address
from marketapp.core.devices.pairing import list_devices, redeem_code, secret_hash
from marketapp.store.database import open_database
from marketapp.store.instance_lock import InstanceLock

URL = re.compile(r"http://[0-9.]+:[0-9]+/p/([A-Za-z0-9_-]{16,})")


def run(runner, db_path, *args):
    return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)


@pytest.fixture
def live_file(runner, db_path):
    result = run(runner, db_path, "demo", "--live", "--seed", "3")
    assert result.exit_code == 0
    return db_path


def test_demo_live_leaves_todays_market_open_with_people_waiting_and_at_counters(
        runner, live_file):
    db = open_database(live_file)
    day = db.execute("SELECT id, status, date FROM market_days").fetchone()
    assert day[1] == "open" and day[2] == date.today().isoformat()
    counts = dict(db.execute("SELECT status, COUNT(*) FROM tickets GROUP BY status"))
    assert counts["waiting"] > 10 and counts.get("called", 0) + counts["serving"] > 0
    db.close()
    again = run(runner, live_file, "demo", "--live")
    assert again.exit_code == 0 and "未改动" in again.output
    dated = run(runner, live_file, "demo", "--live", "--date", "2025-01-01")
    assert dated.exit_code == 2


def test_pair_prints_a_one_time_link_with_the_saved_address(runner, live_file):
    db = open_database(live_file)
    save_address(db, "192.168.8.10", 8420)
    result = run(runner, live_file, "devices", "pair", "--stall", "b", "--counter", "2")
    assert result.exit_code == 0, result.output
    assert "B 健康检查（2 号窗口）" in result.output and "10 分钟内有效" in result.output
    code = URL.search(result.output).group(1)
    assert result.output.strip().endswith(f"http://192.168.8.10:8420/p/{code}")
    stored = db.execute("SELECT counter FROM pairing_codes WHERE code_hash = ?",
                        [secret_hash(code)]).fetchone()
    assert stored == (2,)
    display = run(runner, live_file, "devices", "pair", "--display")
    assert display.exit_code == 0 and "公共显示屏" in display.output
    db.close()


@pytest.mark.parametrize(("args", "message"), [
    (("--stall", "Z"), "这场集市没有 Z 摊位。可选：A、B"),
    (("--stall", "B", "--counter", "9"), "没有 9 号窗口"),
    (("--stall", "B", "--date", "2020-01-01"), "2020-01-01 没有正在进行的集市"),
    (("--stall", "B", "--village", "花园村"), "花园村"),
])
def test_pair_refuses_with_exit_1_and_a_clear_message(runner, live_file, args, message):
    result = run(runner, live_file, "devices", "pair", *args)
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output


def test_pair_wants_a_stall_or_the_display(runner, live_file):
    assert run(runner, live_file, "devices", "pair").exit_code == 2
    assert run(runner, live_file, "devices", "pair", "--stall", "A", "--display").exit_code == 2


def test_list_and_revoke(runner, live_file):
    pairing = run(runner, live_file, "devices", "pair", "--stall", "A", "--counter", "1")
    db = open_database(live_file)
    redeem_code(db, URL.search(pairing.output).group(1), name="Android 13 · Chrome")
    listed = run(runner, live_file, "devices", "list")
    assert listed.exit_code == 0
    assert "摊位 A 1 号窗口" in listed.output and "Android 13 · Chrome" in listed.output
    assert "在用" in listed.output
    device = list_devices(db)[0]
    revoked = run(runner, live_file, "devices", "revoke", device.id[:8])
    assert revoked.exit_code == 0 and "已撤销设备" in revoked.output
    assert "已撤销" in run(runner, live_file, "devices", "list").output
    missing = run(runner, live_file, "devices", "revoke", "ffffffff")
    assert missing.exit_code == 1 and "找不到设备" in missing.output
    db.close()


def test_two_devices_paired_in_the_same_minute_are_listed_apart_and_revoked_by_the_list(
        runner, live_file, monkeypatch):
    # Ids are time-ordered: devices paired within a minute share their first eight characters.
    minted = iter(f"01a2529e-afc4-7b14-b686-21{n:010x}" for n in range(1, 40))
    monkeypatch.setattr("marketapp.core.devices.pairing.new_id", lambda: next(minted))
    db = open_database(live_file)
    for stall in ("A", "B", "A"):
        pairing = run(runner, live_file, "devices", "pair", "--stall", stall)
        redeem_code(db, URL.search(pairing.output).group(1), name=f"手机 {stall}")
    ids = sorted(d.id for d in list_devices(db))
    assert len(ids) == 3 and len({i[:8] for i in ids}) == 1
    lines = run(runner, live_file, "devices", "list").output.splitlines()
    shown = [line.split("\t")[0] for line in lines]
    assert len(set(shown)) == len(ids) and all(len(s) >= 8 for s in shown)
    for short in shown:
        revoked = run(runner, live_file, "devices", "revoke", short)
        assert revoked.exit_code == 0 and short in revoked.output
    assert all(d.revoked_at for d in list_devices(db))
    db.close()


def _serve(db_path, *extra):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "marketapp", "--db", str(db_path), "serve",
                             "--host", "127.0.0.1", "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_serve_prints_its_url_serves_and_exits_0_on_sigterm(live_file):
    process = _serve(live_file)
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:[0-9]+", line).group(0)
        assert httpx.get(url + "/", timeout=5).status_code == 200
        db = open_database(live_file)
        host, port = db.execute("SELECT value FROM settings WHERE key IN ('hub_host', "
                                "'hub_port') ORDER BY key").fetchall()
        assert (host[0], port[0]) == ('"127.0.0.1"', url.rsplit(":", 1)[1])
        db.close()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert "已停止" in process.stdout.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_serve_is_refused_while_the_app_has_the_file_open(live_file):
    with InstanceLock(live_file):
        process = _serve(live_file)
        try:
            out, err = process.communicate(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 1
    assert "已被另一个 marketapp 打开" in err and "Traceback" not in err
