"""Refusals of pairing and of stall-device commands (shown on the phone, in Chinese)."""

from __future__ import annotations

from marketapp.core.errors import UserError
from marketapp.core.text import N_


class DeviceError(UserError):
    messages = {
        "no_open_market": N_("There is no open market on {day}; no device can be paired."),
        "no_open_market_at": N_("There is no open market at {village} on {day}; no device can be "
                                "paired."),
        "no_such_stall": N_("This market has no stall {letter}. Stalls: {letters}."),
        "bad_counter": N_("{stall} has {counters} counter(s); there is no counter {counter}."),
        "pair_scope": N_("Choose one stall, or the public display."),
        "code_unknown": N_("This pairing code is not valid. Make a new QR code on the laptop and "
                           "scan it again."),
        "code_used": N_("This pairing code has been used (one device per QR code). Make a new "
                        "one on the laptop."),
        "code_expired": N_("This pairing code has expired (it is valid for 10 minutes). Make a "
                           "new one on the laptop."),
        "code_revoked": N_("This pairing code was withdrawn. Make a new one on the laptop."),
        "day_closed": N_("This market is closed; its devices' pairings have ended."),
        "not_paired": N_("This device is not paired, or its pairing is no longer valid. Scan its "
                         "QR code on the laptop (Settings → Stall devices)."),
        "revoked": N_("The laptop revoked this device's pairing. Scan a new QR code to carry on."),
        "no_such_device": N_("No device “{device}”. See the numbers with marketapp devices list."),
        "ambiguous_device": N_("More than one device starts with “{device}”; give more of it."),
        "wrong_scope": N_("This device is paired to the {scope_en}; it cannot do this."),
        "bad_request_id": N_("The request id is not valid (8–64 letters, digits, - or _)."),
        "choose_counter": N_("Choose this device's counter first."),
        "nobody_here": N_("Nobody is at this counter. Call someone first."),
        "moved_on": N_("The number this phone was filling in has left this counter (finished "
                       "or changed on the laptop?); nothing was saved."),
        "not_serving": N_("{label} is not being served yet: press “Arrived” when the villager is "
                          "here."),
        "nobody_to_raise_for": N_("Nobody is at this counter and nobody was just served here: "
                                  "there is no one to raise a request for."),
        "not_this_stall": N_("This visit was not at this stall; it cannot be rated here."),
        "bad_level": N_("A rating is 1–5 (5 = very satisfied, 1 = very dissatisfied), or none."),
        "bad_input": N_("The value of “{field}” is not valid."),
        "pin_needs_signin": N_("Turn sign-in on first: the stall PIN is a stall worker's "
                               "sign-in PIN."),
    }
