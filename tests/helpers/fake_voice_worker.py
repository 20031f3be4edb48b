"""A stand-in for the voice worker (marketapp.ui.display.voice_worker), run as a process by the tests:
it speaks the worker's protocol without any sound module.

    --probe-delay S   wait S seconds before answering the first question, like an engine
                      that takes long to open (speech-dispatcher still busy)
    --die-on-say      exit at the first call, like a worker that crashes
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def answer(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--probe-delay", type=float, default=0.0)
    parser.add_argument("--die-on-say", action="store_true")
    args = parser.parse_args()
    for line in sys.stdin:
        message = json.loads(line)
        if message["do"] == "probe":
            time.sleep(args.probe_delay)
            speech = message.get("speech", True)
            answer({"mode": "tts" if speech else "chime", "reason": "",
                    "voice": "Test Mandarin" if speech else ""})
        elif message["do"] == "say":
            if args.die_on_say:
                return 3
            answer({"done": message["id"]})
        elif message["do"] == "quit":
            return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
