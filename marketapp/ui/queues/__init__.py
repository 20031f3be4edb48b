"""The queues page (排队, F2): every stall at a glance, one stall's line, and its actions.
"""
