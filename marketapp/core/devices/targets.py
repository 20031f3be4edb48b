"""What the laptop offers to pair on a market day (设置 → 摊位设备): one QR code per stall —
one per counter when a stall has several, since each paired phone is one counter — and one
for the public display; and how many devices each already has."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from marketapp.core.devices.pairing import Device
from marketapp.core.market.days import MarketDay

DISPLAY_KEY = "display"


@dataclass(frozen=True)
class Target:
    key: str  # DISPLAY_KEY, or "<stall id>:<counter>" ("<stall id>:" for a whole stall)
    stall_id: str | None = None
    counter: int | None = None
    letter: str = ""
    name_zh: str = ""
    name_en: str = ""

    @property
    def display(self) -> bool:
        return self.stall_id is None


def stall_key(stall_id: str, counter: int | None) -> str:
    return f"{stall_id}:{counter or ''}"


def pairing_targets(market: MarketDay) -> list[Target]:
    """The stalls in letter order (each counter of a stall with several), then the display."""
    found: list[Target] = []
    for stall in sorted(market.stalls, key=lambda s: s.letter):
        counters: Iterable[int | None] = (range(1, stall.counters + 1) if stall.counters > 1
                                          else (None,))
        for counter in counters:
            found.append(Target(stall_key(stall.id, counter), stall.id, counter, stall.letter,
                                stall.name_zh, stall.name_en))
    found.append(Target(DISPLAY_KEY))
    return found


def target_key(device: Device) -> str:
    """The target a device was paired for (a one-counter stall's device: the stall)."""
    if device.scope == "display":
        return DISPLAY_KEY
    return str(device.stall_id) + ":"


def paired_counts(targets: list[Target], devices: Iterable[Device]) -> dict[str, int]:
    """How many devices in use each target has (a device of a stall with several counters
    counts for its counter)."""
    multi = {t.stall_id for t in targets if t.counter is not None}
    counts: Counter[str] = Counter()
    for device in devices:
        if not device.active:
            continue
        if device.scope == "stall" and device.stall_id in multi:
            counts[stall_key(str(device.stall_id), device.counter)] += 1
        else:
            counts[target_key(device)] += 1
    return dict(counts)
