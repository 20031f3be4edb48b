"""Which voice the public display would use here, found the way the app finds it.

The app's voice worker (``ui/display/voice_worker``, started as ``marketapp voice-worker``)
chooses once: QtTextToSpeech with a Mandarin voice, else the chime when there is an audio
output, else nothing. The self-check starts two such workers at once and only asks them to
choose (``{"do": "probe"}``), never to make a sound: one as the app starts it (speech
first) and one that skips the speech engine, which tells whether the chime (so an audio
output) works. Opening speech-dispatcher takes about 2 s, and one left busy may never
answer, so each gets ``TIMEOUT`` seconds. Qt-free: the workers are other processes.

On Linux the packages of the "voice" line (``resources/linux-packages.txt``) are named
when missing: that is what a fresh machine lacks (speech-dispatcher, libpulse0…).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from marketapp import VOICE_WORKER
from marketapp.core.errors import UserError
from marketapp.core.text import N_
from marketapp.doctor.findings import OK, WARN, Finding, finding
from marketapp.system_packages import install_line, loadable

TIMEOUT = 8.0  # seconds; the app itself waits 30 s before it gives up on the engine


def worker_command() -> list[str]:
    """As ``ui.display.voice_link.worker_command`` (which imports Qt; a test keeps the two
    equal): in a frozen bundle the app's own executable is the worker."""
    if getattr(sys, "frozen", False):
        return [sys.executable, VOICE_WORKER]
    return [sys.executable, "-m", "marketapp", VOICE_WORKER]


class WorkerProbe:
    """One voice worker asked to choose; ``answer()`` waits for its decision until a
    deadline. The worker ends when its stdin closes (``close``)."""

    def __init__(self, speech: bool, command: list[str] | None = None,
                 low_priority: bool = False) -> None:
        self.decision: dict[str, Any] | None = None
        self.error = ""
        self._done = threading.Event()
        self._started = time.monotonic()
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                command or worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, **_no_console(low_priority))
            if low_priority and hasattr(os, "setpriority"):
                # Not preexec_fn: unsafe with threads (the app runs this in a QThread).
                with contextlib.suppress(OSError):
                    os.setpriority(os.PRIO_PROCESS, self._process.pid, 10)
            assert self._process.stdin is not None
            self._process.stdin.write(json.dumps({"do": "probe", "speech": speech})
                                      .encode("ascii") + b"\n")
            self._process.stdin.flush()
        except OSError as exc:
            self._process, self.error = None, str(exc)
            self._done.set()
            return
        threading.Thread(target=self._read, args=(self._process,), name="doctor-voice",
                         daemon=True).start()

    def _read(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        try:
            for raw in iter(process.stdout.readline, b""):
                try:
                    message = json.loads(raw.decode("ascii"))
                except (UnicodeDecodeError, ValueError):
                    continue
                if isinstance(message, dict) and "mode" in message:
                    self.decision = message
                    break
            else:
                self.error = f"exit {process.wait()}"
        except (OSError, ValueError):
            self.error = "closed"
        self._done.set()

    def answer(self, timeout: float = TIMEOUT) -> dict[str, Any] | None:
        """The worker's decision, or None (``error`` says why: it ended, or "timeout")."""
        left = timeout - (time.monotonic() - self._started)
        if not self._done.wait(max(0.0, left)):
            self.error = "timeout"
        return self.decision

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            assert process.stdin is not None
            process.stdin.close()  # the worker's end of input: it quits
            process.wait(timeout=1.0)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()


def _no_console(low_priority: bool = False) -> dict[str, Any]:
    """On Windows a console program started from the windowed app would flash a window.
    ``low_priority``: a worker whose answer is not awaited first yields the processor to
    the one that is (on two cores the speech worker's start is the self-check's wait)."""
    if sys.platform.startswith("win"):
        flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
        if low_priority:
            flags |= getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0)
        return {"creationflags": flags}
    return {}


#: What the display says for a call, in Chinese whatever the staff's language.
SAMPLE_CALL = "请 A012 号 到 理发 摊位"


class VoiceWords(UserError):
    messages = {
        "tts": N_("Mandarin voice: {voice}. Calls are said aloud (“{sample}”)."),
        "chime_no_voice": N_("The speech engine has no Mandarin voice: each call plays a chime "
                             "only."),
        "chime_no_engine": N_("No speech engine: each call plays a chime only."),
        "silent": N_("No voice and no chime: calls are only shown on the screen."),
        "timeout": N_("The speech engine did not answer within {seconds:.0f} s "
                      "(speech-dispatcher may be stuck): the app switches to the chime after 30 "
                      "s."),
        "worker_failed": N_("The voice check could not start ({error})."),
        "windows_voice": N_("Windows: Settings → Time & language → Speech → Add voices → Chinese "
                            "(Simplified, China)."),
        "linux_packages": N_("Voice packages: installed {present}; missing {missing}."),
        "install": N_("Install: {line}"),
        "restart_speechd": N_("End the stuck speech-dispatcher (or restart the computer) and "
                              "check again."),
        "audio_ok": N_("There is an audio output: chimes and speech can play."),
        "audio_none": N_("No audio output (or the sound service is not running): calls are shown "
                         "without sound."),
        "audio_none_tts": N_("A speech engine was found but there is no audio output: the first "
                             "call hangs, and after 30 s the app shows calls without sound."),
        "connect_speakers": N_("Connect speakers or the TV (HDMI carries sound), check the "
                               "system volume, then check again."),
        "no_libpulse": N_("libpulse0 is missing: Qt's speech and sound modules cannot load."),
        "unknown_audio": N_("The audio output could not be told ({error})."),
    }


#: What a Debian/Ubuntu machine needs for Mandarin speech, and how to tell it is there.
VOICE_PACKAGES: dict[str, Callable[[], bool]] = {
    "libpulse0": lambda: loadable("libpulse.so.0"),
    "libspeechd2": lambda: loadable("libspeechd.so.2"),
    "speech-dispatcher": lambda: shutil.which("speech-dispatcher") is not None,
    "speech-dispatcher-espeak-ng": lambda: bool(
        glob.glob("/usr/lib*/speech-dispatcher-modules/sd_espeak-ng")
        + glob.glob("/usr/lib/*/speech-dispatcher-modules/sd_espeak-ng")
        + glob.glob("/usr/libexec/speech-dispatcher-modules/sd_espeak-ng")),
    "espeak-ng": lambda: shutil.which("espeak-ng") is not None or loadable("libespeak-ng.so.1"),
}


def voice_packages(platform: str | None = None) -> dict[str, bool] | None:
    """{package: installed} on Linux; None elsewhere (nothing to install there)."""
    if not (platform or sys.platform).startswith("linux"):
        return None
    return {package: present() for package, present in VOICE_PACKAGES.items()}


def check_voice(speech: WorkerProbe | None, packages: dict[str, bool] | None,
                timeout: float = TIMEOUT) -> Finding:
    """The display's voice as the app would choose it (``speech``: the worker that tries
    speech first; None when the check was skipped)."""
    decision = speech.answer(timeout) if speech is not None else None
    found: list[UserError] = []
    todo: list[UserError] = []
    if decision is None:
        error = speech.error if speech is not None else "skipped"
        found.append(VoiceWords("timeout", seconds=timeout) if error == "timeout"
                     else VoiceWords("worker_failed", error=error))
        if error == "timeout":
            todo.append(VoiceWords("restart_speechd"))
        status = WARN
    else:
        mode, reason = decision.get("mode"), decision.get("reason", "")
        if mode == "tts":
            status = OK
            found.append(VoiceWords("tts", voice=decision.get("voice") or "?",
                                    sample=SAMPLE_CALL))
        else:
            status = WARN
            found.append(VoiceWords("silent") if mode != "chime"
                         else VoiceWords("chime_no_voice") if reason == "no-chinese-voice"
                         else VoiceWords("chime_no_engine"))
    if packages is not None:
        missing = [name for name, present in packages.items() if not present]
        present = [name for name, there in packages.items() if there]
        found.append(VoiceWords("linux_packages", present=", ".join(present) or "—",
                                missing=", ".join(missing) or "—"))
        if status != OK and missing:
            todo.append(VoiceWords("install", line="sudo apt install " + " ".join(missing)))
        elif status != OK:
            todo.append(VoiceWords("install", line=install_line("voice")))
    elif status != OK:
        todo.append(VoiceWords("windows_voice"))
    return finding("voice", status, found, todo)


def check_audio(chime: WorkerProbe | None, speech_found: bool,
                packages: dict[str, bool] | None, timeout: float = TIMEOUT) -> Finding:
    """Is there an audio output? Told by a worker that only tries the chime: it plays
    through QtMultimedia when Qt lists an audio output, as the app's would."""
    decision = chime.answer(timeout) if chime is not None else None
    if decision is None:
        error = chime.error if chime is not None else "skipped"
        return finding("audio", WARN, VoiceWords("unknown_audio", error=error))
    if decision.get("mode") == "chime":
        return finding("audio", OK, VoiceWords("audio_ok"))
    found: list[UserError] = [VoiceWords("audio_none_tts" if speech_found else "audio_none")]
    todo: list[UserError] = []
    if packages is not None and not packages.get("libpulse0", True):
        found.append(VoiceWords("no_libpulse"))
        todo.append(VoiceWords("install", line="sudo apt install libpulse0"))
    todo.append(VoiceWords("connect_speakers"))
    return finding("audio", WARN, found, todo)
