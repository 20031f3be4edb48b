"""Requests (诉求): problems raised for a villager, followed up by a responsible unit
(``records``), and which of them the requests list shows (``listing``).
"""
