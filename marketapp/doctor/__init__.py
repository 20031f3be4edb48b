"""The self-check of a laptop before a market day: ``marketapp doctor`` and 帮助 → 自检.

One check per thing that can stop or spoil a market (``findings.CheckTitle`` lists them),
each saying ok / warn / blocking, what it found and what to do, in Chinese or English.
Qt-free: what only Qt can tell (fonts, printers, screens) comes in as ``qt_checks.QtFacts``
from ``marketapp.ui.help.qt_facts``, and the voice from the app's own voice worker
processes. Read-only: it never writes the data file or creates anything beside it.
"""

from marketapp.doctor.findings import BLOCKING, OK, WARN, Finding, Report
from marketapp.doctor.qt_checks import QtFacts, Screen
from marketapp.doctor.run import diagnose

__all__ = ["BLOCKING", "OK", "WARN", "Finding", "QtFacts", "Report", "Screen", "diagnose"]
