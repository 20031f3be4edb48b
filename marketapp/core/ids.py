"""Primary keys: text UUIDs, so databases from several laptops merge without clashes."""

import os

# The variant nibble of an RFC 4122 UUID is 10xx: 8, 9, a or b, from two random bits.
_VARIANT = {f"{n:x}": "89ab"[n & 3] for n in range(16)}


def new_id() -> str:
    """A random (version 4) UUID as text, as str(uuid.uuid4()) gives it.

    Formatted by hand: a 100,000-row import makes two ids a person, and uuid.UUID's
    object and int round trip cost more than the rest of an audit row.
    """
    h = os.urandom(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"
