"""The queue engine: tickets per stall, calls, recalls, no-shows, transfers, undo, visits
(办结 with the outcome), expected waits, the registration desk's batch, and closing and
reopening a day. Each transition is one transaction with an event row.
"""
