"""Report refusals and cancellation, importable without loading reportlab (the app's
start-up imports these; reportlab is loaded only when a report is built)."""

from __future__ import annotations

from marketapp.core.errors import UserError


class ReportError(UserError):
    messages = {
        "no_market": ("{day} 没有集市，未生成报告。", "No market on {day}; no report written."),
        "no_market_village": ("{village} 在 {day} 没有集市，未生成报告。",
                              "No market at {village} on {day}; no report written."),
        "empty_range": ("{date_from} 至 {date_to} 没有集市，未生成报告。",
                        "No market days from {date_from} to {date_to}; no report written."),
        "bad_range": ("开始日期 {date_from} 晚于结束日期 {date_to}。",
                      "The start date {date_from} is after the end date {date_to}."),
        "not_pdf": ("输出文件应以 .pdf 结尾：{path}", "The output file should end in .pdf: {path}"),
    }


class ReportCancelled(Exception):
    """The progress callback returned False: nothing was written."""
