"""The figures reports are made of: every ticket with its visit and villager
(``ticket_records``), the daily summary's and the period report's numbers, and the usual
report periods (``periods``).
"""
