"""Merging another laptop's data file into this one: reading the source, matching people
and tickets, applying tombstones, all in one transaction.
"""
