"""The requests page (诉求, F5): list, details and status changes.
"""
