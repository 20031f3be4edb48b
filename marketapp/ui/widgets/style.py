"""The app's colours and the few style snippets several screens share: one place to look
before adding a colour, and one place to change one.

Staff screens are light: dark text, grey hints, one red for what is wrong or refused, a
brown-orange for what deserves a second look (care flags, a priority class), green for go.
The public display is dark blue with gold and white, read from across a market square.
Paper (ticket slips, PDF pages) is black ink on white.

Names say what a colour is for; where two uses share a value, one name is defined from the
other. The PDF reports keep their own colours (``reports/pdf_base.py``: ``WARNING_RED`` is this
``ERROR``) because reports/ is reportlab and must not import ui/.
"""

from __future__ import annotations

# --- text on the staff screens -------------------------------------------------------------
TEXT = "#333"
HINT = "#555"  # notes beside a field, the line under a list
FAINT = "#777"  # what an empty page says
ERROR = "#b00020"  # wrong, refused, overdue, urgent
ATTENTION = "#9a3412"  # care flags and a priority class at the desk: look twice, nothing wrong
CARD_FLAGS = "#a61e4d"  # care flags on the stall desk's villager card
TICKETS = "#1d4ed8"  # today's ticket labels in the desk's search results
OPEN_DAY = "#2e7d32"  # an open market day in the reports list
WHITE = "white"

# --- surfaces, buttons, navigation ---------------------------------------------------------
SLATE = "#2f3e46"  # the navigation bar, and the market line over the desk
NAV_CHECKED = "#52796f"
NAV_HOVER = "#354f52"
GO = "#2b8a3e"  # the call-next buttons
DISABLED = "#adb5bd"
DESK_REPORT = "#f1f5f9"  # behind what the registration desk just issued
CHOOSER_BORDER = "#cbd5e1"
FOCUS = "#2563eb"
WARNING_BACKGROUND = "#fff4e5"
WARNING_BORDER = "#f0a020"
QUESTION_BACKGROUND = "#fff8e1"  # "is this the same person?"
LOCK_COVER = "#2b3440"
PREVIEW_DESK = "#888"  # around the pages of a PDF preview

# --- one stall's line (queues page), by ticket status ----------------------------------------
STATUS_ROWS = {"called": "#fff3bf", "serving": "#d3f9d8", "no_show": "#f1f3f5"}

# --- the stall desk: rating buttons and the blood-pressure chart ------------------------------
STRONG_RED = "#c92a2a"
#: A rating level's colour when chosen (5 best … 1 worst): green for 好评, red for 差评.
RATINGS = {5: "#2b8a3e", 4: "#5c940d", 3: "#e67700", 2: "#d9480f", 1: "#c92a2a"}
SYSTOLIC = STRONG_RED
DIASTOLIC = "#1864ab"
CHART_FRAME = DISABLED

# --- the public display ----------------------------------------------------------------------
DISPLAY_BACKGROUND = "#102a43"
DISPLAY_TILE = "#243b53"
DISPLAY_BAND = "#0b1f33"  # behind the number being called
DISPLAY_GOLD = "#ffe066"  # stall names, "please come to"
DISPLAY_TEXT = "#d9e2ec"
DISPLAY_SOFT = "#bcccdc"  # next numbers, how many wait

# --- paper -----------------------------------------------------------------------------------
PAPER = "white"
INK = "black"

# --- snippets ----------------------------------------------------------------------------------
EMPTY_PAGE = f"color: {FAINT}; font-size: 14pt; padding: 24px;"
MESSAGE_LINE = {  # the queue screens' message line (ui.queues.feedback)
    "ok": "color: #2b6a3d; background: #ebfbee; border-radius: 4px; padding: 4px 8px;",
    "refused": "color: #8a5300; background: #fff4e6; border-radius: 4px; padding: 4px 8px;",
    "idle": f"color: {HINT}; padding: 4px 8px;",
}
NOTICE_CALM = ("QLabel { background: #eef3f8; color: #1f3b57; border-radius: 4px;"
               " padding: 6px; }")
NOTICE_WARNING = (f"QLabel {{ background: {WARNING_BACKGROUND}; color: #7a4100;"
                  " border-radius: 4px; padding: 6px; }")
PREVIEW_EMPTY = "color: #666; background: #f2f2f2; padding: 24px;"


def text(colour: str, *, bold: bool = False) -> str:
    """A label's style sheet: its text in ``colour``."""
    return f"color: {colour};" + (" font-weight: bold;" if bold else "")


def span(html: str, colour: str, *, bold: bool = False) -> str:
    """Rich text (already escaped) in ``colour``."""
    weight = ";font-weight:bold" if bold else ""
    return f"<span style='color:{colour}{weight}'>{html}</span>"
