"""Report refusals and cancellation, importable without loading reportlab (the app's
start-up imports these; reportlab is loaded only when a report is built)."""

from __future__ import annotations

from marketapp.core.errors import UserError
from marketapp.core.text import N_


class ReportError(UserError):
    messages = {
        "no_market": N_("No market on {day}; no report written."),
        "no_market_village": N_("No market at {village} on {day}; no report written."),
        "empty_range": N_("No market days from {date_from} to {date_to}; no report written."),
        "bad_range": N_("The start date {date_from} is after the end date {date_to}."),
        "not_pdf": N_("The output file should end in .pdf: {path}"),
    }


class ReportCancelled(Exception):
    """The progress callback returned False: nothing was written."""
