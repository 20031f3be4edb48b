"""The real engine: the display calls a ticket, the voice worker process (``marketapp
voice-worker``, started as the app starts it) gets the words, QtTextToSpeech's speechd plugin
hands them to speech-dispatcher, espeak-ng's Mandarin voice says them, and the sound lands in
a WAV file (ALSA's "file" plugin stands in for the sound card this machine does not have).

Needs Debian's speech-dispatcher, speech-dispatcher-espeak-ng, espeak-ng, libspeechd2 and
libpulse0 (the "voice" group of resources/linux-packages.txt). Missing, the tests skip saying
what to install, or fail in CI (.ci/run installs them); on Windows and macOS the engine is
the system's own and is not driven here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from system_needs import missing, need_program
from test_ui_stall_core import open_day, queue_people

from marketapp.core.queue import engine as queue
from marketapp.ui.display.voice import Voice, VoiceService, spoken_text
from marketapp.ui.display.window import DisplayWindow
from marketapp.ui.shell.session import Session

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="speech-dispatcher is the Linux engine")

MANDARIN = "Chinese (Mandarin, latin as Pinyin)"
RATE = 22050  # espeak-ng's output: 16-bit mono
WAV_HEADER = 44  # ALSA's file plugin writes the sizes only on a clean close: read past it
START_WAIT_S = 20  # how long speech-dispatcher may take to open its socket
UTF8 = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def need(program: str) -> str:
    return need_program(program, "voice")


@pytest.fixture
def speechd(tmp_path, monkeypatch):
    """A private speech-dispatcher whose sound card is a WAV file; yields the file's path."""
    daemon = need("speech-dispatcher")
    if not Path("/etc/speech-dispatcher/modules/espeak-ng.conf").exists():
        missing("speech-dispatcher's espeak-ng module", "voice")
    config, home, wav = tmp_path / "conf", tmp_path / "home", tmp_path / "said.wav"
    shutil.copytree("/etc/speech-dispatcher", config)
    with (config / "speechd.conf").open("a", encoding="utf-8") as conf:
        conf.write('\nAudioOutputMethod "alsa"\nAudioALSADevice "default"\n'
                   'AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"\n'
                   'DefaultModule espeak-ng\n')
    home.mkdir()
    (home / ".asoundrc").write_text(
        'pcm.!default {\n type file\n slave.pcm "null"\n'
        f' file "{wav}"\n format "wav"\n}}\n', encoding="utf-8")
    socket = tmp_path / "speechd.sock"
    process = subprocess.Popen(
        [daemon, "--run-single", "--timeout", "0", "--config-dir", str(config),
         "--communication-method", "unix_socket", "--socket-path", str(socket),
         "--log-dir", str(tmp_path), "--pid-file", str(tmp_path / "speechd.pid")],
        env={**UTF8, "HOME": str(home)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + START_WAIT_S
    while not socket.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if not socket.exists():
        process.kill()
        pytest.fail(f"speech-dispatcher did not start: see {tmp_path}/speech-dispatcher.log")
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{socket}")
    yield wav
    process.terminate()
    try:
        process.wait(5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def seconds_of_sound(wav: Path) -> float:
    """Seconds in which the samples are not near silence."""
    data = wav.read_bytes()[WAV_HEADER:] if wav.exists() else b""
    samples = memoryview(data[: len(data) // 2 * 2]).cast("h")
    window = RATE // 20
    loud = sum(1 for start in range(0, len(samples) - window, window)
               if max(abs(s) for s in samples[start:start + window:8]) > 1000)
    return loud / 20


def test_the_display_calls_a_ticket_in_mandarin_through_speech_dispatcher(
        qtbot, zh_app, db, db_path, speechd):
    day = open_day(db)
    hair = day.stalls[0]
    tickets = queue_people(db, hair.id)
    service = VoiceService()
    try:
        window = DisplayWindow(Session(db, db_path),
                               voice=Voice(lambda: (True, 80), service=service))
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.notice, timeout=30_000) as notice:
            pass  # the worker opens the engine meanwhile; the window is already up
        assert (service.mode, service.voice_name) == ("tts", MANDARIN), service.describe()
        assert notice.args == [f"语音：可用（普通话，{MANDARIN}）"]  # for the status bar
        assert service.worker.pid() != os.getpid()

        called = queue.call_next(db, hair.id, counter=1)
        assert called.id == tickets[0].id
        # said = the engine went Speaking and back to Ready (VoicePlayer's rule)
        with qtbot.waitSignal(service.finished_one, timeout=30_000) as said:
            window.refresh()
        assert said.args == [spoken_text("A001", "理发")] == ["请 A零零一号 到 理发 摊位"]
        first = seconds_of_sound(speechd)
        assert first > 1.0  # 2.8 s of speech here for these nine syllables

        queue.recall(db, called.id)  # a recall is said again, in full
        with qtbot.waitSignal(service.finished_one, timeout=30_000):
            window.refresh()
        assert seconds_of_sound(speechd) > first + 1.0
    finally:
        service.shutdown()


def test_espeak_reads_the_spoken_number_digit_by_digit_in_mandarin():
    """What villagers hear: the engine's own phonemes for the words it is given."""
    espeak = need("espeak-ng")

    def phonemes(text: str) -> str:
        return subprocess.run([espeak, "-q", "-x", "-v", "cmn-latn-pinyin", text], env=UTF8,
                              capture_output=True, text=True, check=True).stdout

    said = phonemes(spoken_text("A012", "理发"))
    assert "(en)" not in said  # no switch to English anywhere
    assert said.split()[:5] == ["tS;h'i21N_|", "'ei51_|", "l'i35N_|", "j'i55_|", "'@r51_|"]
    # 请 A 零 一 二 ...; the bare "A012" would be read as 零 十二 (zero, twelve):
    assert "s.i.35" in phonemes("请 A012 号")
