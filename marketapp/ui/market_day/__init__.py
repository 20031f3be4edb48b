"""The dialogs that open, close and reopen a market day.
"""
