"""Read models for the screens: the public board (masked names only) and a stall's line as
the staff screens show it. Read-only; every change goes through ``core.queue``.
"""
