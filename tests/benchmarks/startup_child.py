"""Started by startup_bench: the app's own start-up path, printing READY once the
registration desk's search field can take keys (or READY for a bare Qt window).

After READY the app child keeps its event loop running for SETTLE_MS with a heartbeat
timer and prints ``SETTLED <longest_block_ms> <last_block_end_ms>``: the longest time the
UI thread did not answer (work deferred until after the window showed must stay short),
and when, after READY, the last block over BLOCK_MS ended.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SETTLE_MS = 3000
BEAT_MS = 5
BLOCK_MS = 30


def floor() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
    app.processEvents()
    print("READY", flush=True)


def app_start(db_path: Path) -> None:
    # Exactly what `marketapp --db PATH` runs (marketapp.launch.main's plain start), up to
    # the event loop: start_gui is run_gui without exec().
    from marketapp import desktop, launch

    db, lang = launch.plain_start(["--db", str(db_path)])
    path = launch.app_data_file(db, lang)
    started = desktop.start_gui(path, lang)
    if isinstance(started, int):
        raise SystemExit(f"the app did not open (exit code {started})")
    app = started.app
    page = started.window.page("registration")
    while not (page.isVisible() and page.search_edit.isVisible()
               and page.search_edit.isEnabled()):
        app.processEvents()
    page.search_edit.setFocus()
    app.processEvents()
    print("READY", flush=True)
    settle(app)


def settle(app) -> None:
    """Run the event loop for SETTLE_MS, then print the longest block and the end of the
    last block over BLOCK_MS (ms after READY), measured by a heartbeat timer."""
    from PySide6.QtCore import Qt, QTimer

    ready = last = time.perf_counter()
    longest, last_block_end = 0.0, 0.0

    def beat() -> None:
        nonlocal last, longest, last_block_end
        now = time.perf_counter()
        block = (now - last) * 1000 - BEAT_MS
        longest = max(longest, block)
        if block > BLOCK_MS:
            last_block_end = (now - ready) * 1000
        last = now
        if (now - ready) * 1000 >= SETTLE_MS:
            print(f"SETTLED {longest:.1f} {last_block_end:.1f}", flush=True)
            # Gone like the benchmark's kill: the exit backup is not part of start-up.
            os._exit(0)

    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(BEAT_MS)
    timer.timeout.connect(beat)
    timer.start()
    app.exec()


if __name__ == "__main__":
    if sys.argv[1] == "floor":
        floor()
    else:
        app_start(Path(sys.argv[1]))
