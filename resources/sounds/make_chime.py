"""Writes chime.wav: a soft two-note "ding-dong" (E5 then C5), 16-bit mono 22.05 kHz.

    python resources/sounds/make_chime.py      (the WAV is committed; run only to change it)
"""

import math
import struct
import wave
from pathlib import Path

RATE = 22050


def note(freq: float, seconds: float, volume: float = 0.5) -> list[float]:
    count = int(RATE * seconds)
    out = []
    for i in range(count):
        t = i / RATE
        attack = min(1.0, t / 0.01)
        decay = math.exp(-3.5 * t / seconds)
        tone = math.sin(2 * math.pi * freq * t) + 0.3 * math.sin(4 * math.pi * freq * t)
        out.append(volume * attack * decay * tone / 1.3)
    return out


def main() -> None:
    samples = note(659.25, 0.55) + note(523.25, 0.9)
    path = Path(__file__).with_name("chime.wav")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(b"".join(struct.pack("<h", int(s * 32767)) for s in samples))
    print(path)


if __name__ == "__main__":
    main()
