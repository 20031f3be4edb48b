"""Python's cycle collector paused while a CSV roster is read or a roster imported.

Reading and importing 100,000 rows keeps every row (and, importing, every person seen) in
memory; each full collection walks all of them again and frees nothing, since these steps
make no reference cycles: about a third of reading a CSV and a second of importing. Plain
reference counting still frees everything as usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
