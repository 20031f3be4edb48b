"""The roster import dialog: preview, progress, summary and rejected rows.
"""
