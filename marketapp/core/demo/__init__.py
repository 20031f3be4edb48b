"""A demo market day, built through the same engine as a real one.
"""
